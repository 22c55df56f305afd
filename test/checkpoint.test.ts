/**
 * Checkpoints taken when writes pause, never inside a save (main/store/checkpoint.ts, issue 13).
 * Crashes with this policy: test/durability.test.ts.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactionBehind } from '../main/store/revision-compaction';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { HARD_WAL_BYTES, hasNoopCheckpoint, IDLE_MS, IdleCheckpoint, OFF_THREAD_BYTES, walPendingBytes } from '../main/store/checkpoint';
import { APPLICATION_ID } from '../main/store/migrations/005_store_safety';
import { textToDoc } from '../shared/plaintext';
import { makeServices, tempDir, waitFor, walIndex } from './helpers';

const PAGE = 4096;
const FRAME = PAGE + 24;
const answer = (i: number) => ({ kind: 'answer' as const, doc: textToDoc(`answer ${i} ` + 'words of a long answer '.repeat(200)) });
/** Frames in the WAL now (and checkpoints it: only call it when a checkpoint is what is wanted). */
const walFrames = (db: Database.Database) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;

/** The WAL header's salts: new ones each time the WAL starts again (the -wal file: SQLite holds no lock on it). */
const walSalts = (storeFile: string) => fs.readFileSync(`${storeFile}-wal`).subarray(16, 24).toString('hex');

/** A plain WAL database with SQLite's own checkpoints off and one table of blobs. */
function rawWal() {
  const file = path.join(tempDir(), 'raw.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (v BLOB)');
  return { file, db };
}

