/**
 * The intake's SHA-256 hashing off its event loop (issue 14): one worker thread per process, fed
 * batches of the bytes to hash with the ranges each hash takes from them (arrival.ts sends each
 * stored byte once, for the file's hash and its zip entry's). Where no worker can run or it was
 * lost, the same hashes on this thread (LocalHashes). A lost worker loses its hashes: their
 * digests are rejected (HashWorkerLost) and the caller reads the file again; never a digest of
 * bytes that were not hashed.
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * Where the hashing is done: the sender of pieces gives each piece once, with the hashes it
 * updates and over which range of it (flat triples: hash, start, end). The hashes themselves are
 * in the worker (HashWorker) or, where none can run, on this thread (LocalHashes).
 */
export interface Hashes {
  /** A new hash's id. */
  open(): number;
  /** `ops`: hash id, start, end (in `piece`), for each hash the piece updates. */
  update(piece: Buffer, ops: number[]): void;
  /** The hex digests of `ids` (each then forgotten), and `free` forgotten too. Rejects if the hashes were lost. */
  digest(ids: number[], free: number[]): Promise<string[]>;
  /** Forgets these hashes, unfinished. */
  free(ids: number[]): void;
  /** Resolves once the hashing has caught up enough to take more (a reader that outruns it waits here). */
  ready(): Promise<void>;
  /** False once these hashes were lost (the worker ended or failed): the digest must be dropped. */
  readonly alive: boolean;
}

/** The hashes on this thread (digestFile, where the worker cannot run). */
export class LocalHashes implements Hashes {
  private next = 1;
  private hashes = new Map<number, crypto.Hash>();
  readonly alive = true;
  open(): number {
    const id = this.next++;
    this.hashes.set(id, crypto.createHash('sha256'));
    return id;
  }
  update(piece: Buffer, ops: number[]): void {
    for (let i = 0; i < ops.length; i += 3) this.hashes.get(ops[i]!)!.update(piece.subarray(ops[i + 1]!, ops[i + 2]!));
  }
  async digest(ids: number[], free: number[]): Promise<string[]> {
    const out = ids.map((id) => this.hashes.get(id)!.digest('hex'));
    this.free([...ids, ...free]);
    return out;
  }
  free(ids: number[]): void {
    for (const id of ids) this.hashes.delete(id);
  }
  async ready(): Promise<void> {}
}

/**
 * The hashing thread (CommonJS, evaluated from this string, so it runs the same under tsx, in the
 * esbuild bundles and in tests' bundled children; it needs only node:crypto). Messages, in order:
 *   {b, ops}          a batch of bytes (an ArrayBuffer, transferred) and the ranges each hash takes
 *                     from it; the buffer goes back (transferred) once hashed, to be filled again
 *   {req, ids, free}  the digests of `ids`, answered as {req, hex}; `ids` and `free` are forgotten
 *   {free}            forget these hashes
 * A hash first named in a batch's ops is created then.
 */
