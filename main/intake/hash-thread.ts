/**
 * Where an upload's SHA-256 hashes are computed (arrival.ts): here, or on a thread of their own
 * so that hashing (the file's and each stored entry's: twice each byte) runs beside the intake's
 * event loop, which then only receives and writes. Either way the same interface: hashes opened
 * by number, a piece's parts fed to them in order, digests as promises.
 *
 * On the thread, a piece is copied (once it is in the file) into a ring of shared memory, with the
 * ranges each hash takes from it; the ring's RING bytes are all the thread ever holds (moving the
 * pieces themselves would leave their garbage to a heap that seldom collects), and when it is
 * full the writer waits (end's promise), so memory stays flat however fast bytes arrive. If the
 * thread dies, its digests reject, and the intake reads the file again at completion (as for any
 * upload it did not see arrive whole).
 */
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

export interface HashSink {
  /** A new SHA-256; its number. */
  open(): number;
  /** The piece whose parts follow (update's parts are ranges of it). */
  begin(piece: Buffer): void;
  update(id: number, part: Buffer): void;
  /** After a piece's parts: hands them on; a promise when the hashing is too far behind (wait for it). */
  end(): void | Promise<void>;
  digest(id: number): Promise<string>;
  /** Hashes no longer wanted. */
  drop(ids: number[]): void;
}

/** Hashing on this thread, at once (a file read again in one pass: digestFile). */
export class LocalHashes implements HashSink {
  private next = 0;
  private hashes = new Map<number, crypto.Hash>();
  open(): number {
    this.hashes.set(this.next, crypto.createHash('sha256'));
    return this.next++;
  }
  begin(): void {}
  update(id: number, part: Buffer): void {
    this.hashes.get(id)!.update(part);
  }
  end(): void {}
  digest(id: number): Promise<string> {
    const h = this.hashes.get(id)!;
    this.hashes.delete(id);
    return Promise.resolve(h.digest('hex'));
  }
  drop(ids: number[]): void {
    for (const id of ids) this.hashes.delete(id);
  }
}

/** Shared memory between the intake and its hashing thread: pieces waiting to be hashed. */
export const RING = 8 * 1024 * 1024;

/** The thread: hashes by number, fed ranges of the ring; answers each range (the ring's room) and each digest. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const ring = Buffer.from(workerData.ring);
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'p') {
    for (const [id, s, e] of m.parts) {
      let h = hashes.get(id);
      if (!h) hashes.set(id, (h = crypto.createHash('sha256')));
      h.update(ring.subarray(s, e));
    }
    parentPort.postMessage({ t: 'p', n: m.n });
  } else if (m.t === 'd') {
    const h = hashes.get(m.id) || crypto.createHash('sha256');
    hashes.delete(m.id);
    parentPort.postMessage({ t: 'd', seq: m.seq, hex: h.digest('hex') });
  } else if (m.t === 'x') for (const id of m.ids) hashes.delete(id);
});
`;

type Part = [id: number, start: number, end: number];
type Message = { t: 'd'; id: number; seq: number } | { t: 'x'; ids: number[] };
/** In order: bytes still to copy into the ring (from `from` on), and messages that must follow them. */
type Queued = { piece: Buffer; parts: Part[]; from: number } | Message;

