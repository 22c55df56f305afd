import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/contract/common';
import { HARD_WAL_BYTES, IdleCheckpoint } from './checkpoint';
import { foldOnWorker } from './wal-fold';
import { markCheckedAtClose, noStoreError, openStore, type DB, type OpenOptions } from './db';
import { registerWriter, writerKind, type StoreLease } from './lock';
import { uuid7 } from './uuid7';

export interface Author {
  name: string;
  organisation: string;
  installationId: string;
}

/** The per-user data folder's name (also Electron's userData folder). */
export const DATA_DIR_NAME = 'GCM Review';

/**
 * Where the store lives: GCM_REVIEW_DB, or gcm-review.sqlite in the user's data folder
 * (`dataDir`: Electron passes app.getPath('userData'), which it sets to the same folder).
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, dataDir?: string): string {
  if (env.GCM_REVIEW_DB) return path.resolve(env.GCM_REVIEW_DB);
  if (dataDir) return path.join(dataDir, 'gcm-review.sqlite');
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? env.APPDATA ?? path.join(home, 'AppData', 'Roaming')
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(base, DATA_DIR_NAME, 'gcm-review.sqlite');
}

/**
 * Runs a function in a transaction of `db` (better-sqlite3's, a savepoint when nested): made once
 * per connection, not per transaction (db.transaction() builds four wrappers and their properties
 * on every call).
 */
const runners = new WeakMap<DB, Database.Transaction<(fn: () => unknown) => unknown>>();
function runInTransaction(db: DB): Database.Transaction<(fn: () => unknown) => unknown> {
  let run = runners.get(db);
  if (!run) runners.set(db, (run = db.transaction((fn: () => unknown) => fn())));
  return run;
}

export const nowIso = () => new Date().toISOString();
export const newId = (): string => uuid7();

/**
 * The local store: one SQLite file (single writer) plus a content-addressed folder for
 * attachment bytes beside it. Owns the installation id and settings.
 */
export class Store {
  private current: DB;
  private _installationId: string;
  readonly blobDir: string;
  private statements = new Map<string, Database.Statement>();
  private lease: StoreLease;
  /** The file's identity when opened: a different one later means the store was replaced under us. */
  private fileId: { dev: number; ino: number } | null = null;
  /** Set once the file was found replaced or removed: no write is acknowledged after that. */
  private replaced = false;
  private _damaged: string | null = null;
  /** When the store last passed quick_check (db.ts), recorded beside it at a clean close. */
  private checkedAt: number | null = null;
  /** Checkpoints the WAL when writes pause, never inside a write (checkpoint.ts). */
  readonly checkpoints: IdleCheckpoint;

  /**
   * `create: false`: refuse (rather than make) a store that does not exist (read commands).
   * `checkpointIdleMs`: how long writes pause before the WAL is checkpointed (checkpoint.ts's
   * IDLE_MS by default; tests that kill a process around that checkpoint shorten it).
   */
  constructor(
    readonly file: string,
    private opts: Pick<OpenOptions, 'create' | 'onProgress'> & { checkpointIdleMs?: number } = {},
  ) {
    if (file !== ':memory:') {
      if (opts.create === false && !fs.existsSync(file)) throw noStoreError(path.resolve(file));
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    }
    this.lease = registerWriter(file, writerKind());
    try {
      ({ db: this.current, damaged: this._damaged, checkedAt: this.checkedAt } = openStore(file, opts));
    } catch (e) {
      this.lease.release();
      throw e;
    }
    this.fileId = this.statFile();
    this.checkpoints = new IdleCheckpoint(() => this.current, `${path.resolve(file)}-wal`, {
      idleMs: opts.checkpointIdleMs,
      fold: file === ':memory:' ? undefined : () => foldOnWorker(path.resolve(file), this.fileId),
      rewindWal: file === ':memory:' ? undefined : () => this.rewindWal(),
    });
    this.takeCheckpoints();
    this.blobDir = file === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-blobs-')) : `${file}.blobs`;
    this._installationId = this.ensureInstallation();
  }

