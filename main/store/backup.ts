/**
 * Backups of the store: a consistent copy made with SQLite's online backup on a worker thread,
 * from a read-only connection of its own that holds one snapshot (WAL lets the app's connection
 * keep writing meanwhile), so nothing on the event loop waits for the copy or for its syncs; it
 * is written privately (0600, in a 0700 folder) under a temporary name and then renamed; a daily
 * rotation beside the store under a count and a size budget; and a restore that checks the copy
 * first and keeps the replaced file. Where no worker can load the database engine (or for an
 * in-memory store) the copy runs on this thread in steps of a few milliseconds instead.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/contract/common';
import { REMOVING, removeGently } from '../remove-gently';
import { trackTemp, untrackTemp } from '../temp-files';
import { describeHolder, liveHolders, withStoreMutex } from './lock';
import { LATEST_VERSION } from './migrations';
import { APPLICATION_ID } from './migrations/005_store_safety';
import type { Store } from './store';
import { workerSqlite } from './worker-sqlite';

/** How long one step of the copy may take; the page count per step adapts to it. */
const STEP_BUDGET_MS = 4;
/**
 * How much of the copy may wait in the OS's cache before it is flushed. Small: a save's own fsync
 * (on the event loop) then never queues behind a large flush of the copy.
 */
const SYNC_EVERY_BYTES = 2 * 1024 * 1024;
/**
 * The copy's pace on a worker. Unpaced, the copy fills the disk's queue and page cache, and a
 * save's fsync of the WAL (on the event loop) waits behind it: measured with strace, 50-120 ms
 * per save during a copy against under 10 ms without (ext4 commits the copy's newly written data
 * with the WAL's metadata). Paced, it writes at most this much per second, in pieces of at most
 * PACED_PIECE_BYTES each flushed at once, so little of the copy is ever waiting when a save syncs.
 * A 2 GB store then takes about 1 minute to copy.
 * The copy's last write is a burst of up to 16 MB (SQLite's backup writes through its own
 * connection to the copy, whose page cache is better-sqlite3's default 16 MB and cannot be set);
 * measured alone (17th part), 16 MB written and synced beside a loop of saves delays none of them
 * more than ~15 ms. The long waits at a copy's end (240-360 ms in the scale bench) were not the
 * copy's writes but the WAL its snapshot had kept from being checkpointed: folded into the store
 * by the app's first checkpoint after it, inside a save (230 ms), then cut back by SQLite inside
 * the next (130 ms). The worker now folds it in (below) and the WAL is cut back a step at a time
 * (checkpoint.ts).
 */
export const PACE_BYTES_PER_SECOND = 32 * 1024 * 1024;
const PACED_PIECE_BYTES = 512 * 1024;

export interface BackupOptions {
  /** Called after each step, e.g. to show progress or to measure that the app kept answering. */
  onStep?: (p: { totalPages: number; remainingPages: number }) => void;
  /** (benchmarks) how long one step may take, and how much may wait unflushed; default STEP_BUDGET_MS, SYNC_EVERY_BYTES */
  tuning?: { stepBudgetMs: number; syncEveryBytes: number };
  /**
   * The most bytes per second the copy on a worker writes (default PACE_BYTES_PER_SECOND; 0: as
   * fast as the disk goes, for the CLI's `backup create`, where nobody waits for a save).
   */
  pace?: number;
  /** (tests, benchmarks) 'thread': the copy on this thread, in steps, as where no worker can run */
  on?: 'worker' | 'thread';
  /** Told where the copy runs, once it runs. */
  onCopy?: (on: 'worker' | 'thread') => void;
}

/**
 * The copy, run by a worker thread (CommonJS, given its data; it shares nothing with this thread).
 * It opens the store read-only and begins a read transaction first: the copy is that snapshot,
 * whatever the app writes meanwhile (a backup from another connection would otherwise restart at
 * each write). Steps are reported; the copy's unsynced bytes are flushed every few MB, and its
 * header is marked as a rollback-journal database (bytes 18-19 = 1), what `journal_mode = DELETE`
 * would write: alone, without a WAL, the copy is such a database. The app's checkpoints are held
 * from the snapshot's start until the WAL written meanwhile (which the snapshot kept from being
 * checkpointed) is folded in on a worker after it (checkpoint.ts, wal-fold.ts).
 */
