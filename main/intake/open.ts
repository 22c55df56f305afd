/** Opens an intake over a data folder: its key, its storage (the folder, or S3), and its index (SQLite there, or PostgreSQL). */
import fs from 'node:fs';
import path from 'node:path';
import { Intake } from './intake';
import type { IntakeIndex } from './index-store';
import { postgresIndex } from './index-postgres';
import { sqliteIndex } from './index-sqlite';
import { loadIntakeKey } from './intake-key';
import { parseS3Url } from './s3-url';
import { fileStorage, type BundleStorage } from './storage';

export interface OpenIntakeOptions {
  dir: string;
  /** postgres://… to share the index between intake processes; SQLite in `dir` otherwise. */
  database?: string;
  log?: (line: string) => void;
  /**
   * s3://BUCKET/PREFIX?endpoint=…&region=…&forcePathStyle=1 to keep uploads and accepted bundles in
   * S3-compatible storage (s3-storage.ts), shared by intake processes on several machines; the data
   * folder's uploads/ and received/ otherwise. The key (and the SQLite index) stay in `dir`.
   */
  storage?: string;
  /** An unfinished upload with no byte for this long is expired (tus's 410 and the sweep): 14 days unless given. */
  uploadExpiryMs?: number;
}

export async function openIntake(o: OpenIntakeOptions): Promise<Intake> {
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  // the AWS SDK loads only for S3 storage (s3-url.ts), once the URL is found good
  const s3 = o.storage ? parseS3Url(o.storage) : null;
  const storage: BundleStorage = s3 ? (await import('./s3-storage')).s3Storage(s3, { expireAfterMs: o.uploadExpiryMs }) : fileStorage(o.dir, { expireAfterMs: o.uploadExpiryMs });
  let index: IntakeIndex;
  if (o.database) {
    if (!/^postgres(ql)?:\/\//.test(o.database)) throw new Error('--database must be a postgres:// URL (SQLite in the data folder is the default)');
    index = await postgresIndex(o.database);
  } else index = sqliteIndex(path.join(o.dir, 'index.sqlite'));
  // with a shared index, other processes may write the same uploads: each completed upload is read again
  return new Intake({ index, storage, key: loadIntakeKey(o.dir), log: o.log, hashOnArrival: !o.database });
}
