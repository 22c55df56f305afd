/**
 * Session summaries back-filled in the background (issue 13: the very first opening of a long
 * history must not diff every session). A store written before migration 014, or revisions
 * brought in by an import, a merge, a restore, a pull or another process, leave ended sessions
 * with no kept summary (or one for an older extent). Long-running hosts (services/index.ts) start
 * a pass when the store opens and after every call but a save; it works the missing summaries out
 * with the history's own code (workOutSummaries) and keeps them:
 * - which fields to look at: those with a revision written since the last complete pass (a range
 *   of the revisions' keys `n`, newest written first: the answers a user last worked on come
 *   first), never every revision's text; a field's sessions are read from the history index
 *   (metadata), back to the first kept session older than its earliest new revision (all of them
 *   in the first pass of a store);
 * - in steps of at most `stepMs` of work (at least one unit: a page of keys, a page of a field's
 *   sessions or one session), each kept in one transaction with the pass's progress
 *   (`summaries.pass`, derived data: not synced on its own), yielding to the event loop between
 *   steps, so a save waits one step at most, and not while saves arrive (`quietMs` after the last);
 * - restartable: a pass closed half-way resumes from its progress at the next start (the page of
 *   keys under way is looked at again), and the mark of the last complete pass
 *   (`summaries.keptThrough`) makes a store with nothing new cost one query.
 * The newest session of a field while it may still be extended (SESSION_GAP_MS) is not kept here.
 */
import { earliestWrittenAfter, fieldsWrittenBetween, newestRevisionKey, type RevisionCursor, type RevisionMetaRow } from '../store/revisions';
import { keepSummaries } from '../store/session-summaries';
import type { Store } from '../store/store';
import { readSessions, sessionEnded, summariesToKeep, summaryKept, type KeptRow } from './field-sessions';
import { SESSION_GAP_MS } from './sessions';

/** The longest a step works before yielding (the search index's catch-up has the same). */
export const BACKFILL_STEP_MS = 20;
/** How long after the last save a step waits (typing first; summaries once saves pause). */
export const BACKFILL_QUIET_MS = 2000;
/** Revision keys read per page, and sessions per read of a field. */
const KEYS_PER_PAGE = 500;
const SESSIONS_PER_READ = 50;

const THROUGH = 'summaries.keptThrough';
const PASS = 'summaries.pass';

/** A pass over the revisions with keys in (from, target]: the fields of those in (below, target] are done. */
type Pass = { from: number; target: number; below: number };

/** One field under way: where its sessions continue, the ended ones still to work out. */
type FieldWork = { draftId: string; field: string; before?: RevisionCursor; stopBeforeMs?: number | null; todo: RevisionMetaRow[][]; exhausted: boolean; done: boolean };

export interface BackfillOptions {
  /** BACKFILL_STEP_MS; 0: one unit of work per step (tests) */
  stepMs?: number;
  /** BACKFILL_QUIET_MS */
  quietMs?: number;
  /** revision keys read per page (the pass's progress is kept per page; tests use a few) */
  keysPerPage?: number;
}

const cursorAfter = (g: readonly RevisionMetaRow[]): RevisionCursor => ({ createdAt: g[g.length - 1]!.created_at, id: g[g.length - 1]!.id });

export class SummaryBackfill {
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastSave = 0;
  /** A step waiting for saves to pause, and how to run it at once (stop). */
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private store: Store,
    private opts: BackfillOptions = {},
  ) {}

  /** A save was answered: steps wait until saves pause. */
  noteSave(): void {
    this.lastSave = Date.now();
  }

  /** No step after this (the store is closing); a pass under way keeps its progress for the next start. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.(); // settles the pass waiting
  }

  private usable(): boolean {
    return !this.stopped && this.store.db.open && !this.store.damaged;
  }

  /** The pass to run: one under way (stored), else one over what was written since the last; null: nothing. */
  private passDue(): Pass | null {
    const stored = this.store.getSetting(PASS);
    if (stored) return JSON.parse(stored) as Pass;
    const from = Number(this.store.getSetting(THROUGH) ?? 0);
    const target = newestRevisionKey(this.store);
    return target > from ? { from, target, below: target } : null;
  }

  /** The pass under way, settled when it stops (at once if none runs); starts nothing. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Starts a pass if anything is due (none runs twice); settles when it stops: done, stopped, the store closed or busy. */
  start(): Promise<void> {
    if (this.running) return this.running;
    let pass: Pass | null;
    try {
      if (!this.usable()) return Promise.resolve();
      pass = this.passDue();
    } catch (e) {
      // background work, started from timers and after calls: a failure must not end a host (it
      // stops on an uncaught exception); the next start tries again
      process.stderr.write(`keeping session summaries failed: ${(e as Error).message}\n`);
      return Promise.resolve();
    }
    if (!pass) return Promise.resolve();
    this.running = new Promise<void>((resolve) => {
      const finish = () => {
        this.running = null;
        resolve();
      };
      const run = new PassRun(this.store, pass, this.opts.keysPerPage ?? KEYS_PER_PAGE);
      const step = () => {
        this.timer = null;
        this.wake = null;
        if (!this.usable()) return finish();
        const quiet = (this.opts.quietMs ?? BACKFILL_QUIET_MS) - (Date.now() - this.lastSave);
        if (quiet > 0) {
          this.timer = setTimeout(step, quiet);
          this.timer.unref();
          this.wake = step;
          return;
        }
        let more = false;
        try {
          more = run.step(this.opts.stepMs ?? BACKFILL_STEP_MS);
        } catch (e) {
          if (this.store.db.open) process.stderr.write(`keeping session summaries failed: ${(e as Error).message}\n`);
        }
        // ordinary (ref'd) immediates, as the search catch-up's: unref'd, the steps crawl
        if (more) setImmediate(step);
        else finish();
      };
      setImmediate(step);
    });
    return this.running;
  }
}

