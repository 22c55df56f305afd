import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/contract/common';
import { trackTemp, untrackTemp } from '../temp-files';
import { processAlive } from './lock';
import { LATEST_VERSION, migrate, schemaVersion, type UpgradeListener } from './migrations';
import { reindexIfWordsChanged } from './search-reindex';
import { setSearchMerging } from './search-merge';
import { APPLICATION_ID } from './migrations/005_store_safety';

export type DB = Database.Database;
export { APPLICATION_ID };

export interface OpenOptions {
  /** Open without writing anything (no WAL switch, no migration). */
  readonly?: boolean;
  /** Make the store when there is no file yet (default true). Read commands pass false. */
  create?: boolean;
  /** Hears what upgrading an older store does (check, backup, each migration, VACUUM), when it has to. */
  onProgress?: UpgradeListener;
}

export interface OpenedStore {
  db: DB;
  /** Why the store failed its check on open; it is then open read-only. */
  damaged: string | null;
  /**
   * When the store last passed PRAGMA quick_check (ms since the epoch): now, or, when the check was
   * skipped (see needsCheck), the time the marker carries. Null for a damaged or in-memory store.
   */
  checkedAt: number | null;
  /** Whether quick_check ran on this open ('ran') or the file was as a checked store left it ('skipped'). */
  check: 'ran' | 'skipped' | 'none';
}

/*
 * PRAGMA quick_check on open, and when it can be skipped (issue 13).
 * quick_check reads every page of the store: milliseconds on a small store, seconds on a store of
 * a million revisions, and it was paid by every CLI command, `draft list` included. What it guards
 * against is a file damaged by something other than SQLite writing it (a copy taken or put back
 * while open, a disk or sync tool, a crash on a file system that lies about fsync): such a store is
 * opened read-only so that nothing is written over the damage. It is now run when any of these holds:
 * - the store is about to be migrated (always checked before anything is written into it);
 * - there is no marker, or the file is not exactly as the marker says: a CLI command that had a
 *   checked (or unchanged) store open records at its clean close, when it was the last connection
 *   (SQLite then folds the WAL in and removes it), `<store>.checked`: the file's device, inode,
 *   size, and modification and change times in nanoseconds. Only a command writes it: it holds the
 *   store for a moment, while the app holds it for hours, during which the file could be copied over
 *   in place; so the app checks once per start unless a command left the store just before. Anything else that writes the file, replaces it
 *   (a restore, a copy), or even resets its modification time changes one of these (the change time
 *   cannot be set back);
 * - a WAL is there: another process has the store open, or one died with it open (a crash);
 * - the last full check is older than CHECK_MAX_AGE_MS: damage that touches no timestamp (a failing
 *   disk) is found within a day, as the long-running app's daily backup would.
 * Between checks SQLite still refuses any damaged page it reads (SQLITE_CORRUPT: "the store is
 * damaged", main/dispatch.ts), and `backup check` runs the full integrity_check.
 */
const CHECK_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The marker of a store left checked and cleanly closed (see above). */
export const checkedMarkerOf = (file: string) => `${file}.checked`;

/** The file's identity and state, as one string; null when it cannot be read. */
function fileState(abs: string): string | null {
  try {
    const st = fs.statSync(abs, { bigint: true });
    return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
  } catch {
    return null;
  }
}

/** The time of the last full check, when the file is exactly as a checked store was left at a clean close; else null. */
function unchangedSinceCheck(abs: string, now = Date.now()): number | null {
  if (fs.existsSync(`${abs}-wal`)) return null;
  let marker: { state?: unknown; checkedAt?: unknown };
  try {
    marker = JSON.parse(fs.readFileSync(checkedMarkerOf(abs), 'utf8'));
  } catch {
    return null;
  }
  const state = fileState(abs);
  if (!state || marker.state !== state || typeof marker.checkedAt !== 'number') return null;
  return now - marker.checkedAt < CHECK_MAX_AGE_MS && marker.checkedAt <= now ? marker.checkedAt : null;
}

/**
 * After a store that was checked (`checkedAt`) is closed: records the file as it is now, when this
 * was a clean close of the last connection (no WAL left); otherwise removes any marker, so the next
 * open checks. Never throws (a marker that cannot be written only means the next open checks).
 */
