/** Opens an intake over a data folder: its key, its storage, and its index (SQLite there, or PostgreSQL). */
import fs from 'node:fs';
import path from 'node:path';
import { Intake } from './intake';
import type { IntakeIndex } from './index-store';
import { postgresIndex } from './index-postgres';
import { sqliteIndex } from './index-sqlite';
import { loadIntakeKey } from './intake-key';
import { fileStorage } from './storage';

export interface OpenIntakeOptions {
  dir: string;
  /** postgres://… to share the index between intake processes; SQLite in `dir` otherwise. */
  database?: string;
  log?: (line: string) => void;
  /** An unfinished upload with no byte for this long is expired (tus's 410 and the sweep): 14 days unless given. */
  uploadExpiryMs?: number;
}

export async function openIntake(o: OpenIntakeOptions): Promise<Intake> {
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  let index: IntakeIndex;
  if (o.database) {
    if (!/^postgres(ql)?:\/\//.test(o.database)) throw new Error('--database must be a postgres:// URL (SQLite in the data folder is the default)');
    index = await postgresIndex(o.database);
  } else index = sqliteIndex(path.join(o.dir, 'index.sqlite'));
  // with a shared index, other processes may write the same uploads: each completed upload is read again
  return new Intake({ index, storage: fileStorage(o.dir, { expireAfterMs: o.uploadExpiryMs }), key: loadIntakeKey(o.dir), log: o.log, hashOnArrival: !o.database });
}
