/** Promise wrappers over yauzl, opened the only way untrusted archives are opened here. */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { AppError } from '../../shared/contract/common';
import { unreadable, unsafeArchive } from './refusals';

export type ZipFile = yauzl.ZipFile;
export type Entry = yauzl.Entry;

let yauzlModule: ReturnType<typeof importYauzl> | null = null;
const importYauzl = () => import('yauzl');
/** yauzl, loaded with the first archive read (or earlier by a process that will read many: the intake). */
export const loadZipReader = () => (yauzlModule ??= importYauzl());

export async function openZip(file: string): Promise<ZipFile> {
  const { default: yauzl } = await loadZipReader(); // loaded only when an archive is read
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(unreadable(`not a readable zip archive (damaged or truncated?): ${err?.message ?? 'unknown error'}`));
      resolve(zip);
    });
  });
}

/** Reads every entry's metadata (nothing decompressed); `check` may throw to stop early. */
export function listEntries(zip: ZipFile, check: (e: Entry) => void): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    const fail = (e: unknown) => {
      zip.removeAllListeners();
      zip.on('error', () => undefined);
      reject(e instanceof AppError ? e : unreadable(`damaged zip archive: ${(e as Error).message}`));
    };
    zip.on('error', fail);
    zip.on('entry', (e: Entry) => {
      try {
        check(e);
      } catch (err) {
        return fail(err);
      }
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => {
      zip.removeAllListeners();
      resolve(out);
    });
    zip.readEntry();
  });
}

export function entryStream(zip: ZipFile, e: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, s) => (err || !s ? reject(unreadable(`damaged zip entry: ${err?.message ?? 'unreadable'}`)) : resolve(s)));
  });
}

/**
 * Where a stored (uncompressed) entry's bytes are in the file. The local header is checked here;
 * the bytes are still hashed against the signed manifest by the caller.
 */
export function storedEntryRange(file: string, fileSize: number, e: Entry): { start: number; length: number } {
  if (e.compressionMethod !== 0 || e.compressedSize !== e.uncompressedSize) throw new AppError('bad_file', 'internal: not a stored entry');
  const head = Buffer.alloc(30);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, head, 0, 30, e.relativeOffsetOfLocalHeader) !== 30 || head.readUInt32LE(0) !== 0x04034b50) {
      throw unreadable('damaged zip entry: invalid local file header');
    }
  } finally {
    fs.closeSync(fd);
  }
  if (head.readUInt16LE(8) !== 0) throw unreadable('damaged zip entry: local and central headers disagree on compression');
  const start = e.relativeOffsetOfLocalHeader + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (start + e.compressedSize > fileSize) throw unreadable('damaged zip entry: file data overflows the archive');
  return { start, length: e.compressedSize };
}

/**
 * A stored (uncompressed) entry's bytes read straight from the file in 1 MB chunks (yauzl's reader
 * uses 16 KB reads, several times slower on large attachments).
 */
export function storedEntryStream(file: string, fileSize: number, e: Entry): Readable {
  const { start, length } = storedEntryRange(file, fileSize, e);
  if (length === 0) return Readable.from([]);
  return fs.createReadStream(file, { start, end: start + length - 1, highWaterMark: 1 << 20 });
}

/**
 * Every entry's local header agrees with its central directory record on name and compression
 * method. Only the central directory is read here, but other tools (unzip, as VERIFY.txt says)
 * may go by the local headers: a bundle must not show them other names than the ones verified.
 */
export function checkLocalHeaders(file: string, entries: Entry[]): void {
  const fd = fs.openSync(file, 'r');
  try {
    for (const e of entries) {
      const central = e.fileName as unknown as Buffer;
      const shown = JSON.stringify(central.toString('utf8').slice(0, 100));
      const head = Buffer.alloc(30 + central.length);
      const n = fs.readSync(fd, head, 0, head.length, e.relativeOffsetOfLocalHeader);
      if (n < 30 || head.readUInt32LE(0) !== 0x04034b50) throw unreadable(`damaged zip entry ${shown}: invalid local file header`);
      const local = head.subarray(30, 30 + Math.min(head.readUInt16LE(26), central.length));
      if (head.readUInt16LE(26) !== central.length || !local.equals(central)) {
        throw unsafeArchive(`entry ${shown} is named ${JSON.stringify(local.toString('utf8').slice(0, 100))} in its local header: the central directory and the local headers disagree`);
      }
      if (head.readUInt16LE(8) !== e.compressionMethod) throw unsafeArchive(`entry ${shown}: the central directory and its local header disagree on the compression method`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
