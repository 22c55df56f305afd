/**
 * How the folder storage writes a PATCH body into an upload's file (in place of @tus/file-store's
 * write stream): pieces that pile up while a write is on its way are copied into one buffer of
 * WRITE_BYTES, used again, and written from it; each write is shown to the watcher (arrival.ts)
 * once it is in the file, and every SYNC_EVERY bytes the file is flushed to disk in the
 * background, so the fsync before a receipt (storage.accept) finds little left to do. The
 * durability rule does not change: a receipt still waits for that fsync; the background flushes
 * only move the disk's work to while the bytes arrive.
 *
 * Why the copy: the pieces are the HTTP parser's, a new 64 KB buffer each, freed only when the
 * garbage collector gets to them, so 200 MB of body are written from tens of megabytes of
 * scattered memory, and the system's copy into the page cache slows down with the spread of what
 * it copies from (on this machine, 100 MB written from 1,600 distinct 64 KB buffers: 160-310 ms of
 * system time; copied first into a 4 MB buffer and written from it: 20-35 ms, the copy included).
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** Sees an upload's bytes once they are stored, in order. */
export interface StoredBytes {
  /** `piece` is the writer's buffer, written into again after this returns: what is kept of it is copied. */
  stored(piece: Buffer): void;
  /**
   * Resolves once the watcher can take more (its hashing has caught up): the writer waits for it
   * before its next write, so what it keeps to hash stays small (and the sender waits, as for the disk).
   */
  ready?(): Promise<void>;
  /** The write is over: `intact` when the file holds exactly the bytes shown, nothing else. */
  end(intact: boolean): void;
}

/** Before bytes are stored into upload `uploadId` at `offset`: who is to see them (or null). */
export interface WriteWatcher {
  begin(uploadId: string, offset: number): StoredBytes | null;
}

/** Bytes written between background flushes (fdatasync off the event loop while the upload goes on). */
export const SYNC_EVERY = 16 * 1024 * 1024;
/** What the writer accepts before it makes its source wait (the next writes take all of it). */
const BUFFERED = 4 * 1024 * 1024;
/** Bytes per write: pieces are copied into a buffer this large, then written from it. */
const WRITE_BYTES = 1024 * 1024;
/** Write buffers not in use, for the next write of any upload (at most SPARE_BUFFERS are kept). */
const spare: Buffer[] = [];
const SPARE_BUFFERS = 4;

async function writeAllAt(fh: FileHandle, pieces: Buffer[], position: number): Promise<number> {
  let total = 0;
  for (let left = pieces; left.length; ) {
    const { bytesWritten } = await fh.writev(left, position + total);
    total += bytesWritten;
    // a short write (rare on files): go on from the first byte not written
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const p of left) {
      if (skip >= p.length) skip -= p.length;
      else {
        rest.push(skip ? p.subarray(skip) : p);
        skip = 0;
      }
    }
    if (rest.length && bytesWritten === 0) throw new Error('the disk took no bytes');
    left = rest;
  }
  return total;
}

/**
 * The upload's file was deleted while this write went on: by another intake process sharing the
 * folder (a creation of the same bundle there superseded the upload; its lock, per process, could
 * not end this write first). Bytes written on would count in no quota and hold their space until
 * the request ended.
 */
export class UploadFileGone extends Error {}

export class UploadWriter extends Writable {
  /** The offset in the file after the last byte written. */
  position: number;
  /** A background flush failed: what is on disk is not known to be what was written. */
  flushFailed: Error | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();
  private flushing: Promise<void> | null = null;
  private flushedTo: number;

  constructor(
    private fh: FileHandle,
    offset: number,
    private watch: StoredBytes | null,
  ) {
    super({ highWaterMark: BUFFERED });
    this.position = offset;
    this.flushedTo = offset;
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, cb: (e?: Error | null) => void): void {
    const p = this.writePieces(chunks.map((c) => c.chunk)).then(
      () => {
        this.flushInBackground();
        cb();
      },
      (e: Error) => cb(e),
    );
    this.inFlight = p;
  }

  /** Writes `pieces` in order at the end of what was written, WRITE_BYTES at a time, each copied first into one buffer. */
  private async writePieces(pieces: Buffer[]): Promise<void> {
    const buf = spare.pop() ?? Buffer.allocUnsafeSlow(WRITE_BYTES);
    try {
      for (let i = 0, from = 0; i < pieces.length; ) {
        let n = 0;
        while (i < pieces.length && n < buf.length) {
          const piece = pieces[i]!;
          const k = piece.copy(buf, n, from);
          n += k;
          from += k;
          if (from === piece.length) {
            i++;
            from = 0;
          }
        }
        const written = buf.subarray(0, n);
        // (fstat on the open file, no lookup: its name gone, it has no links)
        if (fs.fstatSync(this.fh.fd).nlink === 0) throw new UploadFileGone('the upload was deleted while it was written');
        this.position += await writeAllAt(this.fh, [written], this.position);
        this.watch?.stored(written); // (the watcher copies what it keeps: the buffer is written into again)
        await this.watch?.ready?.();
      }
    } finally {
      if (spare.length < SPARE_BUFFERS) spare.push(buf);
    }
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this._writev([{ chunk }], cb);
  }

  private flushInBackground(): void {
    if (this.flushing || this.position - this.flushedTo < SYNC_EVERY) return;
    const to = this.position;
    this.flushing = this.fh.datasync().then(
      () => {
        this.flushedTo = to;
        this.flushing = null;
      },
      (e: Error) => {
        // the kernel may report a write-back error only once: these bytes can never be vouched for
        this.flushFailed = e;
        this.flushing = null;
        this.destroy(e);
      },
    );
  }

  /** Closes the file once the write and flush on their way are over. */
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    void this.inFlight
      .catch(() => {})
      .then(() => this.flushing)
      .then(() => this.fh.close())
      .then(
        () => cb(err),
        (e: Error) => cb(err ?? e),
      );
  }
}
