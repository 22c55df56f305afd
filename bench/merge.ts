/**
 * Merging a returned draft where all 56 fields (23 answers, 23 objectives, 10 principles) changed
 * on both sides, each with one place both sides changed and changes elsewhere that merge: the
 * signed bundle verified and merged three ways place by place (`importBundleInto`), beside a plain
 * import of the same bundle as a new draft (`importBundle`) on an identical copy of the store, in
 * the same run. Five rounds on fresh copies; the best of each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices, type Services } from '../main/services';
import { getHead } from '../main/store/revisions';
import type { FieldValue } from '../shared/contract';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020, fieldKind, templateFields } from '../shared/template';
import { ms, type Bench, type BenchRow } from './harness';

const ROUNDS = 5;
const PARAS = 6;

const paras = (field: string, edit: Record<number, string>) =>
  Array.from({ length: PARAS }, (_, i) => edit[i] ?? `Paragraph ${i + 1} of ${field}: the national coordination mechanism, its members and its working methods.`).join('\n\n');

function value(field: string, text: string): FieldValue {
  const kind = fieldKind(field);
  const doc = textToDoc(text);
  return kind === 'answer' ? { kind, doc } : kind === 'objective' ? { kind, status: 'in_progress', note: doc } : { kind, note: doc };
}

async function saveAll(s: Services, draftId: string, edit: (field: string) => Record<number, string>) {
  for (const field of templateFields(ARAB_REGION_2020)) {
    const base = getHead(s.store, draftId, field)?.revision_id ?? null;
    await invoke(s.handlers, 'saveField', { draftId, field, value: value(field, paras(field, edit(field))), baseRevisionId: base });
  }
}

export const mergeBench: Bench = {
  title: 'Merging a returned draft: all 56 fields changed on both sides (place by place)',
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-merge-'));
    try {
      const masterFile = path.join(dir, 'master.sqlite');
      const M = createServices(masterFile);
      const D = createServices(path.join(dir, 'dept.sqlite'));
      await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
      await invoke(D.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of the Interior' });
      const master = (await invoke(M.handlers, 'createDraft', { title: 'Master' })).id;
      await saveAll(M, master, () => ({}));
      const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
      const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file, acceptUnknownSigner: true });
      // the department rewrites paragraphs 2 and 5, the ministry paragraphs 2 and 4: one place per field
      await saveAll(D, dept, (f) => ({ 1: `Paragraph 2 of ${f}, as the department wrote it.`, 4: `Paragraph 5 of ${f}, completed by the department.` }));
      await saveAll(M, master, (f) => ({ 1: `Paragraph 2 of ${f}, as the ministry wrote it.`, 3: `Paragraph 4 of ${f}, completed by the ministry.` }));
      const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
      D.close();
      M.close();

      const merges: number[] = [];
      const imports: number[] = [];
      let conflicts = 0;
      let places = 0;
      for (let r = 0; r < ROUNDS; r++) {
        for (const which of ['merge', 'import'] as const) {
          const copy = path.join(dir, `${which}-${r}.sqlite`);
          fs.copyFileSync(masterFile, copy);
          const s = createServices(copy);
          try {
            const t0 = performance.now();
            if (which === 'merge') await invoke(s.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
            else await invoke(s.handlers, 'importBundle', { file: back.file, acceptUnknownSigner: true });
            (which === 'merge' ? merges : imports).push(performance.now() - t0);
            if (which === 'merge' && r === 0) {
              const l = await invoke(s.handlers, 'listConflicts', { draftId: master });
              conflicts = l.length;
              places = l.reduce((n, c) => n + c.places.length, 0);
            }
          } finally {
            s.close();
          }
        }
      }
      const merge = Math.min(...merges);
      const plain = Math.min(...imports);
      return [
        {
          name: `verify + merge three ways: ${conflicts} fields in conflict, ${places} places to decide, the rest merged`,
          value: ms(merge),
          baseline: `plain import of the same bundle ${ms(plain)}`,
          ratio: merge / plain,
          goal: '< 200 ms',
          met: merge < 200 && conflicts === 56 && places === 56,
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
