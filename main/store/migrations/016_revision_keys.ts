import type Database from 'better-sqlite3';
import { timeKey } from '../revision-time';
import type { Migration, MigrationProgress } from './types';

/** Revisions copied per page (one INSERT … SELECT each; progress between pages). */
export const PAGE = 10_000;

/**
 * Issue 13: revisions whose metadata does not outweigh their text. Each revision kept its draft,
 * field, parents, author, organisation, installation and bundle as text (five 36-character ids
 * per revision, one of them twice, and the field and time again in the history index). Now:
 * - `revisions.n`, an INTEGER PRIMARY KEY (the old rowid), by which revisions refer to their
 *   parents (`parent`, `merge_parent`); the globally unique id is kept once, in `id` (UNIQUE,
 *   what answers, conflicts, versions… still reference, unchanged);
 * - the draft, the field and the author (name, organisation, installation, source bundle) as small
 *   integers into `revision_drafts` (which cascades a draft's deletion as before), `revision_fields`
 *   and `revision_authors`;
 * - the time as integer milliseconds (`created`), with the exact text beside it (`created_text`)
 *   only when the time does not read back the same through toISOString() (an imported bundle may
 *   carry another spelling): every revision's time is given back exactly as it was written;
 * - the history index on (draft, field, created), the rowid n its tie-break (the order revisions
 *   were written, where it was the id's order before);
 * - the body last, so that metadata reads never touch a value's overflow pages.
 * The table is rebuilt (SQLite's documented way: foreign keys off around this migration, checked
 * before it commits, see `foreignKeysOff`), in pages of PAGE by rowid; every count is checked
 * before it commits, so a store that does not convert exactly is left as it was. Readers go through
 * main/store/revisions.ts, which gives back the same rows as before. The file is rewritten
 * (VACUUM, once) after it to give the space back.
 */
export const m016: Migration = {
  version: 16,
  name: 'revision_keys',
  vacuum: true,
  unit: 'revisions',
  foreignKeysOff: ['revisions', 'revision_drafts', 'revision_fields', 'revision_authors'],
  up: (db: Database.Database, progress?: MigrationProgress) => {
    db.function('gcm_time_ms', { deterministic: true }, (s: unknown) => timeKey(String(s)).ms);
    db.function('gcm_time_text', { deterministic: true }, (s: unknown) => timeKey(String(s)).text);
    db.exec(`
CREATE TABLE revision_drafts (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE REFERENCES drafts(id) ON DELETE CASCADE
);
CREATE TABLE revision_fields (
  n INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE revision_authors (
  n INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  source_bundle_id TEXT
);
CREATE UNIQUE INDEX revision_authors_by_name ON revision_authors (name, org, installation_id, source_bundle_id);
CREATE TABLE revisions_new (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  draft INTEGER NOT NULL REFERENCES revision_drafts(n) ON DELETE CASCADE,
  field INTEGER NOT NULL REFERENCES revision_fields(n),
  parent INTEGER REFERENCES revisions(n),
  merge_parent INTEGER REFERENCES revisions(n),
  author INTEGER NOT NULL REFERENCES revision_authors(n),
  created INTEGER NOT NULL,
  created_text TEXT,
  text_size INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  origin_revision_id TEXT,
  body BLOB
);
INSERT INTO revision_drafts (id) SELECT DISTINCT draft_id FROM revisions ORDER BY draft_id;
INSERT INTO revision_fields (name) SELECT DISTINCT field FROM revisions ORDER BY field;
INSERT INTO revision_authors (name, org, installation_id, source_bundle_id)
  SELECT DISTINCT author_name, author_org, installation_id, source_bundle_id FROM revisions;
`);
    const total = db.prepare('SELECT count(*) FROM revisions').pluck().get() as number;
    const last = (db.prepare('SELECT max(rowid) FROM revisions').pluck().get() as number | null) ?? 0;
    const copy = db.prepare(`
INSERT INTO revisions_new (n, id, draft, field, parent, merge_parent, author, created, created_text, text_size, note, origin_revision_id, body)
SELECT r.rowid, r.id, d.n, f.n, p.rowid, m.rowid, a.n, gcm_time_ms(r.created_at), gcm_time_text(r.created_at), r.text_size, r.note, r.origin_revision_id, r.body
FROM revisions r
JOIN revision_drafts d ON d.id = r.draft_id
JOIN revision_fields f ON f.name = r.field
JOIN revision_authors a ON a.name = r.author_name AND a.org = r.author_org AND a.installation_id = r.installation_id AND a.source_bundle_id IS r.source_bundle_id
LEFT JOIN revisions p ON p.id = r.parent_id
LEFT JOIN revisions m ON m.id = r.merge_parent_id
WHERE r.rowid > ? AND r.rowid <= ?`);
    let done = 0;
    progress?.(done, total);
    for (let from = 0; from < last; from += PAGE) {
      done += copy.run(from, Math.min(last, from + PAGE)).changes;
      progress?.(done, total);
    }
    // nothing lost on the way: every revision, draft, author and parent found its key
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const checks: Array<[string, number, number]> = [
      ['revisions', total, count('SELECT count(*) FROM revisions_new')],
      ['parents', count('SELECT count(*) FROM revisions WHERE parent_id IS NOT NULL'), count('SELECT count(*) FROM revisions_new WHERE parent IS NOT NULL')],
      ['merge parents', count('SELECT count(*) FROM revisions WHERE merge_parent_id IS NOT NULL'), count('SELECT count(*) FROM revisions_new WHERE merge_parent IS NOT NULL')],
    ];
    for (const [what, before, after] of checks) {
      if (before !== after) throw new Error(`converting the revisions failed: ${what} ${before} before, ${after} after; the store is left as it was`);
    }
    db.exec(`
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_by_field ON revisions (draft, field, created);
CREATE INDEX revisions_by_origin ON revisions (origin_revision_id) WHERE origin_revision_id IS NOT NULL;
`);
  },
};
