/**
 * Content-addressed attachment bytes: store.blobDir/<first two hex>/<sha256>. Files are streamed
 * in (hashed while copied, never held whole in memory), fsynced, and renamed into place, so a
 * blob file either is complete with the content its name says, or is absent.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { nowIso, type Store } from '../store/store';

export function blobPath(store: Store, sha256: string): string {
  return path.join(store.blobDir, sha256.slice(0, 2), sha256);
}

/** A pass-through that hashes and counts what flows through it. */
export class HashingStream extends Transform {
  private hash = crypto.createHash('sha256');
  bytes = 0;
  constructor(private maxBytes = Number.MAX_SAFE_INTEGER) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return cb(new Error(`more than ${this.maxBytes} bytes`));
    this.hash.update(chunk);
    cb(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** A temporary file in the blob folder (same file system, so it can be renamed into place). */
export function stagingFile(store: Store): string {
  const dir = path.join(store.blobDir, '.staging');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${crypto.randomUUID()}`);
}

/** A staging file written by `write` and fsynced; removed if either fails. */
async function staged(store: Store, write: (tmp: string) => void | Promise<void>): Promise<string> {
  const tmp = stagingFile(store);
  try {
    await write(tmp);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/** Streams `source` into a staging file, hashing it; returns where it is and its hash and size. */
export async function stageStream(store: Store, source: Readable, maxBytes?: number): Promise<{ tmp: string; sha256: string; size: number }> {
  const hasher = new HashingStream(maxBytes);
  const tmp = await staged(store, (t) => pipeline(source, hasher, fs.createWriteStream(t, { flags: 'wx', mode: 0o600 })));
  return { tmp, sha256: hasher.digest(), size: hasher.bytes };
}

/** Bytes already in memory, whose hash the caller already has, into a staging file (not hashed again); returns where it is. */
export function stageBytes(store: Store, bytes: Uint8Array): Promise<string> {
  return staged(store, (t) => fs.writeFileSync(t, bytes, { flag: 'wx', mode: 0o600 }));
}

/**
 * Moves a staged file to its content address (or drops it if that content is already stored).
 * Returns true if it created the blob file. Does not touch the database.
 */
export function placeStaged(store: Store, tmp: string, sha256: string): boolean {
  const target = blobPath(store, sha256);
  if (fs.existsSync(target)) {
    fs.rmSync(tmp, { force: true });
    return false;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(tmp, target);
  return true;
}

/** Records a blob row (inside a transaction); no-op if it exists. */
export function recordBlob(store: Store, sha256: string, size: number): void {
  store.sql('INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING').run(sha256, size, nowIso());
}
