/**
 * Hashing an upload while it arrives, so the check at completion does not read it again.
 *
 * Every byte the storage stores into an upload is shown here once it is in the file, in order
 * (storage.watchWrites): the SHA-256 of the whole file, and of each stored zip entry's data (found
 * from the local headers as they pass; an entry whose sizes follow its data takes its length from
 * bundle.json, the archive's first entry). At completion the verifier uses these hashes in place
 * of reading the file, but only where they apply exactly: the digest covers every byte from 0 to
 * the upload's final size, each stored by this process, in order, and after every request the
 * file ended where the shown bytes did (a request cut off by the line keeps its digest: what came
 * before the cut is both in the file and in the digest). Otherwise it is dropped, and the file is
 * read again in one pass (digestFile, the same hashes); an entry's hash is used only for the very
 * range the central directory gives it. The bytes are still judged by the verifier (signature,
 * SHA256SUMS, caps): this only says what their hashes are. Nothing here trusts the archive; a
 * layout it cannot follow just stops it.
 *
 * The hashing itself runs on one worker thread (hash-worker.ts); this thread follows the headers and
 * copies each byte once into a batch for it. Measured (bench delivery, 200 MB, 2 cores, load 1.2-4):
 * on the event loop, Hash.update's ~600 ms per upload (CPU profile) became ~100 ms of copying and
 * messages; the upload's wall time did not change (median 1,637 vs 1,638 ms over 5 runs
 * of 3 pairs each), and the process's CPU rose by ~200 ms (1,710 vs 1,500 ms).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { MANIFEST_FILE } from '../../shared/bundle-format';
import { DEFAULT_LIMITS } from '../bundle/limits';
import { hashWorker, HashWorkerLost, LocalHashes, type Hashes } from './hash-worker';
import type { StoredBytes, WriteWatcher } from './upload-file';

/** Bytes per read when a stored file is digested. */
const READ_BYTES = 1024 * 1024;
/**
 * How long the writer of an upload waits at most for the hashing to catch up before it writes on
 * (the batches then pile up to hash-worker.ts's MAX_BATCHES_OUT, past which the digest is dropped).
 */
const CATCH_UP_MS = 1000;

/** The hash of one stored entry's data, by the offset of its local header. */
export interface EntryHash {
  dataStart: number;
  length: number;
  sha256: string;
}

export interface ArrivedDigest {
  size: number;
  sha256: string;
  entries: Map<number, EntryHash>;
}

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
/**
 * bundle.json read on the way: its bytes as stored are kept in memory until the entry ends (in an
 * upload left unfinished inside it, for as long as the upload is in progress), so at most this
 * much (a bundle.json listing 2,000 files deflates to ~100 KB); inflated, at most MAX_MANIFEST.
 */
const MAX_MANIFEST_KEPT = 512 * 1024;
const MAX_MANIFEST = 4 * 1024 * 1024;
/**
 * Files a bundle.json may list for its sizes to be kept (an archive has at most this many entries,
 * bundle/limits.ts): a digest is kept for every upload in progress, and a list of a million files
 * in each (a few MB of deflated JSON, sent by a device that then leaves the upload unfinished) was
 * ~30 MB of heap per upload and a second of the event loop. Past it the scan stops (the file is
 * read again at completion, where the archive's own caps refuse it).
 */
const MAX_LISTED = DEFAULT_LIMITS.maxEntries; // and entries followed in an upload

/** Counts what the digests did (tests, benchmarks): files read again in full, digests made on the worker. */
export const digestStats = { fileReads: 0, arrivedDigests: 0, dropped: 0, readsOnThread: 0 };

type Entry = { headerAt: number; dataStart: number; left: number; length: number; stored: boolean; descriptor: boolean; name: string; hash: number; keep: Buffer[] | null };

/**
 * Follows the local headers of a zip as its bytes go by; stops (quietly) at anything else. It
 * hashes nothing itself: feed() says which range of each piece goes into which entry's hash.
 */
class ZipScan {
  /** Stored entries' data, by the offset of their local header, with the id of their hash. */
  readonly entries = new Map<number, { dataStart: number; length: number; hash: number }>();
  private at = 0;
  private head: Buffer = Buffer.alloc(30);
  private headLen = 0;
  private cur: Entry | null = null;
  private descLeft = 0;
  private done = false;
  private sizes: Map<string, number> | null = null;
  private manifestRead = false;
  private started = 0;

  constructor(private hashes: Hashes) {}