const BACKUP_WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const fs = require('node:fs');
(async () => {
  let src;
  try {
    const Database = require('node:module').createRequire(w.base)('better-sqlite3');
    src = new Database(w.source, w.nativeBinding ? { readonly: true, fileMustExist: true, nativeBinding: w.nativeBinding } : { readonly: true, fileMustExist: true });
    src.pragma('busy_timeout = 5000');
    src.exec('BEGIN');
    src.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    if (src) src.close();
    parentPort.postMessage({ type: 'unavailable', message: e.message });
    return;
  }
  parentPort.postMessage({ type: 'started' });
  const fd = fs.openSync(w.target, 'r+');
  try {
    const pageSize = src.pragma('page_size', { simple: true });
    // paced: pieces of at most w.piece bytes, each flushed, and no more than w.pace bytes a second
    const most = w.pace ? Math.max(1, Math.floor(w.piece / pageSize)) : 65536;
    const syncEvery = w.pace ? w.piece : w.syncEveryBytes;
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    const began = performance.now();
    let written = 0;
    let pages = Math.min(256, most);
    let unsynced = 0;
    let t0 = performance.now();
    await src.backup(w.target, {
      progress: (p) => {
        const took = performance.now() - t0;
        unsynced += pages * pageSize;
        written += pages * pageSize;
        if (unsynced >= syncEvery) {
          fs.fdatasyncSync(fd);
          unsynced = 0;
        }
        if (w.pace) {
          const ahead = (written / w.pace) * 1000 - (performance.now() - began);
          if (ahead > 1) Atomics.wait(sleep, 0, 0, ahead);
        }
        pages = Math.max(Math.min(64, most), Math.min(most, Math.round(pages * (took > 0 ? Math.min(2, w.stepBudgetMs / took) : 2))));
        parentPort.postMessage({ type: 'step', totalPages: p.totalPages, remainingPages: p.remainingPages });
        t0 = performance.now();
        return pages;
      },
    });
    fs.writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
    fs.fdatasyncSync(fd);
  } catch (e) {
    parentPort.postMessage({ type: 'failed', message: e.message });
    return;
  } finally {
    fs.closeSync(fd);
    try { src.exec('COMMIT'); } catch {}
    src.close();
  }
  parentPort.postMessage({ type: 'done' });
})();
`;

/** A step budget for the worker: it holds no event loop, so its steps can be longer (fewer messages). */
const WORKER_STEP_BUDGET_MS = 25;

/**
 * Copies the open store to `file` (replacing it atomically when done); returns its path. The copy
 * is the store as it was when the copy began (on the worker), or when its last step ran (on this
 * thread). Closing the store meanwhile abandons the copy (rejected, no file left).
 */
export async function backupTo(store: Store, file: string, opts: BackupOptions = {}): Promise<string> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = trackTemp(`${target}.partial-${process.pid}`);
  trackTemp(`${tmp}-journal`); // SQLite's journal of the copy, while a step is being written
  fs.rmSync(tmp, { force: true });
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600)); // private from its first byte
  try {
    const copied = opts.on !== 'thread' && store.file !== ':memory:' && (await copyOnWorker(store, tmp, opts));
    if (!copied) {
      opts.onCopy?.('thread');
      await copyOnThisThread(store, tmp, opts);
    }
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
    throw e;
  } finally {
    untrackTemp(tmp);
    untrackTemp(`${tmp}-journal`);
  }
  return target;
}

const closedMidCopy = () => new AppError('conflict', 'the store was closed before its backup was finished; no backup was written');

/** Copies now running on a worker, by store, each with what stops it (stopBackups). */
const copies = new WeakMap<Store, Set<(why: string) => Promise<void>>>();

/** How many backups of `store` are now being copied on a worker (each holds a snapshot of it). */
export function backupsRunning(store: Store): number {
  return copies.get(store)?.size ?? 0;
}

/**
 * Stops every backup of `store` being copied on a worker, and waits until each has let go of the
 * store: its worker gone, and what the app wrote during the copy (which the copy's snapshot kept
 * out of the file) folded in. Their callers get a 'conflict' error saying `why`, and no file.
 * A restore does this first: while a copy's snapshot is held, the store's WAL cannot be folded in,
 * and the restore would have to refuse (restoreBackup).
 */
export async function stopBackups(store: Store, why: string): Promise<void> {
  await Promise.all([...(copies.get(store) ?? [])].map((stop) => stop(why)));
}

/**
 * The copy on a worker thread. False (nothing copied) when the worker cannot open the store with
 * its own engine (e.g. where workers cannot load it): the caller then copies on this thread.
 */
function copyOnWorker(store: Store, tmp: string, opts: BackupOptions): Promise<boolean> {
  const db = store.db;
  const { stepBudgetMs, syncEveryBytes } = opts.tuning ?? { stepBudgetMs: WORKER_STEP_BUDGET_MS, syncEveryBytes: SYNC_EVERY_BYTES };
  return new Promise((resolve, reject) => {
    let settled = false;
    // the app's checkpoints wait while the worker holds its snapshot, and until what the app wrote
    // meanwhile is folded in, off this thread
    let release: (() => void) | null = null;
    let gone!: () => void;
    const over = new Promise<void>((r) => (gone = r));
    const end = (e: Error | null, copied = true) => {
      if (settled) return;
      settled = true;
      // settled once the worker is gone: nothing writes into the copy after the caller removes it
      const settle = () => {
        mine.delete(stop); // counted as running until then: a restore waits for the fold too
        gone();
        if (e) reject(e);
        else resolve(copied);
      };
      w.terminate()
        .then(() => (release ? store.checkpoints.fold() : undefined))
        .finally(() => release?.())
        .then(settle, settle);
    };
    const stop = (why: string) => {
      end(new AppError('conflict', `the backup was stopped (${why}); no backup was written`));
      return over;
    };
    const w = new Worker(BACKUP_WORKER, {
      eval: true,
      workerData: { ...workerSqlite(), source: path.resolve(store.file), target: tmp, stepBudgetMs, syncEveryBytes, pace: opts.pace ?? PACE_BYTES_PER_SECOND, piece: PACED_PIECE_BYTES },
    });
    // registered once its worker exists (`new Worker` throws when no thread can be made: nothing to stop)
    const mine = copies.get(store) ?? new Set();
    copies.set(store, mine);
    mine.add(stop);
    w.on('message', (m: { type: 'unavailable' | 'started' | 'step' | 'done' | 'failed'; message?: string; totalPages?: number; remainingPages?: number }) => {
      if (!db.open) return end(closedMidCopy());
      if (m.type === 'unavailable') return end(null, false);
      if (m.type === 'started') {
        release = store.checkpoints.hold();
        opts.onCopy?.('worker');
      }
      if (m.type === 'step') opts.onStep?.({ totalPages: m.totalPages!, remainingPages: m.remainingPages! });
      if (m.type === 'failed') end(new Error(`the backup failed: ${m.message}`));
      if (m.type === 'done') end(null);
    });
    w.on('error', (e) => end(e));
    w.on('exit', () => end(new Error('the backup worker stopped before the copy was finished')));
  });
}

/**
 * The copy on this thread, in steps of a few milliseconds; saves made meanwhile through the same
 * connection are carried into the copy, so it is the store as it was when the copy finished.
 */
async function copyOnThisThread(store: Store, tmp: string, opts: BackupOptions): Promise<void> {
  const fd = fs.openSync(tmp, 'r+');
  // The copy's own commit ends with an fsync of the whole file, on this thread. Flushing what is
  // already written every few MB, on libuv's pool, leaves that last fsync only the tail to write.
  let unsynced = 0;
  let syncing = false;
  const { stepBudgetMs, syncEveryBytes } = opts.tuning ?? { stepBudgetMs: STEP_BUDGET_MS, syncEveryBytes: SYNC_EVERY_BYTES };
  try {
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    let pages = 64;
    let t0 = performance.now();
    await store.db.backup(tmp, {
      progress: (p) => {
        const took = performance.now() - t0;
        unsynced += pages * pageSize;
        if (unsynced >= syncEveryBytes && !syncing) {
          syncing = true;
          unsynced = 0;
          fs.fdatasync(fd, () => void (syncing = false));
        }
        pages = Math.max(16, Math.min(4096, Math.round(pages * (took > 0 ? Math.min(2, stepBudgetMs / took) : 2))));
        opts.onStep?.(p);
        t0 = performance.now();
        return pages;
      },
    });
    // The copy carries the store's WAL flag (header bytes 18-19 = 2); alone, without a WAL, it is
    // a rollback-journal database (1): what `journal_mode = DELETE` would write, without opening
    // and syncing it on this thread.
    const h = await fs.promises.open(tmp, 'r+');
    try {
      await h.write(Buffer.from([1, 1]), 0, 2, 18);
      await h.datasync();
    } finally {
      await h.close();
    }
  } finally {
    while (syncing) await new Promise((r) => setTimeout(r, 5));
    fs.closeSync(fd);
  }
}

export function backupDir(store: Store): string {
  return path.join(path.dirname(path.resolve(store.file)), 'backups');
}

/** A backup made on demand (the CLI's `backup create`, the app's "make a backup now"): a file named by its time in the backups folder; the daily rotation leaves it. */
export function datedBackupFile(store: Store, now = new Date()): string {
  return path.join(backupDir(store), `gcm-review-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
}

