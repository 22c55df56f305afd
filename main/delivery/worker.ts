/**
 * The delivery worker: runs in the main process (desktop app, browser-mode host) or in the
 * foreground for `delivery send`. For each due row with an upload it first asks the intake for a
 * receipt (a lost acknowledgement never sends twice; a row's first upload is answered with the
 * receipt if the intake already has the bundle), then resumes the stored tus upload from the intake's offset
 * (or starts one), checks the receipt against the pinned intake key and stores it. Failures that
 * trying again can fix back off (doubling, with jitter, up to maxDelayMs); a refusal is final
 * until the user sends again. State is in the store, so a restart resumes where it stopped.
 */
import { AppError } from '../../shared/contract/common';
import { messageRef } from '../../shared/messages';
import type { SigningKeys } from '../keys/signing-keys';
import { isAgeFile } from '../bundle/age';
import { checkReceipt, CLOCK_SKEW, encryptedStatement, type SignedReceipt } from '../intake/protocol';
import type { Store } from '../store/store';
import { DeliveryError, reason } from './answers';
import { DEFAULT_CHUNK_BYTES, fetchReceipt, loadTus, uploadFile, type DeviceSigner } from './client';
import { DEFAULT_STALL_MS, SLOWEST_LINE_BYTES_PER_S } from './stall-watch';
import { IntakeClock } from './intake-clock';
import { dueRows, getRow, markAcked, markDelivered, markRefused, markRetry, markSending, nextDue, outboxFileSize, type DeliveryRow } from './queue';
import { keptClockOffset, targetKey } from './target';

export interface WorkerOptions {
  concurrency?: number;
  /** After an attempt that moved bytes, the next one comes this soon (the line was just working: a cut connection resumes at once, by default with no wait). */
  resumeDelayMs?: number;
  /** After attempts that moved nothing: this, doubling each time, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  chunkSize?: number;
  /** An upload whose line shows no sign of life for this long is given up and resumed (stall-watch.ts). */
  stallMs?: number;
  /** The slowest line given the time to send what the system took into its buffers at once (stall-watch.ts). */
  slowestBytesPerSecond?: number;
  log?: (line: string) => void;
}

export function backoffMs(attempts: number, base: number, max: number, random = Math.random): number {
  const d = Math.min(max, base * 2 ** Math.max(0, attempts));
  return Math.round(d / 2 + (random() * d) / 2);
}

export class DeliveryWorker {
  private running = new Map<string, { abort(): void }>();
  /** Bytes sent in the current attempt (for the outbox's percentage between acknowledgements). */
  readonly live = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /**
   * Bundles whose last attempt broke off before it had read its file to the end: their upload
   * cannot be complete, so the next attempt need not ask for a receipt first (the HEAD it makes
   * says where to go on).
   */
  private cutShort = new Set<string>();
  /** Attempts in a row that moved no bytes, per bundle (the backoff's exponent). */
  private fruitless = new Map<string, number>();
  /**
   * Per bundle, the intake's acknowledged offset when an attempt that sent bytes was last followed
   * at once: the next is followed at once only if the intake has acknowledged more since. An
   * intake that takes bytes and stores none (its disk full) is not fed the bundle in a loop.
   */
  private resumedAt = new Map<string, number>();
  private stopped = true;
  private idleWaiters: Array<() => void> = [];
  private o: Required<Omit<WorkerOptions, 'log'>> & Pick<WorkerOptions, 'log'>;
  /** The intake's time as its answers tell it: requests are signed with it (a laptop's clock is often off); kept in the store with the target. */
  readonly clock: IntakeClock;

  constructor(
    private store: Store,
    private keys: SigningKeys,
    opts: WorkerOptions = {},
  ) {
    this.clock = new IntakeClock(undefined, keptClockOffset(store));
    this.o = { concurrency: opts.concurrency ?? 2, resumeDelayMs: opts.resumeDelayMs ?? 0, baseDelayMs: opts.baseDelayMs ?? 2000, maxDelayMs: opts.maxDelayMs ?? 5 * 60_000, chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_BYTES, stallMs: opts.stallMs ?? DEFAULT_STALL_MS, slowestBytesPerSecond: opts.slowestBytesPerSecond ?? SLOWEST_LINE_BYTES_PER_S, log: opts.log };
  }

