/**
 * The fold's worker opens the store by its NAME. When the file at that name was
 * replaced under the app (a sync tool, a copy over it), the worker opens the replacement with the
 * app's -wal and -shm (SQLite opens an existing -wal whatever the header says) and folds the old
 * store's frames into it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { makeServices, tempDir } from './helpers';

for (const onWorker of [false, true])
it(`a checkpoint ${onWorker ? 'on a worker' : 'on the app thread'} after the store file was replaced under the app leaves the replacement and the old store whole`, async () => {
  const dir = tempDir();
  // the replacement: another store, closed
  const other = makeServices(path.join(dir, 'other.sqlite'));
  other.drafts.create({ title: 'the replacement' });
  other.close();
  const s = makeServices(path.join(dir, 'store.sqlite'));
  const file = s.store.file;
  fs.linkSync(file, `${file}.old`); // keeps the app's own file reachable after the replacement
  if (!onWorker) (s.store.checkpoints as any).opts.fold = undefined;
  const release = s.store.checkpoints.hold(); // as a backup does
  for (let i = 0; i < 40; i++) s.drafts.create({ title: `acknowledged ${i} ${crypto.randomBytes(150_000).toString('base64')}` });
  const hash = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
  const before = hash(path.join(dir, 'other.sqlite'));
  fs.renameSync(path.join(dir, 'other.sqlite'), file); // replaced under the app
  release(); // the held WAL (> 4 MB) goes to a worker fold
  await s.store.checkpoints.fold();
  s.close(); // SQLite leaves the -wal in place when the file has moved (SQLITE_FCNTL_HAS_MOVED)
  const old = new Database(`${file}.old`, { readonly: true });
  const kept = (old.prepare("SELECT count(*) AS n FROM drafts WHERE title LIKE 'acknowledged%'").get() as { n: number }).n;
  old.close();
  console.log('old store (by its hard link) holds', kept, 'of 40 acknowledged saves');
  // (read through SQLite, the replacement shows the stale -wal left beside it by name: SQLite's
  // own behaviour for a file replaced without its WAL, on either path; the file's bytes are compared)
  const after = hash(file);
  expect(after).toBe(before);
  expect(kept).toBe(40);
}, 120_000);
