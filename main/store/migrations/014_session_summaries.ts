import type { Migration } from './types';

/**
 * Issue 11: the change summary of each editing session (words added and removed, the size after
 * it and its one-line preview: a diff of the text before the session with the text after it),
 * worked out once and kept, so that a history of thousands of saves is listed from metadata
 * without rebuilding two texts per session. One row per session, keyed by its first save and
 * valid only while its last save is `last_id` (a session that grew, or that an imported save
 * split, is worked out again and replaced). A cache of values derived from immutable revisions:
 * existing stores start empty (nothing is back-filled at first open; a session's row is written
 * the first time it is read, or after the save that closes it). See main/store/session-summaries.ts.
 */
export const m014: Migration = {
  version: 14,
  name: 'session_summaries',
  up: `
CREATE TABLE session_summaries (
  first_id TEXT PRIMARY KEY,
  last_id TEXT NOT NULL,
  words_added INTEGER NOT NULL,
  words_removed INTEGER NOT NULL,
  size INTEGER NOT NULL,
  preview TEXT NOT NULL
) WITHOUT ROWID;
`,
};