  /** Follows `chunk`; appends to `ops` (hash, start, end) the ranges of it that stored entries' hashes take. */
  feed(chunk: Buffer, ops: number[]): void {
    let i = 0;
    while (!this.done && i < chunk.length) {
      if (this.cur) {
        const n = Math.min(this.cur.left, chunk.length - i);
        if (this.cur.hash && n) ops.push(this.cur.hash, i, i + n);
        if (this.cur.keep) this.cur.keep.push(Buffer.from(chunk.subarray(i, i + n))); // a copy: the caller may reuse its buffer
        this.cur.left -= n;
        i += n;
        this.at += n;
        if (this.cur.left === 0) this.endEntry();
      } else if (this.descLeft) {
        const n = Math.min(this.descLeft, chunk.length - i);
        this.descLeft -= n;
        i += n;
        this.at += n;
      } else {
        // a local header: 30 fixed bytes, then the name and the extra field, gathered into one
        // buffer of that size (up to 128 KB: a header sent a byte at a time is copied once, not
        // once per byte as by concatenating)
        const n = Math.min(this.head.length - this.headLen, chunk.length - i);
        chunk.copy(this.head, this.headLen, i, i + n);
        this.headLen += n;
        i += n;
        this.at += n;
        if (this.headLen < this.head.length) continue;
        if (this.head.length === 30) {
          if (this.head.readUInt32LE(0) !== LOCAL) {
            this.done = true; // the central directory, or not a zip
            continue;
          }
          const full = 30 + this.head.readUInt16LE(26) + this.head.readUInt16LE(28);
          if (full > 30) {
            this.head = Buffer.concat([this.head], full);
            continue;
          }
        }
        this.startEntry();
      }
    }
  }

  private startEntry(): void {
    const h = this.head;
    this.head = Buffer.alloc(30);
    this.headLen = 0;
    // an archive may hold no more entries (bundle/limits.ts): past them, stop (each followed entry
    // is kept, with a hash on the worker, while the upload is in progress: 200,000 empty entries,
    // 6 MB sent, were ~225 MB of memory)
    if (++this.started > MAX_LISTED) return void (this.done = true);
    const flags = h.readUInt16LE(6);
    const method = h.readUInt16LE(8);
    const name = h.subarray(30, 30 + h.readUInt16LE(26)).toString('utf8');
    const descriptor = (flags & 8) !== 0;
    let length = h.readUInt32LE(18);
    if (descriptor) {
      const announced = this.sizes?.get(name);
      if (method !== 0 || announced === undefined) return void (this.done = true);
      length = announced;
    } else if (length === 0xffffffff) return void (this.done = true); // zip64: not followed
    const headerAt = this.at - h.length;
    // the first bundle.json only (the archive's first entry): another is not read, whatever came of the first
    const manifest = name === MANIFEST_FILE && !this.manifestRead && length <= MAX_MANIFEST_KEPT;
    if (manifest) this.manifestRead = true;
    this.cur = { headerAt, dataStart: this.at, left: length, length, stored: method === 0, descriptor, name, hash: method === 0 ? this.hashes.open() : 0, keep: manifest ? [] : null };
    if (length === 0) this.endEntry();
  }

  private endEntry(): void {
    const e = this.cur!;
    this.cur = null;
    if (e.hash) this.entries.set(e.headerAt, { dataStart: e.dataStart, length: e.length, hash: e.hash });
    if (e.keep) this.sizes = manifestSizes(Buffer.concat(e.keep), e.stored);
    // after the data: crc-32 and both sizes, with or without a signature (12 or 16 bytes); only
    // the signature's absence can be told here, from the next bytes: assume it is present, as
    // every writer this app knows (yazl) puts it, and stop if the next header is not where it should be
    if (e.descriptor) this.descLeft = 16;
  }

  /** Stops following: what was found so far stays; the hash of an entry not ended (if any), which is then of no use. */
  stop(): number[] {
    this.done = true;
    const open = this.cur?.hash ? [this.cur.hash] : [];
    this.cur = null;
    return open;
  }
}

/** file path -> size, from bundle.json's bytes as stored in the zip; null if they cannot be read. */
function manifestSizes(bytes: Buffer, stored: boolean): Map<string, number> | null {
  try {
    const json = stored ? bytes : zlib.inflateRawSync(bytes, { maxOutputLength: MAX_MANIFEST });
    const m = JSON.parse(json.toString('utf8')) as { files?: Array<{ path?: unknown; size?: unknown }> };
    if (!Array.isArray(m.files) || m.files.length > MAX_LISTED) return null;
    const out = new Map<string, number>();
    for (const f of m.files ?? []) if (typeof f.path === 'string' && typeof f.size === 'number' && Number.isSafeInteger(f.size) && f.size >= 0) out.set(f.path, f.size);
    return out;
  } catch {
    return null;
  }
}

class Digest {
  offset = 0;
  busy = false;
  private readonly file: number;
  private readonly zip: ZipScan;
  private ops: number[] = [];
  private over = false;

  constructor(private readonly hashes: Hashes) {
    this.file = hashes.open();
    this.zip = new ZipScan(hashes);
  }