describe('checkpoints on idle', () => {
  it('no save checkpoints: the WAL grows past SQLite’s 1,000 pages across saves, then one idle checkpoint takes it all and the WAL starts again', async () => {
    const s = makeServices();
    const db = s.store.db;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(HARD_WAL_BYTES / 4096); // SQLite's own: a hard bound only
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL: an acknowledged save is on disk
    const wal = `${s.store.file}-wal`;
    const d = await invoke(s.handlers, 'createDraft', { title: 'WAL' });
    let base: string | null = null;
    let last = fs.statSync(wal).size;
    const before = s.store.checkpoints.count;
    for (let i = 0; i < 300; i++) {
      const count = s.store.checkpoints.count;
      base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(i), baseRevisionId: base })).revisionId;
      expect(s.store.checkpoints.count).toBe(count); // nothing checkpointed inside the save
      const size = fs.statSync(wal).size;
      expect(size).toBeGreaterThan(last); // every save appends to the WAL: it was never reset meanwhile
      last = size;
    }
    expect(s.store.checkpoints.count).toBe(before);
    // SQLite's default would have checkpointed and restarted the WAL at 1,000 pages
    expect(last).toBeGreaterThan(1000 * FRAME);
    // the saves' encoding, begun every few saves (Fields.scheduleIndex), goes on as writes too, into the same WAL
    await waitFor(() => !compactionBehind(s.store));
    expect(s.store.checkpoints.count).toBe(before);
    last = fs.statSync(wal).size;
    // writes pause: the idle checkpoint runs once (this WAL is large: on a worker, wal-fold.ts)
    await new Promise((ok) => setTimeout(ok, IDLE_MS + 300));
    await waitFor(() => s.store.checkpoints.count > before && !s.store.checkpoints.held);
    expect(s.store.checkpoints.count).toBe(before + 1);
    // the WAL starts again from its beginning: it holds one more save (and what background work
    // wrote since: the search index and the revisions' encoding start 2 s after saves pause)
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(1000), baseRevisionId: base });
    expect(walFrames(db)).toBeLessThan(last / FRAME / 4);
    expect(fs.statSync(wal).size).toBe(last); // reused, not grown
  }, 60_000);

  it('once writes pause, the WAL starts again at the checkpoint, not in the next save (one sync of the WAL for that save instead of two)', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Rewind' });
    const salts = () => walSalts(s.store.file);
    const bases: Record<string, string | null> = { 'II.c': null, 'II.d': null };
    const save = async (field: 'II.c' | 'II.d', i: number) => (bases[field] = (await invoke(s.handlers, 'saveField', { draftId: d.id, field, value: answer(i), baseRevisionId: bases[field]! })).revisionId);
    for (let round = 0; round < 3; round++) {
      await save('II.c', round);
      const saved = salts();
      const count = s.store.checkpoints.count;
      expect(s.store.checkpoints.run()).toMatchObject({ busy: false }); // as the idle checkpoint does
      expect(s.store.checkpoints.count).toBe(count + 1);
      const rewound = salts();
      expect(rewound).not.toBe(saved); // started again here
      expect(walIndex(s.store.file)).toEqual({ frames: 1, inFile: 0 }); // with one frame, page 1, unchanged
      await save('II.d', round + 10);
      expect(salts()).toBe(rewound); // the save appended to it
      expect(walIndex(s.store.file).frames).toBeGreaterThan(1);
      expect(s.store.checkpoints.count).toBe(count + 1); // and the rewind armed no checkpoint by itself: it is not a write
    }
    // nothing of the store changed by it
    expect(s.store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(s.store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('bookkeeping written unsynced never leaves the store unsynced: a transaction left open is rolled back and FULL comes back', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Sync' });
    const db = s.store.db;
    expect(() =>
      s.store.unsynced(() => {
        db.exec('BEGIN IMMEDIATE');
        db.prepare("INSERT INTO settings (key, value) VALUES ('probe.left-open', 'x')").run();
        throw new Error('a ROLLBACK that failed');
      }),
    ).toThrow('a ROLLBACK that failed');
    expect(db.inTransaction).toBe(false);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'probe.left-open'").pluck().get()).toBe(0);
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(3), baseRevisionId: null });
  });

  it('the WAL is not started again where another process holds the write lock: no wait, the next save does it', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Busy' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(1), baseRevisionId: null });
    const salts = () => walSalts(s.store.file);
    const before = salts();
    const other = new Database(s.store.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const t0 = performance.now();
      expect(s.store.checkpoints.run()).not.toBeNull();
      // SQLITE_BUSY at once, not after the store's 5 s busy timeout
      expect(performance.now() - t0).toBeLessThan(2500);
      expect(salts()).toBe(before);
      expect(s.store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(s.store.db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(2), baseRevisionId: null }).catch(() => null);
    const r = await invoke(s.handlers, 'getDraft', { draftId: d.id });
    expect(JSON.stringify(r)).toContain('answer 1');
  });

  it('the pending WAL is read without checkpointing, and only from an SQLite that knows NOOP (an older one would checkpoint here)', () => {
    const { db } = rawWal();
    expect(hasNoopCheckpoint(db)).toBe(true); // better-sqlite3's bundled SQLite
    db.prepare('INSERT INTO t (v) VALUES (?)').run(Buffer.alloc(9000, 1));
    const pending = walPendingBytes(db);
    expect(pending).toBeGreaterThan(2 * 4096);
    expect(walPendingBytes(db)).toBe(pending); // nothing folded in by asking
    // (a connection's version, as a stand-in for the Electron binding's: before 3.51 NOOP is read as PASSIVE)
    const older = { prepare: () => ({ get: () => ({ v: '3.50.4' }) }) } as unknown as Database.Database;
    expect(hasNoopCheckpoint(older)).toBe(false);
    expect(() => walPendingBytes(older)).toThrow(/3\.50\.4 has no wal_checkpoint\(NOOP\)/);
    expect(hasNoopCheckpoint({ prepare: () => ({ get: () => ({ v: '4.0.0' }) }) } as unknown as Database.Database)).toBe(true);
  });

  it('writes that never pause are checkpointed between two of them past the cap, and at close', async () => {
    const { file, db } = rawWal();
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const cp = new IdleCheckpoint(() => db, `${file}-wal`, { idleMs: 60_000, maxWrites: 10 });
    for (let i = 0; i < 9; i++) {
      ins.run(Buffer.alloc(3000, i));
      cp.wrote();
    }
    await new Promise((ok) => setImmediate(ok));
    expect(cp.count).toBe(0);
    ins.run(Buffer.alloc(3000, 9));
    cp.wrote(); // the 10th: scheduled for the next turn, not run here
    expect(cp.count).toBe(0);
    await new Promise((ok) => setImmediate(ok));
    expect(cp.count).toBe(1);
    // by size: a WAL past the cap
    const bySize = new IdleCheckpoint(() => db, `${file}-wal`, { idleMs: 60_000, maxWrites: 1e9, maxWalBytes: 64 * 1024 });
    for (let i = 0; i < 40; i++) ins.run(Buffer.alloc(3000, i));
    bySize.wrote();
    await new Promise((ok) => setImmediate(ok));
    expect(bySize.count).toBe(1);
    // at close: the timers stop, one last checkpoint
    ins.run(Buffer.alloc(3000, 1));
    cp.wrote();
    cp.stop();
    expect(cp.count).toBe(2);
    db.close();
  });

  it('the store closes with its WAL folded in, and reopens with the same policy', async () => {
    const file = path.join(tempDir(), 'store.sqlite');
    const s = createServices(file);
    const d = await invoke(s.handlers, 'createDraft', { title: 'Close' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(1), baseRevisionId: null });
    s.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const s2 = makeServices(file);
    expect(s2.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(HARD_WAL_BYTES / 4096);
    expect((await invoke(s2.handlers, 'getDraft', { draftId: d.id })).fields['II.c']).toBeTruthy();
  });

  it('a WAL file that grew far past the cap is cut back one step per restart, never all at once inside a commit', () => {
    const { file, db } = rawWal();
    const wal = `${file}-wal`;
    const MB = 1024 * 1024;
    const cp = new IdleCheckpoint(() => db, wal, { idleMs: 60_000, maxWrites: 1e9, maxWalBytes: MB, shrinkStepBytes: MB });
    cp.fitLimit();
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(MB);
    // 6 MB in the WAL at once, as a bulk import (or the writes during a backup's snapshot) leave it
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 6 * 256; i++) ins.run(crypto.randomBytes(3500));
    })();
    const grown = fs.statSync(wal).size;
    expect(grown).toBeGreaterThan(6 * MB);
    const sizes = [grown];
    for (let i = 0; i < 10; i++) {
      const r = cp.run()!; // all of it folded in; the limit one step below the file's size
      expect(r.checkpointed).toBe(r.log);
      ins.run(Buffer.alloc(100, i)); // the WAL starts again: this commit cuts the file to the limit
      sizes.push(fs.statSync(wal).size);
    }
    // each commit cut at most one step (and a frame), down to the cap, where it stays
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1]! - sizes[i]!, sizes.join(', ')).toBeLessThanOrEqual(MB + FRAME);
    expect(sizes.filter((x) => x < sizes[0]!).length).toBeGreaterThanOrEqual(5); // it did shrink, in steps
    expect(sizes.at(-1)!).toBeLessThanOrEqual(MB + 2 * FRAME);
    cp.run();
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(MB);
    db.close();
  });

  it('held checkpoints (a backup copying its snapshot) run neither here nor in SQLite’s commit; released, the cap applies again', async () => {
    const s = makeServices();
    const db = s.store.db;
    const d = await invoke(s.handlers, 'createDraft', { title: 'Held' });
    const release = s.store.checkpoints.hold();
    expect(s.store.checkpoints.held).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = s.store.checkpoints.count;
    let base: string | null = null;
    for (let i = 0; i < 520; i++) base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(i), baseRevisionId: base })).revisionId;
    // the saves' encoding, begun every few saves (Fields.scheduleIndex), is writes too: done while
    // held, so that only the release's checkpoint is counted below
    await waitFor(() => !compactionBehind(s.store));
    expect(s.store.checkpoints.run()).toBeNull(); // not even when asked
    expect(s.store.checkpoints.count).toBe(before); // 520 writes: past the cap of 500, yet none ran
    release();
    release(); // once per hold
    expect(s.store.checkpoints.held).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(HARD_WAL_BYTES / 4096);
    expect(s.store.checkpoints.count).toBe(before);
    await waitFor(() => s.store.checkpoints.count > before); // past the cap: one runs at the next turn (on a worker: it is large)
    expect(s.store.checkpoints.count).toBe(before + 1);
  }, 60_000);

  it('a large checkpoint (a bulk write) is folded in on a worker, the event loop free meanwhile; a small one runs here', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Bulk' });
    const wal = () => walIndex(s.store.file);
    // a small one: a few saves, here and at once
    let base: string | null = null;
    for (let i = 0; i < 3; i++) base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(i), baseRevisionId: base })).revisionId;
    const c0 = s.store.checkpoints.count;
    await new Promise((ok) => setTimeout(ok, IDLE_MS + 300));
    expect(s.store.checkpoints.count).toBe(c0 + 1);
    expect(s.store.checkpoints.held).toBe(false);
    // a bulk write of ~12 MB in one transaction (as an import or merge writes)
    s.store.tx(() => {
      for (let i = 0; i < 2500; i++) s.store.db.prepare('INSERT INTO session_summaries (first_id, last_id, words_added, words_removed, size, preview) VALUES (?, ?, 0, 0, 0, ?)').run(`bulk-${i}`, `bulk-${i}`, JSON.stringify([crypto.randomBytes(2400).toString('base64')]));
    });
    const pending = wal();
    expect((pending.frames - pending.inFile) * FRAME).toBeGreaterThan(OFF_THREAD_BYTES);
    const c1 = s.store.checkpoints.count;
    let turns = 0;
    let sawHeld = false;
    // the event loop keeps turning while the worker folds the WAL in
    while (s.store.checkpoints.count === c1) {
      await new Promise((ok) => setTimeout(ok, 5));
      turns++;
      sawHeld ||= s.store.checkpoints.held;
      if (turns > 4000) throw new Error('no checkpoint');
    }
    expect(sawHeld).toBe(true); // it ran while checkpoints here were held: on the worker
    expect(s.store.checkpoints.held).toBe(false);
    const after = wal();
    // all of it in the file, and the WAL started again at once (the rewind's one frame: page 1)
    expect(after).toEqual({ frames: 1, inFile: 0 });
    // saves go on as before
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'II.c', value: answer(9), baseRevisionId: base });
  }, 60_000);

  it('where no worker can be made, a large checkpoint runs here, and nothing is left held', async () => {
    const { file, db } = rawWal();
    const cp = new IdleCheckpoint(() => db, `${file}-wal`, {
      idleMs: 60_000,
      maxWrites: 1e9,
      offThreadBytes: 0,
      fold: () => {
        throw new Error('no worker (resources)');
      },
    });
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 50; i++) ins.run(crypto.randomBytes(3000));
    db.pragma('wal_autocheckpoint = 777');
    await cp.fold(); // does not throw
    expect(cp.held).toBe(false);
    expect(cp.count).toBe(1); // checkpointed here instead
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(777); // SQLite's own bound given back
    db.close();
  });
});
