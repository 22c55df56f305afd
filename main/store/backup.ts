/**
 * Backups of the store: a consistent copy (VACUUM INTO, then an atomic rename), a daily rotation
 * beside the store, and a restore that checks the copy first and keeps the replaced file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/common';
import { describeHolder, liveHolders, withStoreMutex } from './lock';
import { LATEST_VERSION } from './migrations';
import type { Store } from './store';

export function backupTo(store: Store, file: string): string {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.partial-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  store.db.prepare('VACUUM INTO ?').run(tmp);
  fs.renameSync(tmp, target);
  return target;
}

export function backupDir(store: Store): string {
  return path.join(path.dirname(path.resolve(store.file)), 'backups');
}

/** Makes today's backup if there is none yet; keeps the newest `keep`. Returns the new file, if any. */
export function dailyBackup(store: Store, keep = 7, today = new Date()): string | null {
  if (store.file === ':memory:') return null;
  const dir = backupDir(store);
  const name = `gcm-review-${today.toISOString().slice(0, 10)}.sqlite`;
  let made: string | null = null;
  if (!fs.existsSync(path.join(dir, name))) made = backupTo(store, path.join(dir, name));
  const all = fs.readdirSync(dir).filter((f) => /^gcm-review-\d{4}-\d{2}-\d{2}\.sqlite$/.test(f)).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
  return made;
}

/** Checks that `file` is a sound GCM Review store this app can open. */
export function checkBackup(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new AppError('bad_file', `cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    const ok = db.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new AppError('bad_file', `${file} is damaged: ${String(ok)}`);
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v < 1 || v > LATEST_VERSION) throw new AppError('bad_file', `${file} is not a GCM Review store this version can open (schema ${v})`);
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'drafts'").get();
    if (!has) throw new AppError('bad_file', `${file} is not a GCM Review store`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('bad_file', `${file} is not a GCM Review store: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the store file at `dbFile` with the backup `from`. Refused while any live process has
 * the store open for writing (named in the error): its later saves would go into a file nobody
 * reads. From inside the app, Services.restoreBackup closes the app's own store first and opens
 * the restored one after. The replaced file is kept as `<dbFile>.before-restore-<time>`; returns
 * that path.
 */
export function restoreBackup(dbFile: string, from: string, now = new Date()): string | null {
  checkBackup(from);
  const target = path.resolve(dbFile);
  return withStoreMutex(target, () => {
    const holders = liveHolders(target);
    if (holders.length) {
      const h = holders[0]!;
      throw new AppError('conflict', `the store is open in ${describeHolder(h)}: close it first (or restore from inside the app), then run the restore again`, {
        key: 'safety.storeInUse',
        params: { pid: h.pid, kind: h.kind },
      });
    }
    let kept: string | null = null;
    if (fs.existsSync(target)) {
      kept = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      // Fold the WAL into the file first so the kept copy is complete.
      const db = new Database(target);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      fs.renameSync(target, kept);
      for (const ext of ['-wal', '-shm']) fs.rmSync(target + ext, { force: true });
    }
    fs.copyFileSync(from, `${target}.restoring`);
    fs.renameSync(`${target}.restoring`, target);
    return kept;
  });
}
