/**
 * Autosave in a long-running process: N saves (default 4,000) of a 5 KB answer, each beside a raw
 * insert of the same bytes (same pragmas), with the p50/p99 of every thousand printed apart, to
 * tell the first minutes after a start (code still being optimised) from the steady state.
 *   N=8000 npx tsx bench/autosave-probe.ts        (not part of `npm run bench`; README, issue 13)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { percentile } from './harness';
import { answer5k, rawTable } from './autosave';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const s = createServices(path.join(dir, 'a.sqlite'));
const raw = rawTable(path.join(dir, 'raw.sqlite'), s.store.db.pragma('wal_autocheckpoint', { simple: true }) as number);
const N = Number(process.env.N ?? 4000);
const values = Array.from({ length: 1000 }, (_, i) => answer5k(i));
const jsons = values.map((v) => JSON.stringify(v));
const d = await invoke(s.handlers, 'createDraft', { title: 'B' });
let base: string | null = null;
const ours: number[] = [], theirs: number[] = [];
for (let i = 0; i < N; i++) {
  const v = values[i % 1000]!;
  const a = async () => { const t = performance.now(); base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: v, baseRevisionId: base })).revisionId; ours.push(performance.now() - t); };
  const b = () => { const t = performance.now(); raw.insert.run(`k${i}`, jsons[i % 1000]!); theirs.push(performance.now() - t); };
  if (i % 2) { await a(); b(); } else { b(); await a(); }
}
for (let w = 0; w < N; w += 1000) {
  const o = ours.slice(w, w + 1000), t = theirs.slice(w, w + 1000);
  console.log(`saves ${w}-${w + 999}: ours p50 ${percentile(o, 50).toFixed(2)} p99 ${percentile(o, 99).toFixed(2)}  raw p50 ${percentile(t, 50).toFixed(2)} p99 ${percentile(t, 99).toFixed(2)}  ratio p99 ${(percentile(o, 99) / percentile(t, 99)).toFixed(2)}x  ours>2ms ${o.filter((x) => x > 2).length} raw>2ms ${t.filter((x) => x > 2).length}`);
}
s.close(); raw.close(); fs.rmSync(dir, { recursive: true });
