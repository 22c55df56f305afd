/**
 * A probe, not a bench part: the session summaries' back-fill (main/history/summary-backfill.ts) on
 * a COPY of a store (the scale bench's: `GCM_BENCH_SCALE=full npm run bench -- scale` leaves it in
 * /tmp/gcm-bench-scale; never the original: the pass writes), with a save every SAVE_EVERY ms
 * meanwhile; or, given a number of seconds instead of `pass`, the same saves without a pass.
 * Prints the cost of finding out what is due, the pass's length, the saves' waits (timer lateness
 * plus the save) and the event loop's delay. BF_STEP: the step's length (ms, default 20).
 *   cp /tmp/gcm-bench-scale/scale-1000x18-*.sqlite /tmp/copy.sqlite
 *   nice -n 19 npx tsx bench/backfill-probe.ts /tmp/copy.sqlite pass   # or: ... /tmp/copy.sqlite 60
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { getHead, newestRevisionKey } from '../main/store/revisions';
import { textToDoc } from '../shared/plaintext';

const file = process.argv[2]!;
const mode = process.argv[3] ?? 'pass';
const SAVE_EVERY = 2500;
const s = createServices(file, { summaries: { stepMs: Number(process.env.BF_STEP ?? 20) } });
const q0 = performance.now();
for (let i = 0; i < 100; i++) { s.store.getSetting('summaries.pass'); s.store.getSetting('summaries.keptThrough'); newestRevisionKey(s.store); }
console.log(`what is due (2 settings + max(n)), mean of 100: ${((performance.now() - q0) / 100).toFixed(3)} ms`);
const draftId = s.store.db.prepare('SELECT id FROM revision_drafts ORDER BY n DESC LIMIT 1').pluck().get() as string;
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
const kept = () => s.store.db.prepare('SELECT count(*) FROM session_summaries').pluck().get() as number;
const t0 = performance.now();
const waits: number[] = [];
let n = 0;
let saving = true;
const saveOne = () => {
  const due = performance.now();
  setTimeout(async () => {
    const base = getHead(s.store, draftId, 'I.a')?.revision_id ?? null;
    await invoke(s.handlers, 'saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: textToDoc(`Probe save ${n++} ${'x'.repeat(200)}`) }, baseRevisionId: base });
    s.summaries.noteSave();
    waits.push(performance.now() - due - SAVE_EVERY); // lateness of the timer + the save itself
    if (saving) saveOne();
  }, SAVE_EVERY);
};
saveOne();
if (mode === 'pass') await s.summaries.start();
else await new Promise((r) => setTimeout(r, Number(mode) * 1000));
saving = false;
await new Promise((r) => setTimeout(r, SAVE_EVERY + 100));
h.disable();
waits.sort((a, b) => a - b);
console.log(`${mode}: ${((performance.now() - t0) / 1000).toFixed(1)} s, kept ${kept()} summaries; ${waits.length} saves, wait+save p50 ${waits[waits.length >> 1]!.toFixed(1)} ms, longest ${waits.at(-1)!.toFixed(1)} ms; loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`);
console.log('settings', s.store.getSetting('summaries.pass'), s.store.getSetting('summaries.keptThrough'));
s.close();
