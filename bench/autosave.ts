/**
 * Autosave of a 5 KB answer (p50/p99) beside a raw better-sqlite3 insert of the same bytes with
 * the same pragmas (WAL, synchronous=FULL, and the store's wal_autocheckpoint, 0: see rawTable),
 * interleaved with the baseline first in half the pairs, after 50 unmeasured saves and inserts on
 * every side (the process's first saves are shown in a row of their own), in two regimes:
 * - as an official types: the renderer saves 600 ms after typing pauses (renderer/src/autosave),
 *   so the store's idle checkpoint (1 s, main/store/checkpoint.ts) has folded the WAL in before
 *   most saves. Here every save and every raw insert starts on a checkpointed WAL: both sides are
 *   checkpointed between pairs, outside the timed calls;
 * - a loop that never lets the event loop turn (a script): no checkpoint on either side during the
 *   saves, the WAL growing by 20 MB (the regime of earlier parts' rows; every page read then looks
 *   through a longer WAL index, more on our side, which reads more pages per save).
 * Also beside a raw insert left with SQLite's default auto-checkpoint; and opening a draft with every
 * field answered and 10,000 revisions, beside a raw SELECT of the same rows.
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
import { ms, percentile, samples, settleHeap, type Bench, type BenchRow } from './harness';
import { noteFromText } from '../shared/note';
import { idKeySql } from '../main/store/revision-id';

const SAVES = 1000;
/** Saves (and raw inserts) made first and not measured. */
const WARM_UP = Number(process.env.AUTOSAVE_WARM_UP ?? 50);

export function answer5k(i: number): FieldValue {
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

/**
 * The raw baseline: one table, one insert per save, in WAL with synchronous=FULL. `autocheckpoint`:
 * SQLite's default (a checkpoint inside the commit that crosses 1,000 pages), or the store's own
 * setting (64 MB, a hard bound only: the store checkpoints when writes pause or between two of
 * them, main/store/checkpoint.ts, which a loop of saves that never yields does not reach: so
 * neither side checkpoints during the loop).
 */
export function rawTable(file: string, autocheckpoint: number | 'default') {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  if (autocheckpoint !== 'default') raw.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  raw.exec('CREATE TABLE r (id TEXT PRIMARY KEY, value TEXT NOT NULL)');
  return { insert: raw.prepare('INSERT INTO r (id, value) VALUES (?, ?)'), checkpoint: () => raw.pragma('wal_checkpoint(PASSIVE)'), close: () => raw.close() };
}

/** `typing`: every pair starts on checkpointed WALs (both sides, untimed), as saves between typing pauses do. */
async function autosave(dir: string, typing: boolean): Promise<BenchRow[]> {
  const tag = typing ? 'typing' : 'loop';
  const s = createServices(path.join(dir, `autosave-${tag}.sqlite`));
  const same = rawTable(path.join(dir, `raw-${tag}.sqlite`), s.store.db.pragma('wal_autocheckpoint', { simple: true }) as number);
  const dflt = rawTable(path.join(dir, `raw-default-${tag}.sqlite`), 'default');
  const d = await invoke(s.handlers, 'createDraft', { title: 'Bench' });
  let base: string | null = null;
  const ours: number[] = [];
  const theirs: number[] = [];
  const theirsDefault: number[] = [];
  const bytes: number[] = [];
  // Every value is made before the loop: building one (textToDoc over a growing text) allocates
  // several MB, and a scavenge it provokes would land in whichever side allocates next (ours,
  // mostly), timing the bench's own garbage as the save's.
  const values = Array.from({ length: SAVES }, (_, i) => answer5k(i));
  const jsons = values.map((v) => JSON.stringify(v));
  // Warm-up, unmeasured, on every side alike: the first saves of a process compile their code
  // and prepare their statements (4-9 ms each for ours, the first ~15), which would otherwise be 1.5 %
  // of the samples and so the p99 itself. The first saves are shown apart (their own row).
  const firsts: number[] = [];
  for (let i = 0; i < WARM_UP; i++) {
    const t0 = performance.now();
    base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: values[i % SAVES]!, baseRevisionId: base })).revisionId;
    firsts.push(performance.now() - t0);
    same.insert.run(`w${i}`, jsons[i % SAVES]!);
    dflt.insert.run(`w${i}`, jsons[i % SAVES]!);
  }
  settleHeap(); // the values made above and the warm-up's leftovers: in the old generation before the timed loop
  for (let i = 0; i < SAVES; i++) {
    const v = values[i]!;
    const json = jsons[i]!;
    bytes.push(json.length);
    const save = async () =>
      ours.push(
        ...(await samples(1, async () => {
          base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: v, baseRevisionId: base })).revisionId;
        })),
      );
    const raw = async () => theirs.push(...(await samples(1, () => same.insert.run(`k${i}`, json))));
    const rawDefault = async () => theirsDefault.push(...(await samples(1, () => dflt.insert.run(`k${i}`, json))));
    // the baseline first in half the pairs
    const order = [[save, raw, rawDefault], [raw, save, rawDefault], [rawDefault, save, raw], [rawDefault, raw, save]][i % 4]!;
    for (const step of order) await step();
    if (typing) {
      s.store.checkpoints.run();
      same.checkpoint();
      dflt.checkpoint();
    }
  }
  const checkpointsDuringSaves = s.store.checkpoints.count;
  s.close();
  same.close();
  dflt.close();
  const p50 = percentile(ours, 50);
  const p99 = percentile(ours, 99);
  const b50 = percentile(theirs, 50);
  const b99 = percentile(theirs, 99);
  const d99 = percentile(theirsDefault, 99);
  const regime = typing ? 'as typed: each save on a checkpointed WAL, both sides' : 'in a loop: no checkpoint on either side, the WAL growing';
  return [
    { name: `autosave ${Math.round(bytes[0]! / 1024)} KB answer ${regime} (${SAVES} saves, through dispatch) p50`, value: ms(p50), baseline: `raw insert p50 ${ms(b50)}`, ratio: p50 / b50 },
    {
      name: `  p99 (${checkpointsDuringSaves} checkpoints${typing ? ', between saves' : ' during the saves'})`,
      value: ms(p99),
      baseline: `raw insert p99 ${ms(b99)}, same pragmas (auto-checkpoint at 64 MB)`,
      ratio: p99 / b99,
      goal: '≤ 1.5x raw insert',
      met: p99 / b99 <= 1.5,
    },
    ...(typing ? [] : [{ name: `  the first ${WARM_UP} saves of the process (warm-up, not in the rows above)`, value: `worst ${ms(Math.max(...firsts))}, p50 ${ms(percentile(firsts, 50))}` }]),
    { name: '  p99 beside a raw insert with auto-checkpoint', value: ms(p99), baseline: `raw insert p99 ${ms(d99)}, SQLite's default wal_autocheckpoint (1,000 pages)`, ratio: p99 / d99 },
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
  const base = await samples(20, () => raw.prepare(`SELECT a.field, r.body FROM answers a JOIN revisions r ON r.id = ${idKeySql('a.revision_id')} WHERE a.draft_id = ?`).all(d.id));
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
      return [...(await autosave(dir, true)), ...(await autosave(dir, false)), ...(await openDraft(dir))];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