/** One pass's work, step by step. */
class PassRun {
  private queue: FieldWork[] = [];
  /** The keys below which the next page starts, once the fields of the page under way are done. */
  private pageBelow: number | null = null;
  private seen = new Set<string>();

  constructor(
    private store: Store,
    private pass: Pass,
    private keysPerPage: number,
  ) {}

  /** Works for about `ms` (at least one unit), keeps what it worked out with the progress; false: the pass is over (done or not written). */
  step(ms: number): boolean {
    const t0 = performance.now();
    const keep: KeptRow[] = [];
    const before = this.pass.below;
    let finished = false;
    do {
      if (!this.queue.length) {
        if (this.pageBelow !== null) this.pass.below = this.pageBelow;
        this.pageBelow = null;
        if (this.pass.below <= this.pass.from) {
          finished = true;
          break;
        }
        this.readKeys();
        continue;
      }
      this.work(this.queue[0]!, keep);
      if (this.queue[0]!.done) this.queue.shift();
    } while (performance.now() - t0 < ms);
    const progress = finished ? () => this.finish() : this.pass.below !== before ? () => this.store.setSetting(PASS, JSON.stringify(this.pass)) : undefined;
    const written = this.store.unsynced(() => keepSummaries(this.store, keep, progress));
    return written >= 0 && !finished;
  }

  private finish(): void {
    this.store.setSetting(THROUGH, String(this.pass.target));
    this.store.sql('DELETE FROM settings WHERE key = ?').run(PASS);
  }

  /** The next page of revision keys: their fields not met yet in this run join the queue. */
  private readKeys(): void {
    const rows = fieldsWrittenBetween(this.store, this.pass.from, this.pass.below, this.keysPerPage);
    this.pageBelow = rows.length < this.keysPerPage ? this.pass.from : rows[rows.length - 1]!.n - 1;
    for (const r of rows) {
      const key = `${r.draftId}\u0000${r.field}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.queue.push({ draftId: r.draftId, field: r.field, todo: [], exhausted: false, done: false });
    }
  }

  /** One unit of a field's work: a read of its sessions, or one ended session not kept, kept. */
  private work(w: FieldWork, keep: KeptRow[]): void {
    const g = w.todo.shift();
    if (g) keep.push(...summariesToKeep(this.store, [g]));
    else if (!w.exhausted) this.readSessionsOf(w);
    w.done = w.exhausted && !w.todo.length;
  }

  /** The next page of a field's sessions: the ended ones not kept join its work; the reading stops at the end of its history or at a kept session older than every revision new since the last pass (those were looked at then; none in a store's first pass). */
  private readSessionsOf(w: FieldWork): void {
    w.stopBeforeMs ??= this.pass.from > 0 ? earliestWrittenAfter(this.store, w.draftId, w.field, this.pass.from) : null;
    const { groups, more } = readSessions(this.store, w.draftId, w.field, { before: w.before, limit: SESSIONS_PER_READ, gap: SESSION_GAP_MS, firstRead: 200 });
    w.exhausted = !more || !groups.length;
    for (const [i, s] of groups.entries()) {
      if (!sessionEnded(s, !w.before && i === 0)) continue;
      if (!summaryKept(this.store, s)) w.todo.push(s);
      else if (w.stopBeforeMs != null && Date.parse(s[0]!.created_at) < w.stopBeforeMs) {
        w.exhausted = true;
        break;
      }
    }
    if (groups.length) w.before = cursorAfter(groups[groups.length - 1]!);
  }
}
