/**
 * Autosave for one field: debounced saves, saves on demand (blur, question change, window close),
 * retries with backoff, and optimistic concurrency. Pure logic: the save call and the timers are
 * injected, so it runs (and is tested) without a DOM or a server.
 *
 * The value being edited is never dropped: on an error it stays pending and is retried; on a
 * conflict (the field moved on elsewhere) saving stops until the user resolves it.
 */
export type SaveStatus =
  | { state: 'idle' }
  | { state: 'dirty' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'error'; reason: string; retryInMs: number }
  | { state: 'invalid'; reason: string }
  | { state: 'conflict'; currentRevisionId: string | null; reason: string };

export interface SaveOutcome {
  revisionId: string;
  savedAt: string;
}

export type ErrorKind = { kind: 'conflict'; currentRevisionId: string | null; reason: string } | { kind: 'error'; reason: string };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SaverOptions<V> {
  base: string | null;
  /** The last saved value, to skip saving what is already stored. */
  saved?: V;
  save(value: V, base: string | null): Promise<SaveOutcome>;
  classify(err: unknown): ErrorKind;
  onStatus?(s: SaveStatus): void;
  onSaved?(value: V, outcome: SaveOutcome): void;
  debounceMs?: number;
  backoffMs?: number[];
  timers?: Timers;
  same?(a: V, b: V): boolean;
}

/**
 * The status as the user sees it (SaveStatusText): "dirty" (typed, the save not yet started) and
 * "saving" both read "Saving…". Two statuses with the same key look and sound the same.
 */
export function shownKey(s: SaveStatus): string {
  switch (s.state) {
    case 'dirty':
    case 'saving':
      return 'saving';
    case 'saved':
      return `saved ${s.at}`;
    case 'error':
      return `error ${s.retryInMs} ${s.reason}`;
    case 'invalid':
      return `invalid ${s.reason}`;
    case 'conflict':
      return `conflict ${s.currentRevisionId ?? ''} ${s.reason}`;
    default:
      return s.state;
  }
}

