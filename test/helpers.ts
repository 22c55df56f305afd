import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { runCli } from '../main/cli/index';
import { createServices, type Services } from '../main/services';
import { getRevisionRow } from '../main/store/revisions';
import { idText } from '../main/store/revision-id';

/**
 * What a test made is removed after that test; what a beforeAll made (a host shared by the
 * file's tests, its store) is removed after the file, not under the feet of the next test.
 */
const testCleanups: Array<() => void> = [];
const fileCleanups: Array<() => void> = [];
const cleanups = { push: (f: () => void) => (expect.getState().currentTestName ? testCleanups : fileCleanups).push(f) };
afterEach(() => {
  while (testCleanups.length) testCleanups.pop()!();
});
afterAll(() => {
  while (fileCleanups.length) fileCleanups.pop()!();
});

/** Runs `f` after the test (or the file, from a beforeAll), before what was made earlier is removed (last in, first out). */
export const afterTest = (f: () => void): void => void cleanups.push(f);

/** A fresh temporary directory, removed after the test (or after the file, when made in a beforeAll). */
export function tempDir(prefix = 'gcm-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Services over a real SQLite file in a temp dir, closed after the test. */
export function makeServices(file = path.join(tempDir(), 'store.sqlite'), opts?: Parameters<typeof createServices>[1]): Services {
  const s = createServices(file, opts);
  cleanups.push(() => s.close());
  return s;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process against `db`. */
export async function cli(db: string, ...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--db', db, ...args], { out: (s) => void out.push(s), err: (s) => void err.push(s) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

/**
 * A file's bytes and the store's table contents, to prove a refused operation changed nothing
 * (without the caches derived from revisions: the search index and the kept session summaries).
 * The index catches up in the background at any moment, and its log (search_pending) and each
 * answer's indexed_revision_id move with it: they are left out too, so a snapshot taken before an
 * operation and one after compare what was saved, not how far the index had got.
 */
export function storeSnapshot(s: Services): string {
  // what background work writes is left out, or read as what it stands for: the search index and
  // its bookkeeping, kept session summaries, and how a revision's value is encoded (compaction,
  // 2 s after saves pause, re-encodes bodies without changing a value: the value is compared)
  const tables = s.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'answers_fts%' AND name NOT IN ('session_summaries', 'search_pending', 'revisions_to_compact') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  const saved = (table: string) => (row: Record<string, unknown>) => {
    const { indexed_revision_id: _index, ...rest } = row;
    if (table === 'revisions') rest.body = getRevisionRow(s.store, idText(row.id as string))?.value;
    return rest;
  };
  return JSON.stringify(tables.map(({ name }) => [name, (s.store.db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all() as Array<Record<string, unknown>>).map(saved(name))]));
}

/** Waits for a state (never for a time): polls `cond` until it holds, failing after `ms`. */
export async function waitFor(cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The WAL-index header of a store in WAL mode, read from its -shm file (sqlite.org/walformat.html):
 * frames in the WAL (mxFrame, offset 16) and how many of them are in the database file (nBackfill,
 * offset 96). Read here independently of main's own reader (checkpoint.ts), as the tests' oracle.
 * Opening and closing the -shm releases this process's POSIX locks on it, SQLite's included
 * (test/shm-locks.test.ts): only for stores no other process opens meanwhile.
 */
export function walIndex(storeFile: string): { frames: number; inFile: number } {
  const b = fs.readFileSync(`${storeFile}-shm`).subarray(0, 100);
  return { frames: b.readUInt32LE(16), inFile: b.readUInt32LE(96) };
}
