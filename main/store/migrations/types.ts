import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** SQL run in one transaction, or a function for data migrations. */
  up: string | ((db: Database.Database) => void);
  /** The store is rewritten after this migration (VACUUM, outside its transaction), to give back the space it freed. */
  vacuum?: true;
}
