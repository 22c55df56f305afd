import type Database from 'better-sqlite3';
import type { FieldValue } from '../../../shared/contract/drafts';
import { isFilled } from '../../services/values';
import type { Migration } from './types';

/** An answer field's section: a question id is its section id, a dot, and more (the template schema enforces it). */
const section = (f: string) => `substr(${f}, 1, instr(${f}, '.') - 1)`;
/** Answers are what progress counts; objectives and principles ("III.a/objective/5") are not. */
const counted = (row: 'NEW' | 'OLD') => `${row}.filled = 1 AND instr(${row}.field, '/') = 0`;
const up = (row: 'NEW' | 'OLD') =>
  `INSERT INTO draft_progress (draft_id, section_id, answered) SELECT ${row}.draft_id, ${section(`${row}.field`)}, 1 WHERE ${counted(row)}
   ON CONFLICT (draft_id, section_id) DO UPDATE SET answered = answered + 1;`;
const down = (row: 'NEW' | 'OLD') =>
  `UPDATE draft_progress SET answered = answered - 1 WHERE ${counted(row)} AND draft_id = ${row}.draft_id AND section_id = ${section(`${row}.field`)};`;

/**
 * Logs an answer for the search index once. (Not INSERT OR IGNORE: inside a trigger, the outer
 * statement's conflict handling overrides the trigger's, and the upsert that moves a head has none.)
 */
const logged = (row: 'NEW') =>
  `INSERT INTO search_pending (answer_rowid) SELECT ${row}.rowid WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE answer_rowid = ${row}.rowid);`;

/**
 * Issue 13 (scale): lists that cost nothing.
 * - `answers.filled`: whether a field's current value is filled, written by the statement that
 *   moves the head (setHead), from the value the save already has.
 * - `draft_progress`: answered questions per draft and section, kept by triggers on `answers` in
 *   the same transaction as any change of a head, whoever makes it (save, import, merge, restore).
 *   Listing drafts reads these few rows and never reads or parses an answer.
 * Existing stores are backfilled here from each head's value, once, in bounded pages.
 *
 * And search that catches up incrementally: `search_pending` logs the answers whose head moved
 * since the full-text index last saw them (triggers, in the same transaction as the move), so the
 * index is brought up to date from that log in bounded batches, never by scanning every answer.
 */
export const m008: Migration = {
  version: 8,
  name: 'scale',
  up: (db: Database.Database) => {
    db.exec(`
ALTER TABLE answers ADD COLUMN filled INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1));
CREATE TABLE draft_progress (
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  answered INTEGER NOT NULL CHECK (answered >= 0),
  PRIMARY KEY (draft_id, section_id)
) WITHOUT ROWID;
`);
    const page = db.prepare('SELECT a.rowid AS rowid, r.value AS value FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.rowid > ? ORDER BY a.rowid LIMIT 500');
    const mark = db.prepare('UPDATE answers SET filled = 1 WHERE rowid = ?');
    for (let last = 0, rows: Array<{ rowid: number; value: string }>; (rows = page.all(last) as typeof rows).length; last = rows[rows.length - 1]!.rowid) {
      for (const h of rows) if (isFilled(JSON.parse(h.value) as FieldValue)) mark.run(h.rowid);
    }
    db.exec(`
INSERT INTO draft_progress (draft_id, section_id, answered)
  SELECT draft_id, ${section('field')}, count(*) FROM answers WHERE filled = 1 AND instr(field, '/') = 0 GROUP BY 1, 2;
CREATE TRIGGER answers_progress_insert AFTER INSERT ON answers BEGIN ${up('NEW')} END;
CREATE TRIGGER answers_progress_delete AFTER DELETE ON answers BEGIN ${down('OLD')} END;
CREATE TRIGGER answers_progress_update AFTER UPDATE OF filled, draft_id, field ON answers
  WHEN OLD.filled IS NOT NEW.filled OR OLD.draft_id IS NOT NEW.draft_id OR OLD.field IS NOT NEW.field
  BEGIN ${down('OLD')} ${up('NEW')} END;

CREATE TABLE search_pending (answer_rowid INTEGER PRIMARY KEY NOT NULL);
INSERT INTO search_pending (answer_rowid) SELECT rowid FROM answers WHERE indexed_revision_id IS NOT revision_id;
CREATE TRIGGER answers_search_insert AFTER INSERT ON answers BEGIN ${logged('NEW')} END;
CREATE TRIGGER answers_search_update AFTER UPDATE OF revision_id, indexed_revision_id ON answers
  WHEN NEW.indexed_revision_id IS NOT NEW.revision_id BEGIN ${logged('NEW')} END;
CREATE TRIGGER answers_search_delete AFTER DELETE ON answers
  BEGIN DELETE FROM answers_fts WHERE rowid = OLD.rowid; DELETE FROM search_pending WHERE answer_rowid = OLD.rowid; END;
`);
  },
};
