/**
 * Upgrading an older store without freezing the process that shows it (issue 13): the host and the
 * desktop app open a store that needs migrating on a worker thread (main/store/upgrade-worker.ts),
 * hearing its progress, and only then open it themselves (already at the latest schema: at once).
 * The CLI migrates on its own thread and prints the progress (main/cli/upgrade-line.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
 * The worker's file beside this module: the TypeScript source (run through tsx: browser mode and
 * the tests run from source), or the bundle a build put there (`upgrade-worker.cjs` beside the
 * desktop app's main bundle, `.mjs` beside a bundled host). Null: none (the upgrade then runs here).
 */
function workerFile(): { file: string; source: boolean } | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const [name, source] of [['upgrade-worker.ts', true], ['upgrade-worker.mjs', false], ['upgrade-worker.cjs', false]] as const) {
    if (fs.existsSync(path.join(here, name))) return { file: path.join(here, name), source };
  }
  return null;
}

function startWorker(data: UpgradeWorkerData, w: { file: string; source: boolean }): Worker {
  if (!w.source) return new Worker(w.file, { workerData: data });
  // tsx's ES module API (its CommonJS build registers a loader that a worker cannot find)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(pathToFileURL(w.file).href)}); })`, { eval: true, workerData: data });
}

export interface WorkerUpgrade {
  /** Resolves when the store is upgraded; rejects with the reason the open failed (a foreign, damaged or newer store...). */
  done: Promise<void>;
  /** Stops the worker (a migration stopped half-way is rolled back, as after a crash). */
  stop(): Promise<void>;
}

/** Upgrades `file` on a worker thread; this thread keeps answering meanwhile. */
export function upgradeOnWorker(file: string, onProgress: UpgradeListener): WorkerUpgrade {
  const entry = workerFile();
  if (!entry) return upgradeHere(file, onProgress);
  const w = startWorker({ file: path.resolve(file), kind: writerKind(), sqlite: workerSqlite() }, entry);
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

/** Where no worker file is found: the upgrade on this thread (progress still heard; nothing else answers meanwhile). */
function upgradeHere(file: string, onProgress: UpgradeListener): WorkerUpgrade {
  const done = new Promise<void>((resolve, reject) =>
    setImmediate(() =>
      runUpgrade(file, (m) => {
        if (m.type === 'progress') onProgress(m.step);
        else if (m.type === 'done') resolve();
        else reject(new Error(m.message));
      }),
    ),
  );
  done.catch(() => {});
  return { done, stop: async () => {} };
}