  get db(): DB {
    return this.current;
  }

  /**
   * SQLite's checkpoint inside the commit that crosses 1,000 pages is moved out to 64 MB (a hard
   * bound only): the WAL is checkpointed once writes pause, or between two writes past a cap
   * (checkpoint.ts). At a reset SQLite cuts the WAL file back towards that cap, a step at a time.
   */
  private takeCheckpoints(): void {
    if (this.file === ':memory:' || this._damaged) return;
    const page = this.db.pragma('page_size', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${Math.ceil(HARD_WAL_BYTES / page)}`);
    this.checkpoints.fitLimit(); // journal_size_limit: MAX_WAL_BYTES, stepping down to it from a larger WAL
  }

  /**
   * Starts the WAL again (after a checkpoint folded all of it in: checkpoint.ts, `rewind`) with a
   * write that changes nothing: the store's application_id set to itself (page 1, one frame).
   * Unsynced (there is nothing to keep), and never waiting: where another process holds the write
   * lock it throws SQLITE_BUSY at once, and the next save starts the WAL as before.
   */
  private rewindWal(): void {
    this.assertWritable();
    const db = this.db;
    const wait = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      this.unsynced(() => runInTransaction(db).immediate(() => db.pragma(`application_id = ${db.pragma('application_id', { simple: true }) as number}`)));
    } finally {
      db.pragma(`busy_timeout = ${wait}`);
    }
  }

  /** Why the store failed its check on open (it is then read-only), or null. */
  get damaged(): string | null {
    return this._damaged;
  }

  /** Throws when nothing may be written: a damaged store (read-only) or a replaced file. */
  assertWritable(): void {
    if (this._damaged) {
      throw new AppError(
        'bad_file',
        `the store ${this.file} is damaged (${this._damaged}); it is open read-only: restore a backup with \`backup restore FILE\` (the daily backups are in ${path.join(path.dirname(path.resolve(this.file)), 'backups')})`,
        { key: 'safety.storeDamaged', params: { file: this.file } },
      );
    }
    this.assertCurrentFile();
  }

  get installationId(): string {
    return this._installationId;
  }

  private statFile(): { dev: number; ino: number } | null {
    if (this.file === ':memory:') return null;
    try {
      const st = fs.statSync(this.file);
      return { dev: st.dev, ino: st.ino };
    } catch {
      return null;
    }
  }

  /**
   * Throws (and refuses every later write) when the file at `file` is no longer the one this
   * connection writes into: a save there would go into a file nobody reads.
   */
  assertCurrentFile(): void {
    if (this.file === ':memory:') return;
    if (!this.replaced) {
      const now = this.statFile();
      if (now && this.fileId && now.dev === this.fileId.dev && now.ino === this.fileId.ino) return;
      this.replaced = true;
    }
    throw new AppError('conflict', `the store ${this.file} was replaced or removed while GCM Review had it open; nothing more is saved into it: close and reopen GCM Review`, {
      key: 'safety.storeReplaced',
      params: { file: this.file },
    });
  }

  /**
   * Closes the connection, runs `fn` (which may replace the file: a restore from inside the app),
   * and opens the store again, registered as a writer as before.
   */
  reopenAround<T>(fn: () => T): T {
    this.close();
    try {
      return fn();
    } finally {
      this.lease = registerWriter(this.file, writerKind());
      ({ db: this.current, damaged: this._damaged, checkedAt: this.checkedAt } = openStore(this.file, this.opts));
      this.fileId = this.statFile();
      this.checkpoints.restart();
      this.takeCheckpoints();
      this.replaced = false;
      this.statements.clear();
      this.cachedAuthor = null;
      this._installationId = this.ensureInstallation();
    }
  }

  private ensureInstallation(): string {
    let row: { id: string } | undefined;
    try {
      row = this.db.prepare('SELECT id FROM installation').get() as { id: string } | undefined;
    } catch (e) {
      if (!this._damaged) throw e;
    }
    if (row) return row.id;
    if (this._damaged) return newId(); // read-only: not recorded
    const id = newId();
    this.db.prepare('INSERT INTO installation (id, created_at) VALUES (?, ?)').run(id, nowIso());
    return id;
  }

  /** A prepared statement, compiled once per store. */
  sql(query: string): Database.Statement {
    let st = this.statements.get(query);
    if (!st) {
      st = this.db.prepare(query);
      this.statements.set(query, st);
    }
    return st;
  }

  getSetting(key: string): string | null {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.assertWritable();
    if (key.startsWith('identity.')) this.cachedAuthor = null;
    this.sql('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** The author recorded on every change: the identity, or the OS user until one is set. */
  author(): Author {
    return (this.cachedAuthor ??= this.readAuthor());
  }

  private cachedAuthor: Author | null = null;

  private readAuthor(): Author {
    const name = this.getSetting('identity.name');
    const organisation = this.getSetting('identity.organisation');
    if (name) return { name, organisation: organisation ?? '', installationId: this.installationId };
    let user = 'unknown';
    try {
      user = os.userInfo().username;
    } catch {
      /* no passwd entry */
    }
    return { name: user, organisation: '', installationId: this.installationId };
  }

  /** A write transaction; acknowledged only if the store is still the file at `file` before and after. */
  tx<T>(fn: () => T): T {
    this.assertWritable();
    const r = runInTransaction(this.db).immediate(fn) as T;
    this.checkpoints.wrote();
    this.assertCurrentFile();
    return r;
  }

  /**
   * Runs `fn`, whose commits then do not wait for the disk (synchronous=NORMAL; the store's FULL
   * again after): for bookkeeping that a power cut may lose without harm (derived data, progress
   * that is asked again). A process killed meanwhile keeps it (WAL), and the next synced commit
   * makes it durable with its own. Never for what the user is told is saved. `fn` is synchronous
   * (better-sqlite3's calls are): the setting is back before any other code runs.
   */
  unsynced<T>(fn: () => T): T {
    const db = this.db;
    const sync = db.pragma('synchronous', { simple: true }) as number;
    if (sync > 1) db.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      if (sync > 1) {
        // a transaction `fn` left open (its ROLLBACK failed) would keep the setting from coming
        // back ("Safety level may not be changed inside a transaction"), and every save after it
        // would be unsynced: nothing of it was acknowledged, so it is rolled back first
        if (db.inTransaction) db.exec('ROLLBACK');
        db.pragma(`synchronous = ${sync}`);
      }
    }
  }

  audit(draftId: string | null, action: string, e: { target?: string; oldValue?: string; newValue?: string; reason?: string } = {}): void {
    const a = this.author();
    this
      .sql(
        `INSERT INTO audit_log (id, draft_id, at, actor_name, actor_org, installation_id, action, target, old_value, new_value, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId(), draftId, nowIso(), a.name, a.organisation, a.installationId, action, e.target ?? null, e.oldValue ?? null, e.newValue ?? null, e.reason ?? null);
  }

  /**
   * Something read from the store looked damaged (SQLITE_CORRUPT): this process does not vouch for
   * the file at close, so the next open runs quick_check whatever the marker said (db.ts).
   */
  suspectDamage(): void {
    this.checkedAt = null;
  }

  close(): void {
    if (this.db.open) {
      this.checkpoints.stop(); // damaged (read-only) too: its checkpoint does nothing, but a fold's connection closes first
      this.db.close();
      // Only a command (a short-lived process) vouches for the file it leaves: a long-running app
      // could have had it copied over while open, and its next start checks anyway (db.ts).
      // A file found replaced under us is not the one that was checked.
      const same = () => {
        const now = this.statFile();
        return !!now && !!this.fileId && now.dev === this.fileId.dev && now.ino === this.fileId.ino;
      };
      if (writerKind() === 'cli') markCheckedAtClose(this.file, this.replaced || this._damaged || !same() ? null : this.checkedAt);
    }
    this.lease.release();
  }
}
