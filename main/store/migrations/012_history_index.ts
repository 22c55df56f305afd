import type { Migration } from './types';

/**
 * Issue 11: history pages are read newest first by (created_at, id). With the revision id as the
 * index's last column a page is read in index order and stops at its limit (no sort of the
 * field's whole history). Same cost per save.
 */
export const m012: Migration = {
  version: 12,
  name: 'history_index',
  up: `
DROP INDEX revisions_by_field;
CREATE INDEX revisions_by_field ON revisions (draft_id, field, created_at, id);
`,
};
