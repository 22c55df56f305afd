/**
 * Who has the store open for writing, visible to every process: `<store>.lock`, one line per
 * holder (`pid kind token`). Every writer registers before it opens the database (the app, browser
 * mode, CLI commands) and removes its line when it closes; `backup restore` refuses while another
 * live process is listed and names it. SQLite serialises the writes themselves; this file only
 * makes the holders visible. Changes to it are made under a short mutex (`<store>.lock.m`, created
 * exclusively), so two processes registering at once never lose each other's line, and a restore
 * holds that mutex while it replaces the file, so nobody opens the store half-way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';

export type HolderKind = 'app' | 'serve' | 'cli' | 'other';
export interface Holder {
  pid: number;
  kind: HolderKind;
  token: string;
}

export const lockFileOf = (dbFile: string) => `${dbFile}.lock`;
const mutexOf = (dbFile: string) => `${dbFile}.lock.m`;

const MUTEX_WAIT_MS = 10_000;
/**
 * A mutex without a pid older than this was left by a process that died as it took it (killed
 * between creating the file and writing its pid, a window of microseconds). Well under
 * MUTEX_WAIT_MS, so the next opener clears it instead of giving up.
 */
const MUTEX_STALE_MS = 2_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid written in a mutex file, or null while it has none (just created, or its writer died
 * before writing it).
 */
function mutexPid(file: string): number | null {
  const text = fs.readFileSync(file, 'utf8').trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * Removes the mutex if the process that took it is gone: its pid is no longer alive (a writer
 * SIGKILLed inside its few-millisecond change), or it has no pid and is older than MUTEX_STALE_MS.
 * A live holder's mutex is never removed, however long it holds it (a restore copying a big file).
 * The file is first renamed aside (only one waiter can win that) and checked again there, so a
 * mutex taken afresh meanwhile by a live process is put back, not deleted.
 */
function clearAbandoned(m: string): void {
  try {
    const pid = mutexPid(m);
    if (pid !== null ? processAlive(pid) : Date.now() - fs.statSync(m).mtimeMs <= MUTEX_STALE_MS) return;
    const aside = `${m}.dead-${process.pid}`;
    fs.renameSync(m, aside);
    const again = mutexPid(aside);
    if (again !== pid && again !== null && processAlive(again)) {
      try {
        fs.linkSync(aside, m); // put a live holder's mutex back (never over a newer one)
      } catch {
        /* a newer mutex is there: that one stands */
      }
    }
    fs.rmSync(aside, { force: true });
  } catch {
    /* gone meanwhile, or another waiter cleared it: try again */
  }
}

/** Runs `fn` holding the store's lock-file mutex (synchronously; waits up to 10 s for it). */
export function withStoreMutex<T>(dbFile: string, fn: () => T): T {
  const m = mutexOf(dbFile);
  const deadline = Date.now() + MUTEX_WAIT_MS;
  let fd: number | null = null;
  while (fd === null) {
    try {
      fd = fs.openSync(m, 'wx', 0o600);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new AppError('bad_file', `cannot create ${m}: ${code ?? (e as Error).message}`);
      clearAbandoned(m);
      if (Date.now() > deadline) throw new AppError('conflict', `the store's lock (${m}) stays taken; if no GCM Review is running, delete that file`, { key: 'safety.lockStuck', params: { file: m } });
      sleep(5 + Math.random() * 20);
    }
  }
  try {
    fs.writeSync(fd, String(process.pid));
    return fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(m, { force: true });
  }
}

function readHolders(dbFile: string): Holder[] {
  let text: string;
  try {
    text = fs.readFileSync(lockFileOf(dbFile), 'utf8');
  } catch {
    return [];
  }
  const out: Holder[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (app|serve|cli|other) (\S+)$/.exec(line.trim());
    if (m) out.push({ pid: Number(m[1]), kind: m[2] as HolderKind, token: m[3]! });
  }
  return out;
}

function writeHolders(dbFile: string, holders: Holder[]): void {
  const file = lockFileOf(dbFile);
  if (!holders.length) return void fs.rmSync(file, { force: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, holders.map((h) => `${h.pid} ${h.kind} ${h.token}\n`).join(''), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The live holders of the store (dead processes' lines are ignored). */
export function liveHolders(dbFile: string): Holder[] {
  return readHolders(dbFile).filter((h) => processAlive(h.pid));
}

/** Live holders other than this process. */
export function otherHolders(dbFile: string): Holder[] {
  return liveHolders(dbFile).filter((h) => h.pid !== process.pid);
}

export function describeHolder(h: Holder): string {
  const what = h.kind === 'app' ? 'the GCM Review app' : h.kind === 'serve' ? 'GCM Review in browser mode (npm run serve)' : h.kind === 'cli' ? 'a GCM Review command' : 'GCM Review';
  return `${what}, process ${h.pid}`;
}

export interface StoreLease {
  readonly token: string;
  release(): void;
}

const noLease: StoreLease = { token: '', release: () => {} };

/** Registers this process as a writer of the store. `release()` is idempotent. */
export function registerWriter(dbFile: string, kind: HolderKind): StoreLease {
  if (dbFile === ':memory:') return noLease;
  const token = crypto.randomBytes(6).toString('hex');
  withStoreMutex(dbFile, () => writeHolders(dbFile, [...liveHolders(dbFile), { pid: process.pid, kind, token }]));
  let released = false;
  return {
    token,
    release: () => {
      if (released) return;
      released = true;
      try {
        withStoreMutex(dbFile, () => writeHolders(dbFile, liveHolders(dbFile).filter((h) => h.token !== token)));
      } catch {
        /* a stale line is ignored once the process is gone */
      }
    },
  };
}

/** What kind of writer this process is; entry points set it once (the app, serve). */
let processKind: HolderKind = 'other';
export function setWriterKind(kind: HolderKind): void {
  processKind = kind;
}
export const writerKind = () => processKind;
