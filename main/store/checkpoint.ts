/**
 * When the store's WAL is folded back into the file (issue 13: checkpoints taken on idle, never
 * inside a save).
 *
 * SQLite's own rule (wal_autocheckpoint, 1,000 pages) checkpoints inside the commit of whichever
 * write crosses the line: every 200 saves or so, one save paid for copying the WAL into the file
 * and two more fsyncs, and those saves were the slowest 1 % of autosaves. Here SQLite's rule is
 * only a hard bound, and the store checkpoints itself:
 * - once writes pause for IDLE_MS (the timer re-armed by every write transaction);
 * - when writes do not pause: after MAX_WRITES write transactions, or once the WAL file has grown
 *   past MAX_WAL_BYTES, on the next turn of the event loop after the write that crossed the line
 *   (the write is answered first; the checkpoint runs between two calls, not inside one);
 * - a hard bound for writers that never give the event loop a turn (a bulk build in one
 *   synchronous loop, a write outside Store.tx): SQLite's own checkpoint, at HARD_WAL_BYTES
 *   (wal_autocheckpoint in pages), inside the commit that crosses it, as before but 16 times
 *   further; the checkpoints above come first whenever the event loop turns;
 * - at close (better-sqlite3's close folds the WAL in when this is the last connection; a
 *   PASSIVE checkpoint is taken first in case it is not).
 * Checkpoints are PASSIVE: they never wait for a reader (the online backup's snapshot, another
 * process) and do what they can; the rest is done by the next one. The WAL file is reused, not
 * truncated (a WAL that keeps its size costs a save no file growth).
 *
 * A checkpoint with more than OFF_THREAD_BYTES of frames to fold in (after a bulk import or merge)
 * runs on a worker thread (`fold()`, wal-fold.ts), this thread's checkpoints held meanwhile: on
 * this thread it is time no call is answered. While an online backup holds its snapshot
 * (backup.ts), the WAL cannot be folded in past it and grows by every write made meanwhile; the
 * backup holds the checkpoints (`hold()`, SQLite's hard bound included) from its snapshot's start
 * and folds the WAL in on a worker once the copy is done: the first checkpoint after the snapshot's
 * release had copied all of it into the file inside a save (measured, 17th part: 230 ms for the
 * WAL of 13 s of back-to-back saves during a copy of the scale bench's store).
 *
 * A WAL file that has grown past MAX_WAL_BYTES is cut back by SQLite at the first commit after
 * the WAL starts again (journal_size_limit). Freeing a file's blocks costs about 0.4 ms a MB here
 * (ext4: 190 ms for 500 MB), so the limit steps down by SHRINK_STEP_BYTES per checkpoint: a save
 * that cuts the file pays for one step, never for the whole of a WAL a backup or a bulk import
 * left (measured: 130 ms inside one save before).
 *
 * Durability is unchanged: a save's commit still syncs the WAL (synchronous=FULL, db.ts) before it
 * is acknowledged, whenever the WAL is checkpointed after it.
 */
import fs from 'node:fs';
import type { DB } from './db';
import type { Fold } from './wal-fold';

/** How long writes must pause before the WAL is checkpointed. */
export const IDLE_MS = 1000;
/** Write transactions after which the WAL is checkpointed even if writes never pause. */
export const MAX_WRITES = 500;
/**
 * WAL size past which it is checkpointed even if writes never pause (checked after each write). It
 * is also the store's journal_size_limit (store.ts): at a reset SQLite cuts a larger WAL file back
 * to this, so a file past it holds that much written since the last checkpoint.
 */
export const MAX_WAL_BYTES = 16 * 1024 * 1024;
/** How often the WAL file's size is looked at, at most (after a write). */
const SIZE_CHECK_MS = 50;
/** The WAL's hard bound: SQLite checkpoints inside the commit that takes it past this. */
export const HARD_WAL_BYTES = 64 * 1024 * 1024;
/** How much of a grown WAL file one commit may cut off (journal_size_limit steps down by this). */
export const SHRINK_STEP_BYTES = 24 * 1024 * 1024;
/** Frames waiting past this many bytes are folded in on a worker thread (wal-fold.ts), not here. */
export const OFF_THREAD_BYTES = 4 * 1024 * 1024;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the file (equal: the whole WAL). */
  log: number;
  checkpointed: number;
  busy: boolean;
}

export class IdleCheckpoint {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private writes = 0;
  private stopped = false;
  private holds = 0;
  /** SQLite's hard bound (wal_autocheckpoint, pages) set aside while held. */
  private heldBound = 0;
  /** journal_size_limit as last set. */
  private limit = -2;
  /** Checkpoints run so far (tests). */
  count = 0;

