import type Database from 'better-sqlite3';
import { m001 } from './001_initial';
import { m002 } from './002_keys_trust';
import { m003 } from './003_workshops_review';
import { m004 } from './004_unplaced';
import { m005 } from './005_store_safety';
import { m006 } from './006_history_versions';
import { m007 } from './007_consolidation';
import { m008 } from './008_scale';
import { m009 } from './009_delivery';
import { m010 } from './010_document_language';
import { m011 } from './011_word_import';
import { m012 } from './012_history_index';
import { m013 } from './013_compact_revisions';
import { m014 } from './014_session_summaries';
import { m015 } from './015_search_shown_text';
import { m016 } from './016_revision_keys';
import { m017 } from './017_revision_ids';
import { m018 } from './018_revisions_to_compact';
import { m019 } from './019_search_log_upsert';
import { m020 } from './020_conflict_answered_by';
import type { Migration, UpgradeListener } from './types';

export type { Migration, MigrationProgress, UpgradeListener, UpgradeStep } from './types';

/** Numbered migrations, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018, m019, m020];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * After a migration that ran with foreign keys off: the tables it created or rebuilt must satisfy
 * theirs (a table it did not touch is not its business: an old store's own state is kept as is).
 */
function checkForeignKeys(db: Database.Database, version: number, tables: readonly string[]): void {
  for (const table of tables) {
    const bad = db.prepare(`PRAGMA foreign_key_check("${table}")`).all() as Array<{ table: string; rowid: number; parent: string }>;
    if (bad.length) throw new Error(`migration ${version} left ${bad.length} broken references in ${table} (to ${bad[0]!.parent}); the store is left as it was`);
  }
}

/**
 * Migrates up to `target` (default: latest). Each step and its user_version bump are atomic.
 * `onProgress` hears each migration start (done 0), the long ones as they go, the VACUUM and the
 * end; a listener that throws is ignored (progress never stops an upgrade).
 */
export function migrate(db: Database.Database, target = LATEST_VERSION, onProgress?: UpgradeListener): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(`database schema version ${current} is newer than this app supports (${LATEST_VERSION}); update GCM Review`);
  }
  const tell: UpgradeListener = (p) => {
    try {
      onProgress?.(p);
    } catch {
      /* a progress display never stops an upgrade */
    }
  };
  const applied: number[] = [];
  // the long ones: those that take a progress listener (their second parameter)
  const long = MIGRATIONS.filter((m) => m.version > current && m.version <= target && typeof m.up === 'function' && m.up.length >= 2);
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    const pass = long.indexOf(m);
    tell({ step: 'migrate', version: m.version, name: m.name, done: 0, total: 0 });
    const fk = m.foreignKeysOff ? (db.pragma('foreign_keys', { simple: true }) as number) : 0;
    if (fk) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db, (done, total) => tell({ step: 'migrate', version: m.version, name: m.name, done, total, ...(m.unit && { unit: m.unit }), ...(pass >= 0 && { pass, passes: long.length }) }));
        if (m.foreignKeysOff) checkForeignKeys(db, m.version, m.foreignKeysOff);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (fk) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  // a migration that shrank every row leaves pages part-empty: the file gives the space back once
  if (current > 0 && !db.inTransaction && MIGRATIONS.some((m) => m.vacuum && applied.includes(m.version))) {
    tell({ step: 'vacuum' });
    db.exec('VACUUM');
  }
  if (applied.length) tell({ step: 'done' });
  return applied;
}
