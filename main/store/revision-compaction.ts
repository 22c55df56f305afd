/**
 * Encodes the revisions that saves stored as they came (RAW, revision-body.ts), once saves pause
 * (issue 13: the save's commit does no compression). They are listed in revisions_to_compact
 * (migration 018) in the order they were written, and encoded in that order, as a save would have:
 * a delta of the parent's snapshot when that is smaller, else a snapshot. A parent encoded in the
 * same step is read as just encoded, so a run of saves becomes a run of deltas.
 *
 * The value does not change, only how it is kept: every new body is decoded and compared byte for
 * byte with the value before it replaces the stored one (a mismatch leaves the revision as it was
 * saved, RAW for good, and says so on stderr). Each step is one transaction of derived data
 * (Store.unsynced): a power cut loses at most that step, which is done again, never a save.
 */
import { bodyJson, encodeRevision, isRawBody, rawJson, snapshotJson } from './revision-body';
import { idTextSql } from './revision-id';
import { bodyOf } from './revisions';
import { recentValues } from './recent-values';
import type { Store } from './store';

/** Revisions read per step. */
export const COMPACT_BATCH = 200;

type Row = { n: number; id: string | null; body: Uint8Array | null; parent: number | null };

/** Whether some saved revision is still to be encoded. */
export function compactionBehind(store: Store): boolean {
  return store.sql('SELECT 1 FROM revisions_to_compact LIMIT 1').get() !== undefined;
}

/**
 * Encodes listed revisions, `batch` per transaction, until none is left or `maxMs` has passed
 * (checked between transactions; at least one is done). Returns how many it encoded.
 */
export function compactRevisions(store: Store, opts: { batch?: number; maxMs?: number } = {}): number {
  const until = opts.maxMs === undefined ? Infinity : performance.now() + opts.maxMs;
  const page = store.sql(
    `SELECT c.n, ${idTextSql('r.id')} AS id, r.body, r.parent FROM revisions_to_compact c LEFT JOIN revisions r ON r.n = c.n ORDER BY c.n LIMIT ?`,
  );
  const parentOf = store.sql(`SELECT ${idTextSql('id')} AS id, body FROM revisions WHERE n = ?`);
  const update = store.sql('UPDATE revisions SET body = ? WHERE n = ?');
  const done = store.sql('DELETE FROM revisions_to_compact WHERE n = ?');
  const recent = recentValues(store.db);
  const body = bodyOf(store);
  let n = 0;
  for (let first = true; first || performance.now() < until; first = false) {
    let rows = 0;
    store.unsynced(() => store.tx(() => {
      // bodies written in this transaction: a revision's parent is often the one before it
      const written = new Map<number, { id: string; body: Uint8Array }>();
      for (const r of page.all(opts.batch ?? COMPACT_BATCH) as Row[]) {
        rows++;
        done.run(r.n);
        if (!r.body || !r.id || !isRawBody(r.body)) continue; // gone (a purged draft), or encoded already
        const json = rawJson(r.body);
        const parent = r.parent === null ? undefined : (written.get(r.parent) ?? (parentOf.get(r.parent) as { id: string; body: Uint8Array } | undefined));
        const encoded = encodeRevision(json, parent, body, (id) => recent.snapshot(id));
        const base = (id: string) => (id === encoded.base.id ? encoded.base.json : (recent.snapshot(id) ?? snapshotJson(body(id)!)));
        if (!bodyJson(encoded.body, base).equals(json)) {
          process.stderr.write(`revision ${r.id} did not read back as saved once encoded; it is kept as it was saved\n`);
          continue;
        }
        update.run(encoded.body, r.n);
        written.set(r.n, { id: r.id, body: encoded.body });
        recent.keepSnapshot(encoded.base.id ?? r.id, encoded.base.json);
        n++;
      }
    }));
    if (rows < (opts.batch ?? COMPACT_BATCH)) break;
  }
  return n;
}
