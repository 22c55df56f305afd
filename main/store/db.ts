import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations';

export type DB = Database.Database;

/**
 * Opens (creating if needed) the store at `file`: WAL, synchronous=FULL so an acknowledged
 * commit survives a power cut, foreign keys on. Before migrating an existing database to a
 * newer schema, a copy is written next to it (`<file>.v<N>.bak`).
 */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) {
      const v = schemaVersion(db);
      if (v > 0 && v < LATEST_VERSION && file !== ':memory:') {
        const bak = `${file}.v${v}.bak`;
        if (!fs.existsSync(bak)) db.prepare('VACUUM INTO ?').run(bak);
      }
      migrate(db);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
