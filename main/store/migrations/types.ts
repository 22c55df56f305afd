import type Database from 'better-sqlite3';

/**
 * How far a long migration is: `done` of `total` units (revisions for 013), called as it goes.
 * Long migrations take it as their second argument; the runner passes one that never throws.
 */
export type MigrationProgress = (done: number, total: number) => void;

/**
 * What opening a store that needs upgrading is doing, for a progress line or screen:
 * - `check`: PRAGMA quick_check before anything is changed;
 * - `backup`: the copy written before migrating (`<store>.v<N>.bak`);
 * - `migrate`: migration `version`; `done` of `total` `unit`s for the long ones (total 0: no count); a
 *   long one is `pass` (from 0) of the `passes` long ones this upgrade runs, so that one percent
 *   can be given for them all;
 * - `vacuum`: the file rewritten once to give space back (no count: an indeterminate step);
 * - `done`: the store is at the latest schema.
 */
export type UpgradeStep =
  | { step: 'check' }
  | { step: 'backup' }
  | { step: 'migrate'; version: number; name: string; done: number; total: number; unit?: string; pass?: number; passes?: number }
  | { step: 'vacuum' }
  | { step: 'done' };

export type UpgradeListener = (p: UpgradeStep) => void;

export interface Migration {
  version: number;
  name: string;
  /** SQL run in one transaction, or a function for data migrations (long ones report progress). */
  up: string | ((db: Database.Database, progress: MigrationProgress) => void);
  /** What a long migration's progress counts, plural and in English for the CLI ("revisions"). Every long one names it. */
  unit?: string;
  /** The store is rewritten after this migration (VACUUM, outside its transaction), to give back the space it freed. */
  vacuum?: true;
  /**
   * The migration rebuilds a table that others reference (SQLite's documented way: create the new
   * table, copy, drop the old one, rename): foreign keys are turned off around it (they cannot be
   * inside a transaction) and the tables named here, those it created or rebuilt, are checked
   * (PRAGMA foreign_key_check) before it commits; a violation rolls it back.
   */
  foreignKeysOff?: readonly string[];
}
