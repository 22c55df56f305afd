/**
 * Where the intake keeps bytes: uploads in progress (a tus DataStore) and accepted bundles. One
 * interface; the file implementation keeps both in a folder (which several intake processes may
 * share). An S3-compatible implementation would pair @tus/s3-store with objects for accepted
 * bundles (see the README); only the folder is implemented and tested here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/utils';

export interface BundleStorage {
  readonly datastore: DataStore;
  /** A local file with the upload's bytes, to verify (the folder's own file; a temporary copy elsewhere). */
  localFile(uploadId: string): Promise<{ file: string; release(): Promise<void> }>;
  /** Moves a verified upload to accepted bundles; its location, or null if another process took it first. */
  accept(uploadId: string, bundleId: string): Promise<string | null>;
  /** Deletes an upload's bytes and its record. */
  discard(uploadId: string): Promise<void>;
  /** Deletes accepted bytes (a duplicate that lost the race). */
  removeAccepted(location: string): Promise<void>;
  openAccepted(location: string): Readable;
}

const UPLOAD_ID_RE = /^[0-9a-f]{32}$/;

export function fileStorage(dir: string, opts: { expireAfterMs?: number } = {}): BundleStorage {
  const uploads = path.join(dir, 'uploads');
  const accepted = path.join(dir, 'received');
  fs.mkdirSync(uploads, { recursive: true });
  fs.mkdirSync(accepted, { recursive: true });
  const datastore = new FileStore({ directory: uploads, expirationPeriodInMilliseconds: opts.expireAfterMs ?? 14 * 24 * 3600 * 1000 });
  const uploadFile = (id: string) => {
    if (!UPLOAD_ID_RE.test(id)) throw new Error(`bad upload id ${id}`);
    return path.join(uploads, id);
  };
  const acceptedFile = (location: string) => {
    if (!/^[0-9a-f-]{36}\.[0-9a-f]{32}\.gcmr$/.test(location)) throw new Error(`bad location ${location}`);
    return path.join(accepted, location);
  };
  return {
    datastore,
    localFile: async (id) => ({ file: uploadFile(id), release: async () => {} }),
    accept: async (id, bundleId) => {
      const location = `${bundleId}.${id}.gcmr`;
      try {
        const fh = await fs.promises.open(uploadFile(id), 'r');
        try {
          await fh.sync(); // accepted bytes are on disk before the receipt says so (off the event loop: other uploads go on)
        } finally {
          await fh.close();
        }
        fs.renameSync(uploadFile(id), acceptedFile(location));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      fs.rmSync(`${uploadFile(id)}.json`, { force: true });
      return location;
    },
    discard: async (id) => {
      fs.rmSync(uploadFile(id), { force: true });
      fs.rmSync(`${uploadFile(id)}.json`, { force: true });
    },
    removeAccepted: async (location) => fs.rmSync(acceptedFile(location), { force: true }),
    openAccepted: (location) => fs.createReadStream(acceptedFile(location)),
  };
}
