import type Database from 'better-sqlite3';
import { m001 } from './001_initial';
import { m002 } from './002_keys_trust';
import { m003 } from './003_workshops_review';
import { m004 } from './004_unplaced';
import type { Migration } from './types';

export type { Migration } from './types';

/** Numbered migrations, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrates up to `target` (default: latest). Each step and its user_version bump are atomic. */
export function migrate(db: Database.Database, target = LATEST_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(`database schema version ${current} is newer than this app supports (${LATEST_VERSION}); update GCM Review`);
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