/** Hashing on a worker thread, started with the first piece and kept (unref'd) for the next uploads. */
export class HashThread implements HashSink {
  private worker: Worker | null = null;
  private readonly ring = new SharedArrayBuffer(RING);
  private readonly view = Buffer.from(this.ring);
  /** Where the next bytes go in the ring, and how many in it are not hashed yet. */
  private head = 0;
  private used = 0;
  private queue: Queued[] = [];
  private next = 0;
  /** Hashes numbered below this were on a thread that died: lost. */
  private lostBelow = 0;
  private seq = 0;
  private piece: Buffer | null = null;
  private parts: Part[] = [];
  /** Asked for while a piece's parts were gathered: they follow that piece. */
  private during: Message[] = [];
  private drained: Array<() => void> = [];
  private digests = new Map<number, { resolve(hex: string): void; reject(e: Error): void }>();

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(THREAD, { eval: true, workerData: { ring: this.ring } });
    w.on('message', (m: { t: 'p'; n: number } | { t: 'd'; seq: number; hex: string }) => {
      if (this.worker !== w) return;
      if (m.t === 'p') {
        this.used -= m.n;
        return this.pump();
      }
      this.digests.get(m.seq)?.resolve(m.hex);
      this.digests.delete(m.seq);
      if (!this.digests.size) w.unref();
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      // its hashes are lost: their digests fail (the intake then reads those files again); the next upload starts another thread
      this.worker = null;
      this.lostBelow = this.next;
      this.queue = [];
      this.during = [];
      this.head = 0;
      this.used = 0;
      for (const d of this.digests.values()) d.reject(e);
      this.digests.clear();
      for (const r of this.drained.splice(0)) r();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the hashing thread ended (${code})`)));
    w.unref(); // idle, it does not hold the process open (after its listeners, which would); awaited digests do (digest)
    this.worker = w;
    return w;
  }

  open(): number {
    return this.next++;
  }

  begin(piece: Buffer): void {
    this.piece = piece;
    this.parts = [];
  }

  update(id: number, part: Buffer): void {
    if (id < this.lostBelow) return;
    const start = part.byteOffset - this.piece!.byteOffset;
    this.parts.push([id, start, start + part.length]);
  }

  end(): void | Promise<void> {
    const piece = this.piece!;
    const parts = this.parts;
    this.piece = null;
    this.parts = [];
    if (parts.length) this.queue.push({ piece, parts, from: 0 });
    this.queue.push(...this.during.splice(0));
    this.pump();
    // the writer waits while the ring is full and more is queued (at most its one batch)
    if (this.queue.length) return new Promise<void>((r) => this.drained.push(r));
  }

  /** Copies what is queued into the ring as room allows, and sends messages in their turn. */
  private pump(): void {
    while (this.queue.length) {
      const q = this.queue[0]!;
      if (!('piece' in q)) {
        this.queue.shift();
        this.post(q);
        continue;
      }
      const n = Math.min(q.piece.length - q.from, RING - this.used, RING - this.head);
      if (n <= 0) break;
      const at = this.head;
      q.piece.copy(this.view, at, q.from, q.from + n);
      const parts: Part[] = [];
      for (const [id, s, e] of q.parts) {
        const a = Math.max(s, q.from);
        const b = Math.min(e, q.from + n);
        if (a < b && id >= this.lostBelow) parts.push([id, at + a - q.from, at + b - q.from]);
      }
      this.thread().postMessage({ t: 'p', n, parts });
      this.head = (at + n) % RING;
      this.used += n;
      q.from += n;
      if (q.from === q.piece.length) this.queue.shift();
    }
    if (!this.queue.length) for (const r of this.drained.splice(0)) r();
  }

  /** Now, or once the bytes queued before it are in the ring (a digest must follow its hash's last part). */
  private send(m: Message): void {
    if (this.piece) this.during.push(m);
    else if (this.queue.length) this.queue.push(m);
    else this.post(m);
  }

  private post(m: Message): void {
    if (m.t === 'd' && m.id < this.lostBelow) return this.lost(m.seq);
    if (m.t === 'd') {
      const w = this.thread();
      w.ref();
      w.postMessage(m);
    } else this.worker?.postMessage(m);
  }

  digest(id: number): Promise<string> {
    const seq = this.seq++;
    return new Promise<string>((resolve, reject) => {
      this.digests.set(seq, { resolve, reject });
      this.send({ t: 'd', id, seq });
    });
  }

  /** A digest whose hash was on a thread that died (never one of another thread's: that would be wrong). */
  private lost(seq: number): void {
    this.digests.get(seq)?.reject(new Error('the hashing thread ended before this hash was complete'));
    this.digests.delete(seq);
  }

  drop(ids: number[]): void {
    if (ids.length) this.send({ t: 'x', ids });
  }

  /** Ends the thread (its hashes are lost, as if it had died); the next piece starts another. */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
