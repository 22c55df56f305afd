import type { Migration } from './types';

/**
 * Issue 13 (autosave near the limit): the triggers that log an answer whose head moved for the
 * search index (migration 008) wrote `INSERT INTO search_pending SELECT … WHERE NOT EXISTS (SELECT
 * … FROM search_pending …)`. A statement that reads the table it inserts into has SQLite gather
 * its rows in a temporary (ephemeral) table first, with a page cache of its own, on every save
 * (per statement, in a fresh process: the head's UPDATE took ~80 µs with ~4 page faults, ~17 µs
 * without this; the faults then showed in the next statement that took fresh memory, so the save
 * as a whole was not measurably faster: README, autosave). The same log, written as an insert that
 * does nothing when the answer is logged already, reads nothing back.
 */
const logged = (row: string) => `INSERT INTO search_pending (answer_rowid) VALUES (${row}.rowid) ON CONFLICT DO NOTHING;`;

export const m019: Migration = {
  version: 19,
  name: 'search_log_upsert',
  up: `
DROP TRIGGER answers_search_insert;
DROP TRIGGER answers_search_update;
CREATE TRIGGER answers_search_insert AFTER INSERT ON answers BEGIN ${logged('NEW')} END;
CREATE TRIGGER answers_search_update AFTER UPDATE OF revision_id, indexed_revision_id ON answers
  WHEN NEW.indexed_revision_id IS NOT NEW.revision_id BEGIN ${logged('NEW')} END;
`,
};