  /** How long an upload (or a pull's download) may stay silent before it is given up. */
  get stallMs(): number {
    return this.o.stallMs;
  }

  /** Changes timing and concurrency (tests, the CLI). */
  tune(opts: WorkerOptions): void {
    this.o = { ...this.o, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  /** Stops taking work and aborts uploads in flight (their state stays in the store). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const r of this.running.values()) r.abort();
  }

  get busy(): number {
    return this.running.size;
  }

  /** Looks for due work now (after a send, or when the network may be back). */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.store.db.open) return;
    for (const row of dueRows(this.store)) {
      if (this.running.size >= this.o.concurrency) break;
      if (this.running.has(row.bundle_id)) continue;
      this.attempt(row);
    }
    if (this.running.size === 0) {
      const due = nextDue(this.store);
      if (!due) {
        for (const w of this.idleWaiters.splice(0)) w();
        return;
      }
      // (a due row would have started above: this waits for one in the future, a cut upload's 10-20 ms too)
      this.timer = setTimeout(() => this.kick(), Math.max(1, Date.parse(due) - Date.now()));
      // the app and the host stay up anyway; a process waiting for idle (`delivery send`) must not end during a backoff
      if (this.idleWaiters.length === 0) this.timer.unref?.();
    }
  }

  /** Resolves when nothing is queued or sending any more (for the CLI and tests). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.kick();
    });
  }

  private device(): DeviceSigner {
    const info = this.keys.active();
    if (!info) throw new AppError('conflict', 'this installation has no signing key yet (set your identity)');
    return { fingerprint: info.fingerprint, sign: async (b) => (await this.keys.sign(b)).signature, clock: this.clock };
  }

  /** An encrypted bundle is vouched for by its signer (this installation's key) over its bundle id, SHA-256 and size. */
  private async detachedSignature(row: DeliveryRow): Promise<{ signer: string; signature: string }> {
    const b = this.store.sql("SELECT signer_fingerprint FROM bundles WHERE id = ? AND direction = 'export'").get(row.bundle_id) as { signer_fingerprint: string } | undefined;
    const { signature, key } = await this.keys.sign(encryptedStatement(row.bundle_id, row.sha256, row.size));
    if (!b || b.signer_fingerprint !== key.fingerprint) throw new DeliveryError('this encrypted bundle was signed with a key this installation no longer uses; export it again', 'refused', null, null, reason('keyChanged'));
    return { signer: key.fingerprint, signature: signature.toString('base64') };
  }

  private attempt(row: DeliveryRow): void {
    const slot = { abort: () => {} };
    this.running.set(row.bundle_id, slot);
    this.runOne(row, slot)
      .catch((e) => this.o.log?.(`delivery ${row.bundle_id}: ${(e as Error).message}`))
      .finally(() => {
        this.running.delete(row.bundle_id);
        this.live.delete(row.bundle_id);
        this.kick();
      });
  }

  private accept(row: DeliveryRow, raw: unknown): boolean {
    const { key } = targetKey(this.store);
    const r = checkReceipt(raw, key, { bundleId: row.bundle_id, sha256: row.sha256, size: row.size });
    if (typeof r === 'string') throw new DeliveryError(`not accepted as proof of delivery: ${r}`, 'refused', null, null, reason('badReceipt'));
    const s = raw as SignedReceipt;
    markDelivered(this.store, row.bundle_id, { text: s.receipt, signature: s.signature, receivedAt: r.receivedAt });
    this.o.log?.(`delivered ${row.bundle_id} (receipt ${r.receivedAt})`);
    return true;
  }

