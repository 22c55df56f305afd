/**
 * Kept change summaries of editing sessions (migration 014): per session, keyed by its first
 * save, what a diff of the text before it with the text after it gives (words added and removed,
 * the size after it, the preview), valid while the session's last save is `lastId`. Derived from
 * immutable revisions, so a row is never wrong, only absent or for another extent of the session
 * (then it is worked out again and replaced). Writing is best effort: a store that cannot be
 * written now (read-only, or another process holding the write lock) is simply not added to.
 */
import type { DiffPart } from '../../shared/diff';
import type { Store } from './store';

export interface StoredSummary {
  lastId: string;
  wordsAdded: number;
  wordsRemoved: number;
  /** characters (UTF-16 units) of the plain text after the session */
  size: number;
  preview: DiffPart[];
}

const OP_MARK = { equal: '=', insert: '+', delete: '-' } as const;
const MARK_OP: Record<string, DiffPart['op']> = { '=': 'equal', '+': 'insert', '-': 'delete' };

/** The preview as a small JSON array of strings, each led by its operation ("=…", "+…", "-…"). */
const packPreview = (p: readonly DiffPart[]) => JSON.stringify(p.map((x) => OP_MARK[x.op] + x.text));
const unpackPreview = (s: string): DiffPart[] => (JSON.parse(s) as string[]).map((x) => ({ op: MARK_OP[x[0]!]!, text: x.slice(1) }));

type Row = { last_id: string; words_added: number; words_removed: number; size: number; preview: string };

/** The kept summary of the session that starts with `firstId`, whatever its extent then. */
export function storedSummary(store: Store, firstId: string): StoredSummary | undefined {
  const r = store.sql('SELECT last_id, words_added, words_removed, size, preview FROM session_summaries WHERE first_id = ?').get(firstId) as Row | undefined;
  return r && { lastId: r.last_id, wordsAdded: r.words_added, wordsRemoved: r.words_removed, size: r.size, preview: unpackPreview(r.preview) };
}

/**
 * Keeps summaries (one per session's first save; a newer extent replaces an older one), in one
 * transaction, without waiting for a store another process is writing. Returns how many were kept
 * (-1: nothing was written, the store busy or closed). `also`: more writes for the same transaction (a background pass's progress); run even with no row.
 */
export function keepSummaries(store: Store, rows: ReadonlyArray<{ firstId: string } & StoredSummary>, also?: () => void): number {
  if (!rows.length && !also) return 0;
  if (store.damaged || !store.db.open) return -1;
  const put = store.sql(
    `INSERT INTO session_summaries (first_id, last_id, words_added, words_removed, size, preview) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(first_id) DO UPDATE SET last_id = excluded.last_id, words_added = excluded.words_added,
       words_removed = excluded.words_removed, size = excluded.size, preview = excluded.preview`,
  );
  const nested = store.db.inTransaction;
  const wait = nested ? 0 : (store.db.pragma('busy_timeout', { simple: true }) as number);
  try {
    if (!nested) store.db.pragma('busy_timeout = 0');
    store.tx(() => {
      for (const r of rows) put.run(r.firstId, r.lastId, r.wordsAdded, r.wordsRemoved, r.size, packPreview(r.preview));
      also?.();
    });
    return rows.length;
  } catch {
    return -1; // kept the next time
  } finally {
    if (!nested) store.db.pragma(`busy_timeout = ${wait}`);
  }
}

/** Forgets every kept summary (the benchmark's first opening of a store that has none). */
export function dropSummaries(store: Store): void {
  store.db.exec('DELETE FROM session_summaries');
}
