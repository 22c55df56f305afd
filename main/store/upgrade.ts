/**
 * Upgrading an older store without freezing the process that shows it (issue 13): the host and the
 * desktop app open a store that needs migrating on a worker thread (main/store/upgrade-worker.ts),
 * hearing its progress, and only then open it themselves (already at the latest schema: at once).
 * The CLI migrates on its own thread and prints the progress (main/cli/upgrade-line.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LATEST_VERSION, type UpgradeListener, type UpgradeStep } from './migrations';
import { writerKind, type HolderKind } from './lock';
import { Store } from './store';
import { workerSqlite } from './worker-sqlite';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Whether opening `file` may have to migrate it: its header's user_version (bytes 60-63) is older
 * than this app's schema. Read from the file, without SQLite: a change still in the WAL can only be
 * newer, so a store this says is current is current (and one it wrongly calls older costs a worker
 * that finds nothing to do). A missing, empty or foreign file: false (the ordinary open says why).
 */
export function storeNeedsUpgrade(file: string): boolean {
  if (file === ':memory:') return false;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(64);
    if (fs.readSync(fd, head, 0, 64, 0) < 64 || head.toString('latin1', 0, 16) !== SQLITE_HEADER) return false;
    const version = head.readUInt32BE(60);
    return version > 0 && version < LATEST_VERSION;
  } finally {
    fs.closeSync(fd);
  }
}

/** What a worker is given: the store, who opens it (for the lock file), and how to load SQLite. */
export interface UpgradeWorkerData {
  file: string;
  kind: HolderKind;
  sqlite: ReturnType<typeof workerSqlite>;
}

export type UpgradeWorkerMessage = { type: 'progress'; step: UpgradeStep } | { type: 'done' } | { type: 'failed'; message: string };

/** In the worker: opens (and so upgrades) the store as the app would, telling `post` as it goes, then closes it. */
export function runUpgrade(file: string, post: (m: UpgradeWorkerMessage) => void): void {
  try {
    const store = new Store(file, { create: false, onProgress: (step) => post({ type: 'progress', step }) });
    store.close();
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * The worker for this build: `script` (a bundled worker file, the desktop app's), else the
 * TypeScript source run through tsx (browser mode and the tests run from source).
 */
function startWorker(data: UpgradeWorkerData, script?: string): Worker {
  if (script) return new Worker(script, { workerData: data });
  const entry = pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), 'upgrade-worker.ts')).href;
  // tsx's ES module API (its CommonJS build registers a loader that a worker cannot find)
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: data });
}

export interface WorkerUpgrade {
  /** Resolves when the store is upgraded; rejects with the reason the open failed (a foreign, damaged or newer store...). */
  done: Promise<void>;
  /** Stops the worker (a migration stopped half-way is rolled back, as after a crash). */
  stop(): Promise<void>;
}

/** Upgrades `file` on a worker thread; this thread keeps answering meanwhile. */
export function upgradeOnWorker(file: string, onProgress: UpgradeListener, opts: { script?: string } = {}): WorkerUpgrade {
  const w = startWorker({ file: path.resolve(file), kind: writerKind(), sqlite: workerSqlite() }, opts.script);
  const done = new Promise<void>((resolve, reject) => {
    let settled = false;
    const end = (e: Error | null) => {
      if (settled) return;
      settled = true;
      if (e) reject(e);
      else resolve();
    };
    w.on('message', (m: UpgradeWorkerMessage) => {
      if (m.type === 'progress') onProgress(m.step);
      else if (m.type === 'done') end(null);
      else end(new Error(m.message));
    });
    w.on('error', (e) => end(e));
    w.on('exit', (code) => end(new Error(`the store upgrade stopped before it was finished (worker exit ${code})`)));
  });
  done.catch(() => {}); // heard through `done` by whoever waits for it
  return { done, stop: async () => void (await w.terminate()) };
}