  private async runOne(row: DeliveryRow, slot: { abort(): void }): Promise<void> {
    const wasCutShort = this.cutShort.delete(row.bundle_id);
    const corrections = this.clock.corrections;
    let readTo = 0;
    try {
      const device = this.device();
      const { target } = targetKey(this.store);
      if (target.intakeFingerprint !== row.intake_fingerprint || target.url !== row.target_url) {
        throw new DeliveryError(`the delivery target changed since this bundle was queued (now ${target.url}); send it again`, 'refused', null, null, reason('targetChanged', { url: target.url }));
      }
      loadTus().catch(() => {}); // meanwhile (a failure shows in uploadFile)
      // no upload yet: nothing of this row's can be complete, and an intake that already has the
      // bundle answers the upload's creation with its receipt (409, handled below)
      const existing = !row.upload_url || wasCutShort ? null : await fetchReceipt(device, row.target_url, row.bundle_id, row.upload_url);
      if (existing) return void this.accept(row, existing);
      if (this.stopped) return;
      outboxFileSize(row.file, row.size); // gone or changed since: refused (no retry can send it)
      if (row.state !== 'sending') markSending(this.store, row.bundle_id, {});
      const detached = isAgeFile(row.file) ? await this.detachedSignature(row) : undefined;
      const up = uploadFile(device, {
        detached,
        baseUrl: row.target_url,
        file: row.file,
        size: row.size,
        bundleId: row.bundle_id,
        sha256: row.sha256,
        uploadUrl: row.upload_url,
        chunkSize: this.o.chunkSize,
        stallMs: this.o.stallMs,
        slowestBytesPerSecond: this.o.slowestBytesPerSecond,
        // (tus-js-client tells the URL again on each resumption: a synced write only for a new one)
        onUploadUrl: (u) => void (u !== row.upload_url && markSending(this.store, row.bundle_id, { uploadUrl: u })),
        onAcked: (n) => markAcked(this.store, row.bundle_id, n),
        // tus-js-client's count (throttled: it dropped the last of a burst, and a bundle a slow
        // line's buffers took at once stayed at its first read's 3 % until delivered) and our own
        // reader's exact one (a read or two ahead of the socket), whichever came last
        onProgress: (sent) => this.live.set(row.bundle_id, sent),
        onFileRead: (n) => {
          readTo = n;
          this.live.set(row.bundle_id, n);
        },
      });
      slot.abort = up.abort;
      const { body, uploadUrl } = await up.done;
      let parsed: unknown = null;
      try {
        parsed = body ? JSON.parse(body) : null;
      } catch {
        parsed = null;
      }
      if (!parsed || typeof parsed !== 'object' || !('receipt' in parsed)) parsed = await fetchReceipt(device, row.target_url, row.bundle_id, uploadUrl || getRow(this.store, row.bundle_id)?.upload_url || null);
      if (!parsed) throw new DeliveryError('the intake has every byte but gave no receipt yet', 'retry', null, null, reason('noReceiptYet'));
      this.accept(row, parsed);
    } catch (e) {
      if (this.stopped || !this.store.db.open) return;
      const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message, e instanceof AppError ? 'refused' : 'retry', null, null, e instanceof AppError ? messageRef(e.details) : null);
      if (err.kind === 'already_received') {
        const r = await fetchReceipt(this.device(), row.target_url, row.bundle_id, null).catch(() => null);
        if (r) return void this.accept(row, r);
      }
      // it read some of the file, not all: what the intake has ends before the file does
      if (err.kind === 'retry' && readTo > 0 && readTo < row.size) this.cutShort.add(row.bundle_id);
      if (err.kind === 'refused') {
        markRefused(this.store, row.bundle_id, err);
        this.o.log?.(`refused ${row.bundle_id}: ${err.message}`);
        return;
      }
      const acked = getRow(this.store, row.bundle_id)?.acked_offset ?? row.acked_offset;
      const last = this.resumedAt.get(row.bundle_id);
      const moved = (this.live.get(row.bundle_id) ?? 0) > row.acked_offset && (last === undefined || acked > last);
      if (moved) this.resumedAt.set(row.bundle_id, acked);
      const n = moved ? 0 : (this.fruitless.get(row.bundle_id) ?? 0) + 1;
      this.fruitless.set(row.bundle_id, n);
      // a request refused for its date, and the clock corrected from that answer: worth trying again at once (not in a loop)
      const corrected = err.code === CLOCK_SKEW && this.clock.corrections !== corrections && n <= 2;
      const backoff = moved || corrected ? backoffMs(0, this.o.resumeDelayMs, this.o.maxDelayMs) : backoffMs(n - 1, this.o.baseDelayMs, this.o.maxDelayMs);
      // a server that said when to come back (Retry-After, at most an hour) is not asked sooner
      const wait = Math.max(backoff, err.retryAfterMs ?? 0);
      markRetry(this.store, row.bundle_id, err, new Date(Date.now() + wait).toISOString());
      this.o.log?.(`retrying ${row.bundle_id} in ${wait} ms: ${err.message}`);
    }
  }
}

