import type { Migration } from './types';

/**
 * 'GCMR': the SQLite header's application_id that marks a GCM Review store (issue 9). A file
 * without it (or with another application's) is never migrated; see store/db.ts.
 */
export const APPLICATION_ID = 0x47434d52;

/** Issue 9: data safety. Marks the store as ours. */
export const m005: Migration = {
  version: 5,
  name: 'store_safety',
  up: (db) => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
  },
};