  constructor(
    private db: () => DB,
    private walFile: string,
    private opts: {
      idleMs?: number;
      maxWrites?: number;
      maxWalBytes?: number;
      shrinkStepBytes?: number;
      /** How a large checkpoint runs off this thread (the store's: wal-fold.ts); none: always here. */
      fold?: () => Fold;
      offThreadBytes?: number;
      /**
       * Starts the WAL again (the store's: a write that changes nothing, unsynced, never waiting for
       * a lock), after a checkpoint folded all of it in: see `rewind`.
       */
      rewindWal?: () => void;
    } = {},
  ) {}

  /** A fold on a worker in progress (its promise, and the wait for its end), if any. */
  private folding: Promise<void> | null = null;
  private finishFold: (() => void) | null = null;

  /** A fold on a worker now running (settles when it is over; never rejects), or null. */
  get runningFold(): Promise<void> | null {
    return this.folding;
  }

  /**
   * Folds the WAL in on a worker thread (where the store has one), checkpoints held meanwhile;
   * where no worker can, here. Resolves once done. A fold already running is joined.
   */
  fold(): Promise<void> {
    if (this.folding) return this.folding;
    const fold = this.opts.fold;
    // a store open read-only (damaged) is not written, not even by a checkpoint from another connection
    if (!fold || this.stopped || this.db().readonly) {
      this.checkpoint();
      return Promise.resolve();
    }
    const release = this.hold();
    this.writes = 0;
    // a save made once the worker has folded in the whole WAL restarts it, and SQLite cuts the file
    // to the limit inside that save: the limit must already step down from the WAL's size now (while
    // checkpoints were held, nothing set it: it may still be the cap, for a WAL grown by a backup)
    let f: Fold;
    try {
      this.fitLimit();
      f = fold();
    } catch {
      // no worker could be made (e.g. the process is short of resources): here, as where none loads the engine
      release();
      this.checkpoint();
      return Promise.resolve();
    }
    this.finishFold = () => f.finish();
    this.folding = f.result
      .catch(() => null)
      .then((r) => {
        this.folding = null;
        this.finishFold = null;
        try {
          if (r) {
            this.count++;
            this.fitLimit();
          }
        } finally {
          release();
        }
        // (not where saves came meanwhile: the first of them started the WAL again already)
        if (r && !this.held && this.writes === 0) this.rewind(r);
        if (!r && !this.held) this.checkpoint();
      })
      // background work: nothing of it may end a long-running host (which stops on an unhandled rejection)
      .catch(() => {});
    return this.folding;
  }

  /**
   * Keeps checkpoints from running, SQLite's own included, until the returned function is called
   * (once per hold; holds nest). Then the idle checkpoint is armed again, or one runs at once past a cap.
   */
  hold(): () => void {
    const db = this.db();
    if (this.holds++ === 0 && db.open) {
      this.heldBound = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      db.pragma('wal_autocheckpoint = 0');
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      const now = this.db();
      if (now.open) now.pragma(`wal_autocheckpoint = ${this.heldBound}`);
      if (this.writes > 0) {
        this.writes--;
        this.wrote();
      }
    };
  }

  /** Whether checkpoints are held (a backup's snapshot is being copied or folded in). */
  get held(): boolean {
    return this.holds > 0;
  }

