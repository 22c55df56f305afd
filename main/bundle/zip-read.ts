/** Promise wrappers over yauzl, opened the only way untrusted archives are opened here. */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { AppError } from '../../shared/contract/common';

export type ZipFile = yauzl.ZipFile;
export type Entry = yauzl.Entry;

export function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(new AppError('bad_file', `not a readable zip archive (damaged or truncated?): ${err?.message ?? 'unknown error'}`));
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
      reject(e instanceof AppError ? e : new AppError('bad_file', `damaged zip archive: ${(e as Error).message}`));
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
    zip.openReadStream(e, (err, s) => (err || !s ? reject(new AppError('bad_file', `damaged zip entry: ${err?.message ?? 'unreadable'}`)) : resolve(s)));
  });
}
