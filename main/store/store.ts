import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type DB } from './db';

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

export const nowIso = () => new Date().toISOString();
export const newId = () => uuidv7();

/**
 * The local store: one SQLite file (single writer) plus a content-addressed folder for
 * attachment bytes beside it. Owns the installation id and settings.
 */
export class Store {
  readonly db: DB;
  readonly installationId: string;
  readonly blobDir: string;
  private statements = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    this.db = openDatabase(file);
    this.blobDir = file === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-blobs-')) : `${file}.blobs`;
    this.installationId = this.ensureInstallation();
  }

  private ensureInstallation(): string {
    const row = this.db.prepare('SELECT id FROM installation').get() as { id: string } | undefined;
    if (row) return row.id;
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

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
