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
import type { Migration, UpgradeListener } from './types';

export type { Migration, MigrationProgress, UpgradeListener, UpgradeStep } from './types';

/** Numbered migrations, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
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
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    tell({ step: 'migrate', version: m.version, name: m.name, done: 0, total: 0 });
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db, (done, total) => tell({ step: 'migrate', version: m.version, name: m.name, done, total }));
      db.pragma(`user_version = ${m.version}`);
    })();
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
