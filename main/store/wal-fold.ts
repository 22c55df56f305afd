/**
 * Folds a store's WAL into its file from a worker thread: a checkpoint of a large WAL (after a
 * bulk import or merge, or the WAL a backup's snapshot held back) writes as much as the WAL holds
 * and syncs the file, which on the app's thread is time no call is answered (230 ms for the WAL of
 * a backup of the scale bench's store, 17th part). The worker opens the store with a connection of
 * its own and checkpoints PASSIVE (it never waits for the app, which keeps writing), three times:
 * the second and third passes take what the app wrote during the first, so the app's next
 * checkpoint finds only a few saves' worth. Null when no worker can open the store (the caller
 * then checkpoints on its own thread).
 */
import { Worker } from 'node:worker_threads';
import type { CheckpointResult } from './checkpoint';
import { workerSqlite } from './worker-sqlite';


const FOLD_WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
try {
  const Database = require('node:module').createRequire(w.base)('better-sqlite3');
  // the store is opened by its name: a file put there since the app opened its own (a copy over it)
  // would be checkpointed with the app's -wal and -shm (SQLite opens an existing -wal whatever the
  // header says): the old store's frames folded into the new file, and marked as folded for the app
  const same = () => {
    const st = require('node:fs').statSync(w.file); // numbers, as Store.fileId (same rounding of 64-bit ids)
    return w.id !== null && st.dev === w.id.dev && st.ino === w.id.ino;
  };
  if (!same()) throw new Error('the store file is not the one the app has open');
  if (Atomics.load(w.finished, 1)) throw new Error('the store is closing'); // stop(): no connection opened now
  const db = new Database(w.file, w.nativeBinding ? { fileMustExist: true, nativeBinding: w.nativeBinding } : { fileMustExist: true });
  try {
    if (!same()) throw new Error('the store file is not the one the app has open'); // opening reads nothing yet
    let r;
    for (let pass = 0; pass < 3 && !(pass > 0 && Atomics.load(w.finished, 1)); pass++) r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed, busy: r.busy !== 0 });
  } finally {
    db.close();
  }
} catch (e) {
  parentPort.postMessage({ error: e.message });
} finally {
  Atomics.store(w.finished, 0, 1);
  Atomics.notify(w.finished, 0);
}
`;

export interface Fold {
  /** What the last pass found; null where no worker could open the store. */
  result: Promise<CheckpointResult | null>;
  /**
   * Tells the worker to stop (it opens no connection from now on, and makes no further pass), then
   * blocks this thread until the worker's connection is closed (at most `ms`). The store's own
   * connection must not close first: the worker's would then be the store's last, and SQLite
   * removes the WAL file by its name when its last connection closes (after a restore, the
   * name of the new store's WAL).
   */
  finish(ms?: number): void;
}

/** Checkpoints the store `file` (PASSIVE, three passes) on a worker thread, if it is still the file `id` (dev, ino) the app has open. */
export function foldOnWorker(file: string, id: { dev: number; ino: number } | null): Fold {
  // [0]: the worker's connection is closed (or was never opened); [1]: the store is closing
  const finished = new Int32Array(new SharedArrayBuffer(8));
  const result = new Promise<CheckpointResult | null>((resolve) => {
    let answer: CheckpointResult | null = null;
    const w = new Worker(FOLD_WORKER, { eval: true, workerData: { ...workerSqlite(), file, id, finished } });
    w.once('message', (m: CheckpointResult | { error: string }) => {
      if (!('error' in m)) answer = m;
    });
    w.once('error', () => {
      // the worker could not run its code (e.g. it cannot start): nothing of it is left to wait for
      Atomics.store(finished, 0, 1);
    });
    w.once('exit', () => {
      Atomics.store(finished, 0, 1);
      resolve(answer);
    });
  });
  return {
    result,
    finish: (ms = 30_000) => {
      Atomics.store(finished, 1, 1); // a worker not yet started opens nothing; one running stops after its pass
      Atomics.wait(finished, 0, 0, ms);
    },
  };
}
