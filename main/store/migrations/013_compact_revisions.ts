import type Database from 'better-sqlite3';
import { encodeBody } from '../revision-body';
import type { Migration, MigrationProgress } from './types';

/** Revisions converted per page (bounded memory whatever the store holds). */
export const PAGE = 500;

/**
 * Issue 13: revisions that don't multiply the store. Each value is kept in `revisions.body`,
 * deflated, and as a change of its parent's snapshot when that is smaller (see revision-body.ts);
 * its plain text is no longer stored beside it (derived from the value on read; the search index
 * holds the current answers' text), only its length in characters (`text_size`, for history lists).
 * Existing revisions are converted in pages of PAGE, in the order they were written (a parent
 * before its children, so a child can be stored as a change of it), then the `value` and `text`
 * columns are dropped (no index, trigger or view uses them). Readers go through
 * main/store/revisions.ts, which gives back the same JSON and text as before. The file is then
 * rewritten (VACUUM, once) so that the space is given back: about a third of the old size.
 */
export const m013: Migration = {
  version: 13,
  name: 'compact_revisions',
  // dropping the columns rewrites each row smaller in place: the store is then rewritten (once)
  vacuum: true,
  unit: 'revisions',
  up: (db: Database.Database, progress?: MigrationProgress) => {
    db.exec(`
ALTER TABLE revisions ADD COLUMN body BLOB;
ALTER TABLE revisions ADD COLUMN text_size INTEGER NOT NULL DEFAULT 0;
`);
    const page = db.prepare('SELECT rowid AS rowid, id, parent_id, value, length(text) AS size FROM revisions WHERE rowid > ? ORDER BY rowid LIMIT ?');
    const bodyOf = db.prepare('SELECT body FROM revisions WHERE id = ?').pluck();
    const body = (id: string) => (bodyOf.get(id) as Uint8Array | null | undefined) ?? undefined;
    const pack = db.prepare('UPDATE revisions SET body = ?, text_size = ? WHERE rowid = ?');
    type Row = { rowid: number; id: string; parent_id: string | null; value: string; size: number };
    // how far it is, page by page (the one long step of opening a big store from before 013)
    const total = db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;
    let done = 0;
    progress?.(done, total);
    for (let last = 0, rows: Row[]; (rows = page.all(last, PAGE) as Row[]).length; last = rows[rows.length - 1]!.rowid) {
      for (const r of rows) {
        const parent = r.parent_id ? body(r.parent_id) : undefined;
        pack.run(encodeBody(r.value, parent && { id: r.parent_id!, body: parent }, body), r.size, r.rowid);
      }
      done += rows.length;
      progress?.(done, total);
    }
    db.exec(`
ALTER TABLE revisions DROP COLUMN value;
ALTER TABLE revisions DROP COLUMN text;
`);
  },
};
