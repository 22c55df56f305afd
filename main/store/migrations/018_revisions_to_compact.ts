import type { Migration } from './types';

/**
 * Issue 13 (autosave near the limit): a save stores its value as it came (revision-body.ts, RAW)
 * and is encoded (a delta of its parent's snapshot, deflated) once saves pause
 * (main/store/revision-compaction.ts), off the save's critical path. This lists the revisions still
 * to be encoded, by their key `n`, so that none is forgotten across a crash or a restart. A revision
 * deleted before its turn (a draft purged) leaves a row that compaction drops.
 */
export const m018: Migration = {
  version: 18,
  name: 'revisions_to_compact',
  up: `
CREATE TABLE revisions_to_compact (n INTEGER PRIMARY KEY);
`,
};