export const DEFAULT_DEBOUNCE_MS = 600;
export const DEFAULT_BACKOFF_MS = [1000, 2000, 5000, 10000, 30000];

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class FieldSaver<V> {
  private baseId: string | null;
  private lastSaved: V | undefined;
  private pending: { get: () => V; view?: () => unknown } | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  /** The value `inFlight` is storing, while what it stores still counts (see `rebase`). */
  private sending: { value: V } | null = null;
  private failures = 0;
  private conflicted = false;
  private disposed = false;
  private statusNow: SaveStatus = { state: 'idle' };
  private shownNow: SaveStatus = this.statusNow;
  private readonly listeners = new Set<() => void>();
  /** Told once, the next time nothing typed is left unstored (`onceStored`). */
  private stored: Array<() => void> = [];
  private readonly timers: Timers;
  private readonly same: (a: V, b: V) => boolean;

  constructor(private readonly o: SaverOptions<V>) {
    this.baseId = o.base;
    this.lastSaved = o.saved;
    this.timers = o.timers ?? realTimers;
    this.same = o.same ?? ((a, b) => JSON.stringify(a) === JSON.stringify(b));
  }

  get base(): string | null {
    return this.baseId;
  }
  get status(): SaveStatus {
    return this.statusNow;
  }
  /**
   * The status as last shown: the same object until the status changes visibly (shownKey), so
   * typing (a "dirty" status at every key) notifies no one. For useSyncExternalStore.
   */
  get shown(): SaveStatus {
    return this.shownNow;
  }
  /** Hears every visible change of `shown`; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  /** True while something typed is not yet stored. */
  get hasUnsaved(): boolean {
    return this.pending !== null || this.inFlight !== null;
  }
  /**
   * The newest value this saver knows: what was typed and not yet sent, else what is being stored,
   * else what was stored last. The next editor of the field opens on it (registry `hold`).
   */
  get latest(): V | undefined {
    if (this.pending) {
      try {
        return this.pending.get();
      } catch {
        // a value that cannot be built (shown as "invalid"): the one before it
      }
    }
    return this.sending ? this.sending.value : this.lastSaved;
  }
  /**
   * What the editor showed when it last changed, in its own form (`change`'s `view`), while that is
   * not yet sent: the next editor of the field opens on it, even when it cannot be saved as it is
   * (`latest` is then the value before it: a list nested too deep, say, would otherwise be lost).
   */
  get pendingView(): unknown {
    return this.pending?.view?.();
  }
  get inConflict(): boolean {
    return this.conflicted;
  }
  /** True after a save failed and until one succeeds (also while a retry is on its way). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /**
   * The editor changed: remember the value and save it after a pause in typing. The value may be
   * given lazily (a function), so that serialising and validating a long answer happens once per
   * save rather than on every keystroke; if it throws, the reason is shown and nothing is sent.
   */
  change(value: V | (() => V), view?: () => unknown): void {
    if (this.disposed) return;
    this.pending = { get: typeof value === 'function' ? (value as () => V) : () => value, view };
    if (this.conflicted) return;
    this.failures = 0;
    this.setStatus({ state: 'dirty' });
    this.schedule(this.o.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** Save now whatever is pending (blur, question change, window close). Resolves when stored or failed. */
  async flush(): Promise<void> {
    this.cancelTimer();
    if (this.inFlight) await this.inFlight;
    if (this.pending && !this.conflicted) await this.run();
  }

  /**
   * After a conflict: continue on top of `currentRevisionId`. With `value`, that value replaces the
   * pending one (e.g. the user took the other version or merged); without it, the user's text is
   * saved as it is, as a new revision on top of the current one.
   */
  async resolveConflict(currentRevisionId: string | null, value?: V): Promise<void> {
    this.baseId = currentRevisionId;
    this.conflicted = false;
    if (value !== undefined) this.pending = { get: () => value };
    this.lastSaved = undefined;
    await this.flush();
  }

  /**
   * The editor now shows `value`, stored as `revisionId` (on open, or after a restore written
   * elsewhere): start over from there. With `savedAt`, report it as saved. A save still on its way
   * is set aside: its outcome no longer moves the base nor what counts as saved (a failure of it is
   * not retried), so what comes next builds on `revisionId` (and meets a conflict if that save
   * landed after all).
   */
  rebase(revisionId: string | null, value: V, savedAt?: string): void {
    this.cancelTimer();
    // a save still on its way no longer decides what is stored and what comes next
    this.sending = null;
    this.baseId = revisionId;
    this.lastSaved = value;
    this.pending = null;
    this.conflicted = false;
    this.failures = 0;
    if (savedAt) this.setStatus({ state: 'saved', at: savedAt });
  }

  /** Calls `fn` once, when a save leaves nothing typed unstored (after a retry, say). */
  onceStored(fn: () => void): void {
    this.stored.push(fn);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }

  private setStatus(s: SaveStatus) {
    this.statusNow = s;
    this.o.onStatus?.(s);
    if (shownKey(s) === shownKey(this.shownNow)) return;
    this.shownNow = s;
    for (const l of [...this.listeners]) l();
  }

  private cancelTimer() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private schedule(ms: number) {
    this.cancelTimer();
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private run(): Promise<void> {
    if (this.inFlight) {
      // A save is on its way; whatever is pending goes right after it.
      return this.inFlight.then(() => (this.pending && !this.conflicted ? this.run() : undefined));
    }
    const src = this.pending;
    if (!src || this.conflicted) return Promise.resolve();
    let p: { value: V };
    try {
      p = { value: src.get() };
    } catch (err) {
      this.setStatus({ state: 'invalid', reason: err instanceof Error ? err.message : String(err) });
      return Promise.resolve();
    }
    if (this.lastSaved !== undefined && this.same(p.value, this.lastSaved)) {
      this.pending = null;
      if (this.statusNow.state === 'dirty') this.setStatus({ state: 'idle' });
      return Promise.resolve();
    }
    this.pending = null;
    this.setStatus({ state: 'saving' });
    const sending = (this.sending = { value: p.value });
    this.inFlight = this.o
      .save(p.value, this.baseId)
      .then(
        (outcome) => {
          if (this.sending === sending) {
            this.baseId = outcome.revisionId;
            this.lastSaved = p.value;
          }
          this.failures = 0;
          this.o.onSaved?.(p.value, outcome);
          if (!this.pending) this.setStatus({ state: 'saved', at: outcome.savedAt });
        },
        (err: unknown) => {
          if (this.sending !== sending) {
            // what it sent was set aside by a rebase: nothing to retry, and nothing "saving" any more
            if (!this.pending && this.statusNow.state === 'saving') this.setStatus({ state: 'idle' });
            return;
          }
          // Keep the text: unless newer edits arrived meanwhile, the failed value is pending again.
          if (!this.pending) this.pending = { get: () => p.value };
          const k = this.o.classify(err);
          if (k.kind === 'conflict') {
            this.conflicted = true;
            this.cancelTimer();
            this.setStatus({ state: 'conflict', currentRevisionId: k.currentRevisionId, reason: k.reason });
            return;
          }
          const steps = this.o.backoffMs ?? DEFAULT_BACKOFF_MS;
          const wait = steps[Math.min(this.failures, steps.length - 1)]!;
          this.failures++;
          this.setStatus({ state: 'error', reason: k.reason, retryInMs: wait });
          if (!this.disposed) this.schedule(wait);
        },
      )
      .finally(() => {
        this.inFlight = null;
        if (this.sending === sending) this.sending = null;
        if (this.hasUnsaved || !this.stored.length) return;
        const told = this.stored;
        this.stored = [];
        for (const fn of told) fn();
      });
    return this.inFlight;
  }
}