  ready(): Promise<void> {
    return this.hashes.ready();
  }

  /** False once its hashes were lost (the worker failed or fell behind). */
  get alive(): boolean {
    return !this.over && this.hashes.alive;
  }

  feed(piece: Buffer): void {
    const ops = this.ops;
    ops.length = 0;
    ops.push(this.file, 0, piece.length);
    this.zip.feed(piece, ops);
    this.hashes.update(piece, ops);
    this.offset += piece.length;
  }

  async result(): Promise<ArrivedDigest> {
    this.over = true;
    const open = this.zip.stop();
    const entries = [...this.zip.entries];
    const hex = await this.hashes.digest([this.file, ...entries.map(([, e]) => e.hash)], open);
    return { size: this.offset, sha256: hex[0]!, entries: new Map(entries.map(([at, e], i) => [at, { dataStart: e.dataStart, length: e.length, sha256: hex[i + 1]! }])) };
  }

  /** Forgets the hashes unfinished. */
  dispose(): void {
    if (this.over) return;
    this.over = true;
    this.hashes.free([this.file, ...[...this.zip.entries.values()].map((e) => e.hash), ...this.zip.stop()]);
  }
}

/**
 * The digest of a file already stored (an upload this process did not see arrive): one pass in
 * large reads, the same hashes as on arrival, so the archive check need not read the entries again.
 * The hashing is done by the worker while the next read is on its way; should the worker fail,
 * the file is read again and hashed on this thread.
 */
export async function digestFile(file: string, on: 'worker' | 'thread' = 'worker'): Promise<ArrivedDigest> {
  digestStats.fileReads++;
  if (on === 'worker') {
    try {
      const d = await readInto(file, new Digest(hashWorker.hashes()));
      if (d) return d;
    } catch (e) {
      if (!(e instanceof HashWorkerLost)) throw e; // the file, not the worker
    }
  }
  digestStats.readsOnThread++;
  return (await readInto(file, new Digest(new LocalHashes())))!;
}

async function readInto(file: string, d: Digest): Promise<ArrivedDigest | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      await d.ready();
      const { bytesRead } = await fh.read(buf, 0, buf.length, d.offset);
      if (!bytesRead) break;
      d.feed(buf.subarray(0, bytesRead));
      if (!d.alive) return d.dispose(), null;
    }
  } catch (e) {
    d.dispose();
    throw e;
  } finally {
    await fh.close();
  }
  return d.result();
}

/** The digests of the uploads this process is receiving: shown each byte once it is stored (storage.watchWrites). */
export class Arrivals implements WriteWatcher {
  private digests = new Map<string, Digest>();
  private closed = false;

  constructor() {
    hashWorker.use();
  }

  private drop(id: string): void {
    this.digests.get(id)?.dispose();
    this.digests.delete(id);
  }

  begin(id: string, offset: number): StoredBytes | null {
    let d = this.digests.get(id);
    if (offset === 0 && !d?.busy) {
      d?.dispose();
      this.digests.set(id, (d = new Digest(hashWorker.hashes())));
    }
    if (!d || d.busy || d.offset !== offset || !d.alive) {
      this.drop(id);
      return null;
    }
    const digest = d;
    digest.busy = true;
    return {
      stored: (piece) => digest.feed(piece),
      // at most CATCH_UP_MS: a worker that stops taking batches makes the digest be dropped
      // (hash-worker.ts: MAX_BATCHES_OUT), never the upload wait
      ready: () =>
        new Promise<void>((r) => {
          const t = setTimeout(r, CATCH_UP_MS);
          void digest.ready().then(() => (clearTimeout(t), r()));
        }),
      end: (intact) => {
        digest.busy = false;
        if (!intact && this.digests.get(id) === digest) this.drop(id);
      },
    };
  }

  /**
   * The digest of upload `id` if it covers exactly `size` bytes, and its hashes were not lost (the
   * worker failed or ended): null otherwise, and the file is to be read again. It is forgotten either way.
   */
  async take(id: string, size: number): Promise<ArrivedDigest | null> {
    const d = this.digests.get(id);
    this.digests.delete(id);
    if (!d || d.busy || d.offset !== size || !d.alive) {
      d?.dispose();
      if (d) digestStats.dropped++;
      return null;
    }
    try {
      const r = await d.result();
      digestStats.arrivedDigests++;
      return r;
    } catch {
      digestStats.dropped++;
      return null;
    }
  }

  forget(id: string): void {
    this.drop(id);
  }

  /** Forgets every digest and lets the hashing worker go (it ends with the process's last intake). */
  async close(): Promise<void> {
    for (const id of [...this.digests.keys()]) this.drop(id);
    if (this.closed) return;
    this.closed = true;
    await hashWorker.release();
  }
}
