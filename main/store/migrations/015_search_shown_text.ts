import type { Migration } from './types';

/**
 * Issue 13: search results without decoding a revision. The full-text index keeps, beside the
 * normalised words it matches (indexed, no longer stored: `content=''`), the answer's own text as
 * written (`shown`, stored, not indexed: `contentless_unindexed`), from which a result's snippet is
 * cut; a search reads no revision. A row is deleted by rowid (`contentless_delete`), as the
 * triggers of migration 008 do.
 *
 * Existing stores: the old index is dropped and every answer is logged in `search_pending`, so the
 * new index is built by the usual catch-up (in batches of 500, in the background in the app, the
 * rest before the first search), not here at first open.
 *
 * For a later migration: in SQLite 3.53, DROP TABLE of a contentless_unindexed FTS5 table leaves its
 * `answers_fts_content` shadow table behind (and defensive mode refuses to drop it), so creating
 * an index of the same name again fails: give a replacement index another name.
 */
export const m015: Migration = {
  version: 15,
  name: 'search_shown_text',
  up: `
DROP TABLE answers_fts;
CREATE VIRTUAL TABLE answers_fts USING fts5 (
  text, shown UNINDEXED,
  content = '', contentless_delete = 1, contentless_unindexed = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_pending (answer_rowid) SELECT rowid FROM answers WHERE rowid NOT IN (SELECT answer_rowid FROM search_pending);
`,
};
