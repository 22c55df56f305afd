/**
 * How the search index (FTS5 `answers_fts`) merges its segments: in bounded steps between calls,
 * never inside the commit of an indexing step.
 *
 * FTS5 writes each transaction's new words as a new segment when it commits, and with its default
 * `automerge` merges segments there too. On the scale store (50,400 answers re-indexed), steps whose
 * work was bounded at 20 ms committed in up to 145-194 ms (p99 104-123 ms): a save arriving then
 * waited that long (the 139 ms of the 18th part). With automerge off, a crisis merge only past 64
 * segments of a level, steps of 5 ms, and the merging done by `('merge', MERGE_PAGES)` steps of
 * their own (services/fields.ts: between index steps, and after the catch-up until none is left),
 * the longest step was 27.5 ms (p99 15.8) and the catch-up 7.3 s instead of 5.1 (19th part;
 * /work/probe/s19/catchup-steps2.mts, merges after the catch-up). Merging between index steps
 * keeps the segments few (a crisis merge of a level is never reached).
 */
import type { DB } from './db';
import type { Store } from './store';

/** FTS5 settings (kept in the index's own config table): no merge inside a commit; a forced one only past this many segments in a level. */
const SETTINGS = { automerge: 0, crisismerge: 64 } as const;
/** Leaf pages one merge step writes, at most (about 4 KB each): 64 measured 4 ms a step (p50), 17 ms at most, on the scale store. */
export const MERGE_PAGES = 64;

/** Sets the index's merge settings where they differ (a writable store, once: they are stored with the index). */
export function setSearchMerging(db: DB): void {
  try {
    setSettings(db);
  } catch (e) {
    // searching works with FTS5's defaults: a store that cannot take these still opens
    process.stderr.write(`search index merge settings not set: ${(e as Error).message}\n`);
  }
}

function setSettings(db: DB): void {
  const config = new Map((db.prepare('SELECT k, v FROM answers_fts_config').all() as Array<{ k: string; v: unknown }>).map((r) => [r.k, r.v]));
  for (const [k, v] of Object.entries(SETTINGS)) {
    // the values inline: a bound number is a REAL to SQLite, which FTS5 refuses for these
    if (config.get(k) !== v) db.exec(`INSERT INTO answers_fts (answers_fts, rank) VALUES ('${k}', ${v})`);
  }
}

/**
 * One merge step of the search index: true when it did work (more may be left), false when the
 * index needs no merging. FTS5 says so through the change count: a step that merged nothing
 * changes fewer than two rows.
 */
export function mergeSearchIndexStep(store: Store): boolean {
  const changes = store.sql('SELECT total_changes()').pluck();
  const before = changes.get() as number;
  // through the store's write path, as the index steps: its checkpoints count the write, a
  // replaced or read-only store is refused
  store.unsynced(() => store.tx(() => store.sql(`INSERT INTO answers_fts (answers_fts, rank) VALUES ('merge', ${MERGE_PAGES})`).run()));
  return (changes.get() as number) - before >= 2;
}