const HASH_WORKER = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.b) {
    const ops = m.ops;
    for (let i = 0; i < ops.length; i += 3) {
      let h = hashes.get(ops[i]);
      if (!h) hashes.set(ops[i], (h = crypto.createHash('sha256')));
      h.update(new Uint8Array(m.b, ops[i + 1], ops[i + 2] - ops[i + 1]));
    }
    parentPort.postMessage({ b: m.b }, [m.b]);
    return;
  }
  if (m.req !== undefined) {
    const hex = m.ids.map((id) => {
      const h = hashes.get(id) || crypto.createHash('sha256');
      hashes.delete(id);
      return h.digest('hex');
    });
    parentPort.postMessage({ req: m.req, hex });
  }
  for (const id of m.free || []) hashes.delete(id);
});
`;

/** Bytes per batch sent to the worker (one copy of the stored bytes into it, then transferred). */
const BATCH_BYTES = 1024 * 1024;
/**
 * Batches on their way to the worker at most, over all uploads (memory held if the worker falls
 * behind). Past it a new batch is not sent: its digest is dropped (the file is read again at
 * completion), so a stalled worker costs time, never memory or a wrong digest.
 */
const MAX_BATCHES_OUT = 64;
/**
 * A reader of a stored file (digestFile), or the writer of an upload's arriving bytes
 * (upload-file.ts, through arrival.ts), goes on only while fewer batches than this are out.
 */
const READ_AHEAD_BATCHES = 4;

/** The hashing worker failed or was ended: the hashes in it are lost. */
export class HashWorkerLost extends Error {}

/**
 * One worker thread per process for the intake's hashing: started when first needed, unref'd
 * (it keeps the process alive only while a digest is awaited), ended once every user has released it
 * (or by end()). Hash ids are the
 * process's, so the pieces of every upload share one batch: one copy of each stored byte into it,
 * and one message per BATCH_BYTES whatever the number of uploads. If the worker fails or is
 * ended, every hash in it is lost: those digests are dropped (their files are read again).
 */
class HashWorker {
  private worker: Worker | null = null;
  private next = 1;
  private req = 0;
  private waiting = new Map<number, { resolve: (hex: string[]) => void; reject: (e: Error) => void }>();
  private spare: ArrayBuffer[] = [];
  private out = 0;
  private batch: Buffer | null = null;
  private used = 0;
  private ops: number[] = [];
  /** Readers waiting for the worker to catch up (ready()). */
  private caughtUp: Array<() => void> = [];
  /** (tests) workers started in this process. */
  started = 0;
  /** Users that have not released the worker yet (use/release). */
  private users = 0;

  private start(): Worker {
    const w = new Worker(HASH_WORKER, { eval: true, name: 'intake-hashing' });
    this.started++;
    this.out = 0;
    this.batch = null;
    this.used = 0;
    this.ops = [];
    w.on('message', (m: { b?: ArrayBuffer; req?: number; hex?: string[] }) => {
      if (m.b) {
        if (this.worker === w) this.out--;
        if (this.spare.length < 8) this.spare.push(m.b);
        if (this.out < READ_AHEAD_BATCHES) this.wake();
        return;
      }
      const p = this.waiting.get(m.req!);
      this.waiting.delete(m.req!);
      this.holdOpen(w);
      p?.resolve(m.hex!);
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.batch = null;
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const p of waiting) p.reject(new HashWorkerLost(`the hashing worker ended: ${e.message}`));
      this.wake();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    w.unref(); // after the listeners: adding a 'message' listener refs the worker again
    return w;
  }

  private wake(): void {
    const c = this.caughtUp;
    this.caughtUp = [];
    if (this.worker) this.holdOpen(this.worker);
    for (const f of c) f();
  }

  /** The worker keeps the process alive only while someone awaits it (a digest, or a reader's turn). */
  private holdOpen(w: Worker): void {
    if (this.waiting.size || this.caughtUp.length) w.ref();
    else w.unref();
  }

  private flush(w: Worker): void {
    if (!this.batch || !this.used) return;
    this.out++;
    const ab = this.batch.buffer as ArrayBuffer;
    w.postMessage({ b: ab, ops: this.ops }, [ab]);
    this.batch = null;
    this.used = 0;
    this.ops = [];
  }

  /** Copies `piece` into the batch with its hashes' ranges; false if the worker is gone or too far behind. */
  private put(w: Worker, piece: Buffer, pieceOps: number[]): boolean {
    for (let at = 0; at < piece.length; ) {
      if (this.worker !== w) return false;
      if (!this.batch) {
        if (this.out >= MAX_BATCHES_OUT) return false;
        this.batch = Buffer.from(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES), 0, BATCH_BYTES);
      }
      const n = Math.min(piece.length - at, BATCH_BYTES - this.used);
      piece.copy(this.batch, this.used, at, at + n);
      // each hash's range, clipped to [at, at + n), at the batch's offsets
      for (let i = 0; i < pieceOps.length; i += 3) {
        const s = Math.max(pieceOps[i + 1]!, at);
        const e = Math.min(pieceOps[i + 2]!, at + n);
        if (e > s) this.ops.push(pieceOps[i]!, s - at + this.used, e - at + this.used);
      }
      this.used += n;
      at += n;
      if (this.used === BATCH_BYTES) this.flush(w);
    }
    return true;
  }

  /** Hashes in the worker (started if needed), for one digest. */
  hashes(): Hashes {
    const w = (this.worker ??= this.start());
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const pool = this;
    let failed = false;
    const alive = () => !failed && pool.worker === w;
    return {
      get alive() {
        return alive();
      },
      open: () => pool.next++,
      update(piece, ops) {
        if (alive() && !pool.put(w, piece, ops)) failed = true; // drop this digest rather than hold more
      },
      digest(ids, free) {
        if (!alive()) {
          this.free([...ids, ...free]);
          return Promise.reject(new HashWorkerLost('the hashing worker ended or fell behind'));
        }
        pool.flush(w);
        const req = pool.req++;
        return new Promise<string[]>((resolve, reject) => {
          pool.waiting.set(req, { resolve, reject });
          w.ref();
          w.postMessage({ req, ids, free });
        });
      },
      ready() {
        if (!alive() || pool.out < READ_AHEAD_BATCHES) return Promise.resolve();
        return new Promise<void>((r) => {
          pool.caughtUp.push(r);
          w.ref();
        });
      },
      free(ids) {
        if (!ids.length || pool.worker !== w) return;
        pool.flush(w); // the batch may hold pieces for them; in order, the worker creates then forgets them
        w.postMessage({ free: ids });
      },
    };
  }

  /** Something in this process (an intake's Arrivals) will hash here until it calls release(). */
  use(): void {
    this.users++;
  }

  /** The last user gone (every intake of the process closed): the worker ends. */
  async release(): Promise<void> {
    if (this.users > 0) this.users--;
    if (this.users === 0) await this.end();
  }

  /** (tests) users that have not released the worker yet. */
  get inUse(): number {
    return this.users;
  }

  /** Ends the worker (its hashes are lost: digests in progress are dropped). */
  async end(): Promise<void> {
    const w = this.worker;
    if (w) await w.terminate();
  }

  /** (tests) the worker now running, if any. */
  get current(): Worker | null {
    return this.worker;
  }
}

/** The process's hashing worker (one per intake process). */
export const hashWorker = new HashWorker();