export function markCheckedAtClose(file: string, checkedAt: number | null): void {
  if (file === ':memory:') return;
  const abs = path.resolve(file);
  const marker = checkedMarkerOf(abs);
  try {
    const state = checkedAt !== null && !fs.existsSync(`${abs}-wal`) ? fileState(abs) : null;
    if (!state) {
      fs.rmSync(marker, { force: true });
      return;
    }
    const tmp = `${marker}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ state, checkedAt }), { mode: 0o600 });
    fs.renameSync(tmp, marker);
  } catch {
    /* the next open checks */
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Where npm builds better-sqlite3's addon for Node, given to it directly: left to itself it finds
 * the addon through the `bindings` package, which tries path after path (about 10 ms of every CLI
 * command, issue 13). Undefined (better-sqlite3 searches as before) when it is not there, and in
 * Electron, whose own build main/electron/native-sqlite.ts always passes.
 */
let nodeAddon: string | undefined | null = null;
function addonOption(): { nativeBinding?: string } {
  if (nodeAddon === null) {
    nodeAddon = undefined;
    if (!process.versions.electron) {
      try {
        const file = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
        if (fs.existsSync(file)) nodeAddon = file;
      } catch {
        /* not there: better-sqlite3 finds its addon */
      }
    }
  }
  return nodeAddon ? { nativeBinding: nodeAddon } : {};
}

/** How much of a store is read through a memory map (SQLite's mmap_size). */
const MMAP_BYTES = 256 * 1024 * 1024;

/** Narrows a file's mode to 0600 (nothing on Windows, where modes do not apply). */
export function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  try {
    const st = fs.statSync(file);
    if (st.mode & 0o077) fs.chmodSync(file, st.mode & 0o700);
  } catch {
    /* not there */
  }
}

export function noStoreError(abs: string): AppError {
  return new AppError('not_found', `there is no store at ${abs}: check --db or GCM_REVIEW_DB (a store is made by \`identity init\`, \`draft create\`, the app or \`npm run serve\`)`, { key: 'safety.noStore', params: { file: abs } });
}

function notOurs(file: string, why: string): AppError {
  return new AppError('bad_file', `${file} is not a GCM Review store (${why}); nothing was changed: check --db or GCM_REVIEW_DB`, { key: 'safety.foreignStore', params: { file } });
}

/** Refuses what is not a GCM Review store before anything is written into it. */
function checkOwnership(db: DB, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return;
  if (appId !== 0) throw notOurs(file, `it belongs to another application, id 0x${(appId >>> 0).toString(16)}`);
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  const version = schemaVersion(db);
  if (!tables.size && version === 0) return; // a new, empty store
  // stores from before application_id (schema 1-4, or a later one made while 005 was a stub)
  if (version >= 1 && ['drafts', 'revisions', 'installation'].every((t) => tables.has(t))) return;
  throw notOurs(file, `it is another application's SQLite database (${tables.size} tables, schema ${version})`);
}

/** PRAGMA quick_check, as a sentence when it fails. */
function quickCheck(db: DB): string | null {
  try {
    const rows = db.pragma('quick_check(5)') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((x) => x !== 'ok');
    return problems.length ? problems.join('; ').replace(/\*\*\* in database \w+ \*\*\*\s*/g, '').replace(/\s*\n\s*/g, ' ').slice(0, 300) : null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The copy of a store made before it is migrated (`bak`), once: written under a temporary name,
 * private from its first byte, fsynced, then renamed, so `bak` is never a half copy that a later
 * open would take for the backup. A half copy left by a process that died writing it is removed.
 */
function backupBeforeMigration(db: Database.Database, bak: string): void {
  if (fs.existsSync(bak)) return;
  const prefix = `${path.basename(bak)}.partial-`;
  for (const f of fs.readdirSync(path.dirname(bak))) {
    const pid = Number(/^(\d+)(?:-journal)?$/.exec(f.startsWith(prefix) ? f.slice(prefix.length) : '')?.[1]);
    if (pid && !processAlive(pid)) fs.rmSync(path.join(path.dirname(bak), f), { force: true });
  }
  const tmp = trackTemp(`${bak}.partial-${process.pid}`);
  const journal = trackTemp(`${tmp}-journal`);
  try {
    fs.closeSync(fs.openSync(tmp, 'w', 0o600)); // VACUUM INTO writes into an empty file
    db.prepare('VACUUM INTO ?').run(tmp);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    makePrivate(tmp);
    fs.renameSync(tmp, bak);
  } finally {
    for (const f of [tmp, journal]) {
      fs.rmSync(f, { force: true });
      untrackTemp(f);
    }
  }
}

/**
 * Opens the store at `file` (creating it 0600 when allowed and missing): refuses a file that is
 * not an SQLite database or belongs to another application, and never migrates one; runs
 * PRAGMA quick_check (unless the file is as a checked store was left: see CHECK_MAX_AGE_MS) and, when it fails, opens the store read-only with the reason in `damaged`.
 * A sound store runs in WAL mode with synchronous=FULL (an acknowledged commit survives a power
 * cut), foreign keys on, its files 0600; before migrating to a newer schema a copy is written
 * next to it (`<file>.v<N>.bak`).
 */
export function openStore(file: string, opts: OpenOptions = {}): OpenedStore {
  if (file === ':memory:') {
    const db = new Database(file, addonOption());
    db.pragma('foreign_keys = ON');
    migrate(db);
    setSearchMerging(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    return { db, damaged: null, checkedAt: null, check: 'none' };
  }
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    if (opts.create === false || opts.readonly) throw noStoreError(abs);
    fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
    try {
      fs.closeSync(fs.openSync(abs, 'wx', 0o600)); // private from the start; SQLite gives -wal and -shm the same mode
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const st = fs.statSync(abs);
  if (st.isDirectory()) throw new AppError('bad_file', `${abs} is a folder, not a store`);
  if (st.size > 0) {
    const head = Buffer.alloc(16);
    const fd = fs.openSync(abs, 'r');
    try {
      fs.readSync(fd, head, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (!head.equals(SQLITE_HEADER)) throw notOurs(abs, 'not an SQLite database');
  }
  // before SQLite opens it (which makes a WAL): is it as a checked store was left?
  const checkedBefore = unchangedSinceCheck(abs);
  let db = new Database(abs, { readonly: opts.readonly ?? false, fileMustExist: true, ...addonOption() });
  try {
    db.pragma('busy_timeout = 5000');
    try {
      checkOwnership(db, abs);
    } catch (e) {
      if (e instanceof AppError) throw e;
      // unreadable schema: damaged (the check below says how)
    }
    const v = schemaVersion(db);
    if (v > LATEST_VERSION) throw new Error(`database schema version ${v} is newer than this app supports (${LATEST_VERSION}); update GCM Review`);
    const upgrading = !opts.readonly && v > 0 && v < LATEST_VERSION;
    if (upgrading) opts.onProgress?.({ step: 'check' });
    const skip = checkedBefore !== null && v === LATEST_VERSION;
    const damaged = skip ? null : quickCheck(db);
    if (damaged) {
      db.close();
      db = new Database(abs, { readonly: true, fileMustExist: true, ...addonOption() });
      db.pragma('busy_timeout = 5000');
      return { db, damaged, checkedAt: null, check: 'ran' };
    }
    const checkedAt = skip ? checkedBefore : Date.now();
    if (!opts.readonly) {
      makePrivate(abs);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      for (const ext of ['-wal', '-shm']) makePrivate(abs + ext);
    }
    db.pragma('foreign_keys = ON');
    // Reads through a memory map, not a read() per page: a history page reads hundreds of rows
    // whose values span overflow pages (5x faster cold, issue 13). Writes are unchanged.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    if (!opts.readonly) {
      if (upgrading) {
        opts.onProgress?.({ step: 'backup' });
        backupBeforeMigration(db, `${abs}.v${v}.bak`);
      }
      migrate(db, LATEST_VERSION, upgrading ? opts.onProgress : undefined);
      reindexIfWordsChanged(db);
      setSearchMerging(db); // once per store: the settings are kept in the index
      // stores migrated while 005 was still an empty stub get their mark here
      if ((db.pragma('application_id', { simple: true }) as number) === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    return { db, damaged: null, checkedAt, check: skip ? 'skipped' : 'ran' };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

/** The database of a sound store (a damaged one is refused here: see openStore). */
export function openDatabase(file: string, opts: OpenOptions = {}): DB {
  const { db, damaged } = openStore(file, opts);
  if (damaged) {
    db.close();
    throw new AppError('bad_file', `${file} is damaged (${damaged})`);
  }
  return db;
}