  /** After a write transaction committed: (re)arms the idle checkpoint; schedules one now past a cap. */
  wrote(): void {
    if (this.stopped) return;
    this.writes++;
    if (this.timer) this.timer.refresh(); // re-armed, not a new timer per save
    else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.auto();
      }, this.opts.idleMs ?? IDLE_MS);
      this.timer.unref();
    }
    if (!this.soon && (this.writes >= (this.opts.maxWrites ?? MAX_WRITES) || this.walPastCap())) {
      this.soon = setImmediate(() => {
        this.soon = null;
        this.auto();
      });
      this.soon.unref();
    }
  }

  /**
   * Whether the WAL file is past MAX_WAL_BYTES, looked at no more than every SIZE_CHECK_MS: a stat
   * per save was a tenth of a save's own work (issue 13), and saves that come faster than that
   * each add little; a transaction that adds much takes longer than that by itself.
   */
  private walPastCap(): boolean {
    const now = performance.now();
    if (now - this.sizeCheckedAt < SIZE_CHECK_MS) return false;
    this.sizeCheckedAt = now;
    return walSize(this.walFile) > (this.opts.maxWalBytes ?? MAX_WAL_BYTES);
  }

  private sizeCheckedAt = -Infinity;

  /** The idle or capped checkpoint: a large one on a worker (fold), a small one here. */
  private auto(): void {
    const db = this.db();
    if (this.holds > 0 || this.stopped || !db.open) return;
    let pending = 0;
    try {
      if (this.opts.fold) pending = walPendingBytes(db);
    } catch {
      pending = walSize(this.walFile); // the WAL file's size (a stat: no descriptor opened)
    }
    if (pending > (this.opts.offThreadBytes ?? OFF_THREAD_BYTES)) void this.fold();
    else this.checkpoint();
  }

  /**
   * Checkpoints now (PASSIVE), on this thread; null when the store is closed or checkpoints are
   * held (the next write arms the idle one again). Never throws (the next one retries).
   */
  run(): CheckpointResult | null {
    return this.holds > 0 ? null : this.checkpoint();
  }

  private checkpoint(rewind = true): CheckpointResult | null {
    const db = this.db();
    if (this.stopped || !db.open) return null;
    let result: CheckpointResult;
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      this.writes = 0;
      this.count++;
      this.fitLimit();
      result = { log: r!.log, checkpointed: r!.checkpointed, busy: r!.busy !== 0 };
    } catch {
      return null;
    }
    if (rewind) this.rewind(result);
    return result;
  }

  /**
   * After a checkpoint that folded the whole WAL into the file: the WAL starts again now, not in
   * the next save. SQLite starts a WAL again at the first write after such a checkpoint and syncs
   * its new header before any frame goes after it (sqlite.org ticket ff5be73dee), so that write
   * made two syncs of the WAL instead of one; as typed, that write is nearly every save (the
   * renderer saves 600 ms after typing stops, the WAL is checkpointed 1 s after writes stop). The
   * cut of a grown WAL file back to journal_size_limit happens here as well. Not counted as a
   * write (`wrote()`): it arms no checkpoint. Best effort: a failure leaves it to the next save.
   */
  private rewind(r: CheckpointResult): void {
    if (!this.opts.rewindWal || this.stopped || r.busy || r.log <= 0 || r.checkpointed !== r.log) return;
    try {
      this.opts.rewindWal();
    } catch {
      /* another process holds the write lock, the store is read-only or replaced: the next save starts it */
    }
  }

  /**
   * Sets journal_size_limit for the WAL file as it is now: MAX_WAL_BYTES, or one step below the
   * file's size while it is larger (SQLite cuts it back to the limit when the WAL starts again).
   */
  fitLimit(): void {
    const db = this.db();
    if (!db.open) return;
    const cap = this.opts.maxWalBytes ?? MAX_WAL_BYTES;
    const limit = Math.max(cap, walSize(this.walFile) - (this.opts.shrinkStepBytes ?? SHRINK_STEP_BYTES));
    if (limit === this.limit) return;
    db.pragma(`journal_size_limit = ${limit}`);
    this.limit = limit;
  }

  /** Before the connection closes: no more timers; the WAL checkpointed once more (held or not: a backup running now is abandoned). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.timer = this.soon = null;
    this.finishFold?.(); // a fold's connection closes before the store's (wal-fold.ts)
    this.checkpoint(false);
    this.stopped = true;
  }

  /** After a reopen (Store.reopenAround): the new connection takes the same limits. */
  restart(): void {
    this.stopped = false;
    this.writes = 0;
    this.limit = -2;
  }
}

/**
 * Bytes of WAL frames not yet in the store file, as the store's own connection reads them from its
 * WAL-index (`wal_checkpoint(NOOP)`, SQLite 3.51 and later: frames in the WAL and frames in the file,
 * nothing checkpointed). Never by opening the -shm file here: closing a descriptor of a file
 * releases every POSIX lock this process holds on it, SQLite's own included (sqlite.org/howtocorrupt.html
 * §2.2). Another process opening the store then took itself for the first, reset the WAL-index
 * under this one, and the app died of SIGBUS in SQLite's read of it (fast-typing e2e under load,
 * 18th and 19th parts; test/shm-locks.test.ts).
 */
export function walPendingBytes(db: DB): number {
  // before 3.51 SQLite reads an unknown mode as PASSIVE: a checkpoint here, the very thing a fold
  // on a worker is for (better-sqlite3 12 bundles 3.53; an Electron rebuild against another is caught here)
  if (!hasNoopCheckpoint(db)) throw new Error(`SQLite ${sqliteVersion(db)} has no wal_checkpoint(NOOP)`);
  const [r] = db.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
  if (!r || r.log < 0) return 0; // not in WAL mode
  return Math.max(0, r.log - r.checkpointed) * ((db.pragma('page_size', { simple: true }) as number) + 24);
}

function walSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

const versions = new WeakMap<DB, string>();
const sqliteVersion = (db: DB): string => {
  let v = versions.get(db);
  if (v === undefined) versions.set(db, (v = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v));
  return v;
};

/** Whether this connection's SQLite knows `wal_checkpoint(NOOP)` (3.51.0 and later). */
export function hasNoopCheckpoint(db: DB): boolean {
  const [major = 0, minor = 0] = sqliteVersion(db).split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 51);
}
