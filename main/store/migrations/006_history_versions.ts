import type Database from 'better-sqlite3';
import { docText } from '../../../shared/doc';
import { noteFromText } from '../../../shared/note';
import type { Migration } from './types';

/**
 * Issue 11: versions people can find, and notes written like answers.
 *
 * - named_versions: a name for the state of a whole draft at one moment ("Sent to the ministry
 *   2 March"), made by hand or automatically (bundle export, submit, return, approve, import,
 *   merge). Globally unique ids (UUIDv7) like everything that may travel; named_version_fields
 *   points every field at the revision it had then, so a version costs one row per field and never
 *   copies text.
 * - Objective and principle notes become documents in the answers' model. Each stored revision of
 *   a note is converted in place, literally (noteFromText: blank line = new paragraph, newline =
 *   line break), keeping its id, parents, author and time: the same content in the new form, not a
 *   new edit. Its plain text is recomputed from the document (equal but for blank lines).
 * - revisions_by_field gains the revision id as its last column, so history pages come in index
 *   order.
 */
export const m006: Migration = {
  version: 6,
  name: 'history_versions',
  up: (db: Database.Database) => {
    db.exec(`
CREATE TABLE named_versions (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
  -- why it exists: 'manual', or the event that named it automatically
  kind TEXT NOT NULL CHECK (kind IN ('manual', 'export', 'submit', 'return', 'approve', 'import', 'merge')),
  author_name TEXT NOT NULL,
  author_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- the bundle, review step or import it records, when there is one
  ref TEXT
);
CREATE INDEX named_versions_by_draft ON named_versions (draft_id, created_at);
-- History pages are read newest first by (created_at, id): with id in the index, a page is read in
-- index order and stops at its limit (no sort of the field's whole history). Same cost per save.
DROP INDEX revisions_by_field;
CREATE INDEX revisions_by_field ON revisions (draft_id, field, created_at, id);
CREATE TABLE named_version_fields (
  version_id TEXT NOT NULL REFERENCES named_versions(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  revision_id TEXT NOT NULL REFERENCES revisions(id),
  PRIMARY KEY (version_id, field)
) WITHOUT ROWID;
`);
    const rows = db
      .prepare(
        `SELECT id, value FROM revisions
         WHERE json_extract(value, '$.kind') IN ('objective', 'principle') AND json_type(value, '$.note') = 'text'`,
      )
      .iterate() as IterableIterator<{ id: string; value: string }>;
    const update = db.prepare('UPDATE revisions SET value = ?, text = ? WHERE id = ?');
    const pending: Array<[string, string, string]> = [];
    for (const r of rows) {
      const v = JSON.parse(r.value) as { note: string } & Record<string, unknown>;
      const note = noteFromText(v.note);
      pending.push([JSON.stringify({ ...v, note }), docText(note), r.id]);
    }
    for (const p of pending) update.run(...p);
    // The search index re-reads these answers' text.
    if (pending.length) db.exec(`UPDATE answers SET indexed_revision_id = NULL WHERE field LIKE '%/objective/%' OR field LIKE '%/principle/%'`);
  },
};
