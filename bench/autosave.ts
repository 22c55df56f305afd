/**
 * Autosave of a 5 KB answer (p50/p99) beside a raw better-sqlite3 insert of the same bytes with
 * the same pragmas (WAL, synchronous=FULL), interleaved; and opening a draft with every field
 * answered and 10,000 revisions, beside a raw SELECT of the same rows.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { writeRevision } from '../main/services/fields';
import type { FieldValue } from '../shared/contract';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020, fieldKind, templateFields } from '../shared/template';
import { ms, percentile, samples, type Bench, type BenchRow } from './harness';
import { noteFromText } from '../shared/note';

const SAVES = 1000;

function answer5k(i: number): FieldValue {
  const para = `Paragraph ${i}: the Ministry of Foreign Affairs coordinated the review with the Ministry of the Interior, regions and prefectures; 133,274 regular migrants. `;
  const lines: string[] = [];
  while (JSON.stringify(textToDoc(lines.join("\n\n"))).length < 5000) lines.push(lines.length % 3 === 0 ? para : `- item ${lines.length} ${para.slice(0, 80)}`);
  return { kind: 'answer', doc: textToDoc(lines.join('\n\n')) };
}

function valueFor(field: string, i: number): FieldValue {
  const k = fieldKind(field);
  if (k === 'objective') return { kind: 'objective', status: 'in_progress', note: noteFromText(`note ${i}`) };
  if (k === 'principle') return { kind: 'principle', note: noteFromText(`principle note ${i}`) };
  return answer5k(i);
}

async function autosave(dir: string): Promise<BenchRow[]> {
  const s = createServices(path.join(dir, 'autosave.sqlite'));
  const raw = new Database(path.join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE r (id TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const rawInsert = raw.prepare('INSERT INTO r (id, value) VALUES (?, ?)');
  const d = await invoke(s.handlers, 'createDraft', { title: 'Bench' });
  let base: string | null = null;
  const ours: number[] = [];
  const theirs: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const v = answer5k(i);
    const json = JSON.stringify(v);
    bytes.push(json.length);
    ours.push(
      ...(await samples(1, async () => {
        base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: v, baseRevisionId: base })).revisionId;
      })),
    );
    theirs.push(...(await samples(1, () => rawInsert.run(`k${i}`, json))));
  }
  s.close();
  raw.close();
  const p50 = percentile(ours, 50);
  const p99 = percentile(ours, 99);
  const b50 = percentile(theirs, 50);
  const b99 = percentile(theirs, 99);
  return [
    { name: `autosave ${Math.round(bytes[0]! / 1024)} KB answer (${SAVES} saves, through dispatch) p50`, value: ms(p50), baseline: `raw insert p50 ${ms(b50)}`, ratio: p50 / b50 },
    { name: 'autosave p99', value: ms(p99), baseline: `raw insert p99 ${ms(b99)}`, ratio: p99 / b99, goal: '≤ 1.5x raw insert', met: p99 / b99 <= 1.5 },
  ];
}

async function openDraft(dir: string): Promise<BenchRow[]> {
  const file = path.join(dir, 'open.sqlite');
  const s = createServices(file);
  const d = await invoke(s.handlers, 'createDraft', { title: 'Every question, 10,000 revisions' });
  const fields = templateFields(ARAB_REGION_2020);
  s.store.tx(() => {
    const heads = new Map<string, string | null>();
    for (let i = 0; i < 10_000; i++) {
      const f = fields[i % fields.length]!;
      const r = writeRevision(s.store, { draftId: d.id, field: f, value: valueFor(f, i), parentId: heads.get(f) ?? null });
      heads.set(f, r.revisionId);
    }
  });
  s.close();
  const cold = await samples(20, async () => {
    const s2 = createServices(file);
    const got = await invoke(s2.handlers, 'getDraft', { draftId: d.id });
    if (Object.keys(got.fields).length !== fields.length) throw new Error('not every field loaded');
    s2.close();
  });
  const raw = new Database(file, { readonly: true });
  const base = await samples(20, () => raw.prepare('SELECT a.field, r.body FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.draft_id = ?').all(d.id));
  raw.close();
  const p50 = percentile(cold, 50);
  const max = Math.max(...cold);
  return [
    { name: `open draft: ${fields.length} fields, 10,000 revisions (cold, p50)`, value: ms(p50), baseline: `raw SELECT ${ms(percentile(base, 50))}`, ratio: p50 / percentile(base, 50), goal: '< 200 ms', met: max < 200 },
    { name: 'open draft (cold, worst of 20)', value: ms(max) },
  ];
}

export const autosaveBench: Bench = {
  title: 'Autosave and opening a draft',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-'));
    try {
      return [...(await autosave(dir)), ...(await openDraft(dir))];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