export interface Rotation {
  /** Most daily copies kept (default 7). */
  keep?: number;
  /** Most bytes the daily copies may take together (default: the larger of 1 GiB and 3 copies of the newest); the newest is always kept. */
  budgetBytes?: number;
  today?: Date;
}

const DAILY = /^gcm-review-\d{4}-\d{2}-\d{2}\.sqlite$/;
const running = new WeakMap<Store, Promise<string | null>>();

/**
 * Makes today's backup if there is none yet, then rotates: the newest `keep` copies, and fewer
 * while they exceed the size budget. Returns the new file, if any. One run at a time per store.
 */
export function dailyBackup(store: Store, rotation: Rotation = {}): Promise<string | null> {
  const busy = running.get(store);
  if (busy) return busy;
  const run = dailyBackupNow(store, rotation).finally(() => running.delete(store));
  running.set(store, run);
  return run;
}

async function dailyBackupNow(store: Store, { keep = 7, budgetBytes, today = new Date() }: Rotation): Promise<string | null> {
  if (store.file === ':memory:') return null;
  const dir = backupDir(store);
  const name = `gcm-review-${today.toISOString().slice(0, 10)}.sqlite`;
  let made: string | null = null;
  if (!fs.existsSync(path.join(dir, name))) made = await backupTo(store, path.join(dir, name));
  await rotate(dir, keep, budgetBytes);
  return made;
}

