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
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { MANIFEST_FILE } from '../../shared/bundle-format';
import type { StoredBytes, WriteWatcher } from './upload-file';

/** Bytes per read when a stored file is digested. */
const READ_BYTES = 1024 * 1024;

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
/** bundle.json read on the way (compressed bytes), at most this much. */
const MAX_MANIFEST = 4 * 1024 * 1024;

type Entry = { headerAt: number; dataStart: number; left: number; length: number; stored: boolean; descriptor: boolean; name: string; hash: crypto.Hash | null; keep: Buffer[] | null };

/** Follows the local headers of a zip as its bytes go by; stops (quietly) at anything else. */
class ZipScan {
  readonly entries = new Map<number, EntryHash>();
  private at = 0;
  private head: Buffer = Buffer.alloc(0);
  private cur: Entry | null = null;
  private descLeft = 0;
  private done = false;
  private sizes: Map<string, number> | null = null;

  feed(chunk: Buffer): void {
    let i = 0;
    while (!this.done && i < chunk.length) {
      if (this.cur) {
        const n = Math.min(this.cur.left, chunk.length - i);
        const part = chunk.subarray(i, i + n);
        this.cur.hash?.update(part);
        this.cur.keep?.push(Buffer.from(part)); // a copy: the caller may reuse its buffer
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
        // a local header: 30 fixed bytes, then the name and the extra field
        const need = this.head.length < 30 ? 30 : 30 + this.head.readUInt16LE(26) + this.head.readUInt16LE(28);
        const n = Math.min(need - this.head.length, chunk.length - i);
        this.head = Buffer.concat([this.head, chunk.subarray(i, i + n)]);
        i += n;
        this.at += n;
        if (this.head.length === 30 && this.head.readUInt32LE(0) !== LOCAL) this.done = true; // the central directory, or not a zip
        else if (this.head.length >= 30 && this.head.length === 30 + this.head.readUInt16LE(26) + this.head.readUInt16LE(28)) this.startEntry();
      }
    }
  }

  private startEntry(): void {
    const h = this.head;
    this.head = Buffer.alloc(0);
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
    const manifest = name === MANIFEST_FILE && !this.sizes && length <= MAX_MANIFEST;
    this.cur = { headerAt, dataStart: this.at, left: length, length, stored: method === 0, descriptor, name, hash: method === 0 ? crypto.createHash('sha256') : null, keep: manifest ? [] : null };
    if (length === 0) this.endEntry();
  }

  private endEntry(): void {
    const e = this.cur!;
    this.cur = null;
    if (e.hash) this.entries.set(e.headerAt, { dataStart: e.dataStart, length: e.length, sha256: e.hash.digest('hex') });
    if (e.keep) this.sizes = manifestSizes(Buffer.concat(e.keep), e.stored);
    // after the data: crc-32 and both sizes, with or without a signature (12 or 16 bytes); only
    // the signature's absence can be told here, from the next bytes: assume it is present, as
    // every writer this app knows (yazl) puts it, and stop if the next header is not where it should be
    if (e.descriptor) this.descLeft = 16;
  }

  /** Stops following: what was found so far stays. */
  stop(): void {
    this.done = true;
  }
}

/** file path -> size, from bundle.json's bytes as stored in the zip; null if they cannot be read. */
function manifestSizes(bytes: Buffer, stored: boolean): Map<string, number> | null {
  try {
    const json = stored ? bytes : zlib.inflateRawSync(bytes, { maxOutputLength: 64 * 1024 * 1024 });
    const m = JSON.parse(json.toString('utf8')) as { files?: Array<{ path?: unknown; size?: unknown }> };
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
  readonly hash = crypto.createHash('sha256');
  readonly zip = new ZipScan();

  feed(piece: Buffer): void {
    this.hash.update(piece);
    this.zip.feed(piece);
    this.offset += piece.length;
  }

  result(): ArrivedDigest {
    this.zip.stop();
    return { size: this.offset, sha256: this.hash.digest('hex'), entries: this.zip.entries };
  }
}

/**
 * The digest of a file already stored (an upload this process did not see arrive): one pass in
 * large reads, the same hashes as on arrival, so the archive check need not read the entries again.
 */
export async function digestFile(file: string): Promise<ArrivedDigest> {
  const d = new Digest();
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, d.offset);
      if (!bytesRead) break;
      d.feed(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return d.result();
}

/** The digests of the uploads this process is receiving: shown each byte once it is stored (storage.watchWrites). */
export class Arrivals implements WriteWatcher {
  private digests = new Map<string, Digest>();

  begin(id: string, offset: number): StoredBytes | null {
    let d = this.digests.get(id);
    if (offset === 0 && !d?.busy) this.digests.set(id, (d = new Digest()));
    if (!d || d.busy || d.offset !== offset) {
      this.digests.delete(id);
      return null;
    }
    const digest = d;
    digest.busy = true;
    return {
      stored: (piece) => digest.feed(piece),
      end: (intact) => {
        digest.busy = false;
        if (!intact && this.digests.get(id) === digest) this.digests.delete(id);
      },
    };
  }

  /** The digest of upload `id` if it covers exactly `size` bytes; it is forgotten either way. */
  take(id: string, size: number): ArrivedDigest | null {
    const d = this.digests.get(id);
    this.digests.delete(id);
    if (!d || d.busy || d.offset !== size) return null;
    return d.result();
  }

  forget(id: string): void {
    this.digests.delete(id);
  }
}
