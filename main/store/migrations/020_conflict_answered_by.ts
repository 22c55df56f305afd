import type { Migration } from './types';

/**
 * merge_conflicts.answered_by: the conflict, opened by a newer text of the same history, that
 * answered (closed) this one (main/merge/answered-conflicts.ts). The newer conflict takes over the
 * decisions taken here at the same place, and tells how many of them no longer apply.
 */
export const m020: Migration = {
  version: 20,
  name: 'conflict_answered_by',
  up: `ALTER TABLE merge_conflicts ADD COLUMN answered_by TEXT REFERENCES merge_conflicts(id);`,
};