/**
 * Removes the oldest daily copies beyond `keep`, then while over the budget (never the newest), and
 * partial copies left by a crash. Copies are as large as the store: they are removed gently
 * (remove-gently.ts), off the event loop, so saves made meanwhile do not wait for the disk.
 */
export async function rotate(dir: string, keep: number, budgetBytes?: number): Promise<void> {
  if (!fs.existsSync(dir)) return;
  const names = fs.readdirSync(dir);
  const hour = Date.now() - 60 * 60 * 1000;
  for (const f of names) {
    const full = path.join(dir, f);
    if (/\.partial-\d+$/.test(f) && !f.endsWith(`.partial-${process.pid}`) && fs.statSync(full).mtimeMs < hour) await removeGently(full);
    else if (DAILY.test(f.slice(0, -REMOVING.length)) && f.endsWith(REMOVING)) await removeGently(full); // cut halfway before a quit
  }
  const daily = names.filter((f) => DAILY.test(f)).sort().map((f) => ({ file: path.join(dir, f), size: fs.statSync(path.join(dir, f)).size }));
  const newest = daily[daily.length - 1];
  if (!newest) return;
  const budget = budgetBytes ?? Math.max(1024 ** 3, 3 * newest.size);
  let total = daily.reduce((n, d) => n + d.size, 0);
  const gone: string[] = [];
  while (daily.length > 1 && (daily.length > Math.max(1, keep) || total > budget)) {
    const old = daily.shift()!;
    gone.push(old.file);
    total -= old.size;
  }
  for (const f of gone) await removeGently(f);
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
    // the full check (indexes against tables too), not quick_check: a backup is what one falls back on
    const problems = (db.pragma('integrity_check(5)') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((x) => x !== 'ok');
    if (problems.length) throw new AppError('bad_file', `${file} is damaged: ${problems.join('; ').replace(/\*\*\* in database \w+ \*\*\*\s*/g, '').replace(/\s*\n\s*/g, ' ').slice(0, 300)}`);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) throw new AppError('bad_file', `${file} is not a GCM Review store (it belongs to another application)`);
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
      let r: { busy: number; log: number; checkpointed: number } | undefined;
      try {
        [r] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      } finally {
        db.close();
      }
      // Busy: another connection (a backup's worker holding its snapshot, a checkpoint on a worker)
      // kept part of the WAL out of the file; removing the WAL below would lose those saves.
      const walLeft = fs.existsSync(`${target}-wal`) && fs.statSync(`${target}-wal`).size > 0;
      if (!r || r.busy !== 0 || r.log !== r.checkpointed || walLeft) {
        throw new AppError('conflict', 'the store is still being read (a backup or checkpoint is running): try the restore again in a minute', {
          key: 'safety.storeBusy',
        });
      }
      fs.renameSync(target, kept);
      for (const ext of ['-wal', '-shm']) fs.rmSync(target + ext, { force: true });
    }
    fs.copyFileSync(from, `${target}.restoring`);
    fs.renameSync(`${target}.restoring`, target);
    return kept;
  });
}
