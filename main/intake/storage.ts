/**
 * Where the intake keeps bytes: uploads in progress (a tus DataStore) and accepted bundles. One
 * interface; the file implementation keeps both in a folder (which several intake processes may
 * share); the S3-compatible one (s3-storage.ts) pairs @tus/s3-store with objects for accepted
 * bundles.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { ERRORS } from '@tus/server';
import type { DataStore, Upload } from '@tus/utils';
import { isStorageFailure } from './failures';
import { UPLOAD_ID_RE } from './request-target';
import { storeBody, takeDirectBody } from './tus-request';
import { UploadFileGone, UploadWriter, type WriteWatcher } from './upload-file';

export type { StoredBytes, WriteWatcher } from './upload-file';

export interface BundleStorage {
  readonly datastore: DataStore;
  /**
   * An unfinished upload with no byte stored for this long is expired: tus answers it 410 and the
   * intake's sweep deletes it (intake.ts). One rule for both, counted from the last byte stored
   * (from its creation before any), so a slow but live upload is never expired.
   */
  readonly expireAfterMs: number;
  /** When the upload's last byte was stored (its creation before any), in ms since the epoch; null when its file is not here. */
  lastStored(uploadId: string): Promise<number | null>;
  /**
   * Every upload whose bytes or record are in the storage (whether or not the index names it),
   * with when it was last written: its bytes' time as lastStored, else its record's.
   */
  storedUploads(): Promise<Array<{ uploadId: string; lastStored: number }>>;
  /**
   * A local file with the upload's bytes, to verify (the folder's own file; a temporary copy
   * elsewhere), or null where a copy finds them gone (accepted or discarded by another process).
   */
  localFile(uploadId: string): Promise<LocalFile | null>;
  /**
   * Moves a verified upload's bytes to accepted bundles; its location, or null if another process
   * took it first. Its record stays, for the caller to discard (a deletion that may fail).
   */
  accept(uploadId: string, bundleId: string): Promise<string | null>;
  /**
   * Deletes an upload's record, then its bytes (so an upload whose bytes cannot be deleted is gone
   * for tus all the same: its requests are answered 404). Throws where a deletion fails.
   */
  discard(uploadId: string): Promise<void>;
  /** Deletes accepted bytes (a duplicate that lost the race, or a copy no index row names). Throws where that fails. */
  removeAccepted(location: string): Promise<void>;
  /** Every accepted bundle's location in the storage (whether or not the index names it), with when it was moved there. */
  storedAccepted(): Promise<Array<{ location: string; at: number }>>;
  /** An accepted bundle's bytes, once the storage has them to give (a failure is thrown before any byte is sent). */
  openAccepted(location: string): Promise<Readable>;
  /** The largest bundle the storage can accept, where it has a limit (S3: one CopyObject copies at most 5 GiB). */
  readonly maxBundleBytes?: number;
  /** Throws, saying why, where the storage cannot be reached or read (asked once, before an intake serves). */
  ready?(): Promise<void>;
  /**
   * Where the storage can: shows `w` every byte stored into an upload, in order, once it is
   * stored (the intake hashes uploads so, instead of reading them again to verify them).
   */
  watchWrites?(w: WriteWatcher): void;
  /**
   * Why the storage cannot take the rest of an upload now (a system error: ENOSPC when it has
   * less room than the bytes still to come, EROFS or EACCES when it cannot be written), or null.
   * Asked when a sender comes back to an upload (HEAD), so it is told before it sends again.
   */
  cannotTake?(uploadId: string): Promise<NodeJS.ErrnoException | null>;
}

/**
 * @tus/file-store with its write replaced (upload-file.ts): batched writes, each piece shown to
 * the watcher once it is in the file, background flushes to disk while the upload goes on.
 */
class UploadFileStore extends FileStore {
  watcher: WriteWatcher | null = null;

  constructor(
    opts: ConstructorParameters<typeof FileStore>[0],
    private fileOf: (id: string) => string,
  ) {
    super(opts);
  }

  // every way in names an upload by its id alone (not `<id>.json`, its record, nor anything else
  // in the folder): server.ts refuses other names first; this holds for any other caller
  override async create(upload: Upload): Promise<Upload> {
    this.fileOf(upload.id);
    return super.create(upload);
  }

  // tus's expiry (410 to HEAD and PATCH, Upload-Expires) counts from `creation_date`: it is given
  // the time the last byte was stored instead, so tus's rule is the sweep's (BundleStorage.expireAfterMs).
  // (A PATCH's Upload-Expires counts from the last byte before it: earlier than the truth, never later.)
  override async getUpload(id: string): Promise<Upload> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    const upload = await super.getUpload(id);
    const last = await lastWrite(this.fileOf(id));
    if (last !== null) upload.creation_date = new Date(last).toISOString();
    return upload;
  }

  // tus's termination (DELETE) deletes the upload's record: from then on every request finds the
  // upload gone (404). Its bytes are deleted after, by the intake (Intake.abandon), which answers
  // 204 all the same where they cannot be (logged, left for the sweep); a record that cannot be
  // deleted ends nothing, and is said as a storage failure (503, failures.ts)
  override async remove(id: string): Promise<void> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    if (!(await unlinkIfThere(`${this.fileOf(id)}.json`))) throw ERRORS.FILE_NOT_FOUND;
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return super.declareUploadLength(id, length);
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    // a PATCH whose bytes come straight from the Node request (tus-request.ts), else tus's stream
    const body = takeDirectBody();
    const file = this.fileOf(id);
    const watch = this.watcher?.begin(id, offset) ?? null;
    let writer: UploadWriter;
    try {
      writer = new UploadWriter(await fs.promises.open(file, 'r+'), offset, watch);
    } catch (e) {
      watch?.end(false);
      throw isStorageFailure(e) ? e : ERRORS.FILE_WRITE_ERROR;
    }
    let error: unknown = null;
    try {
      await (body ? storeBody(body, writer, readable) : pipeline(readable, writer));
    } catch (e) {
      error = e;
    }
    if (!writer.closed) await new Promise((r) => writer.once('close', r));
    // the watcher saw exactly what is in the file when the file ends where the writes did (a body
    // that broke off leaves the bytes before the break, all of them shown; a short write that
    // then failed does not)
    const intact = !writer.flushFailed && (await fs.promises.stat(file).then((st) => st.size === writer.position, () => false));
    watch?.end(intact);
    // a failed flush: the disk may not hold what was written, and may say so only once; the
    // upload's bytes go, so no receipt can be given for them (the sender starts again)
    if (writer.flushFailed) await fs.promises.rm(file, { force: true });
    // a full or read-only folder is said as such (failures.ts: 507/503, and the intake's log); an
    // upload deleted meanwhile (upload-file.ts) is gone, as for any request after its deletion
    if (error instanceof UploadFileGone) throw ERRORS.FILE_NO_LONGER_EXISTS;
    if (error) throw isStorageFailure(error) ? error : ERRORS.FILE_WRITE_ERROR;
    return writer.position;
  }
}

/** An upload file's mtime: set by every write into it (and by its creation), on whichever process of a shared folder wrote. */
const lastWrite = (file: string): Promise<number | null> =>
  fs.promises.stat(file).then(
    (st) => st.mtimeMs,
    () => null,
  );

/**
 * Deletes a file; false if it was not there. Any other failure is thrown with the system's own code
 * (fs.rm turns an EPERM into the ENOTDIR of its retry as a folder).
 */
async function unlinkIfThere(file: string): Promise<boolean> {
  try {
    await fs.promises.unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** An accepted bundle's name in received/: its bundle id and the upload that carried it. */
const ACCEPTED_RE = /^[0-9a-f-]{36}\.[0-9a-f]{32}\.gcmr$/;

/** Unfinished uploads expire 14 days after their last byte (the sweep and tus's 410 alike). */
export const UPLOAD_EXPIRY_MS = 14 * 24 * 3600 * 1000;

// @tus/file-store's constructor makes its folder with an asynchronous mkdir that throws from its
// callback: an intake closed, its folder removed, before that callback ran ended the process with
// an uncaught ENOENT (a CI run under load, test/intake-replay.test.ts). Made at once instead (the
// folder exists already: fileStorage makes it first), so nothing is left pending. The method is
// private in @tus/file-store's types, hence set on the prototype.
(UploadFileStore.prototype as unknown as { checkOrCreateDirectory: (this: { directory: string }) => void }).checkOrCreateDirectory = function () {
  fs.mkdirSync(this.directory, { recursive: true });
};

/** A local file with an upload's bytes, and its release. */
export interface LocalFile {
  file: string;
  release(): Promise<void>;
}

/** The folder's storage: an upload's local file is its own, always there to name. */
export type FolderStorage = Omit<BundleStorage, 'localFile'> & { localFile(uploadId: string): Promise<LocalFile> };

export function fileStorage(dir: string, opts: { expireAfterMs?: number } = {}): FolderStorage {
  const uploads = path.join(dir, 'uploads');
  const accepted = path.join(dir, 'received');
  fs.mkdirSync(uploads, { recursive: true });
  fs.mkdirSync(accepted, { recursive: true });
  const uploadFile = (id: string) => {
    if (!UPLOAD_ID_RE.test(id)) throw new Error(`bad upload id ${id}`);
    return path.join(uploads, id);
  };
  const expireAfterMs = opts.expireAfterMs ?? UPLOAD_EXPIRY_MS;
  const datastore = new UploadFileStore({ directory: uploads, expirationPeriodInMilliseconds: expireAfterMs }, uploadFile);
  const acceptedFile = (location: string) => {
    if (!ACCEPTED_RE.test(location)) throw new Error(`bad location ${location}`);
    return path.join(accepted, location);
  };
  return {
    datastore,
    expireAfterMs,
    lastStored: (id) => lastWrite(uploadFile(id)),
    storedUploads: async () => {
      // (its bytes and its record `<id>.json`; nothing else in the folder is an upload's)
      const ids = new Set((await fs.promises.readdir(uploads)).map((name) => name.replace(/\.json$/, '')).filter((id) => UPLOAD_ID_RE.test(id)));
      const found = [];
      for (const uploadId of ids) {
        const lastStored = (await lastWrite(uploadFile(uploadId))) ?? (await lastWrite(`${uploadFile(uploadId)}.json`));
        if (lastStored !== null) found.push({ uploadId, lastStored });
      }
      return found;
    },
    localFile: async (id) => ({ file: uploadFile(id), release: async () => {} }),
    accept: async (id, bundleId) => {
      const location = `${bundleId}.${id}.gcmr`;
      try {
        const fh = await fs.promises.open(uploadFile(id), 'r');
        try {
          // its time is now when it was accepted: a file in received/ that no index row names is
          // deleted only an hour after it got there (the sweep), not between its move and its claim
          const now = new Date();
          await fh.utimes(now, now);
          await fh.sync(); // accepted bytes are on disk before the receipt says so (off the event loop: other uploads go on)
        } finally {
          await fh.close();
        }
        fs.renameSync(uploadFile(id), acceptedFile(location));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      // and its new name too: after a crash the receipt's bundle is where the index says
      const dir = await fs.promises.open(accepted, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      return location;
    },
    discard: async (id) => {
      await unlinkIfThere(`${uploadFile(id)}.json`);
      await unlinkIfThere(uploadFile(id));
    },
    removeAccepted: async (location) => void (await unlinkIfThere(acceptedFile(location))),
    storedAccepted: async () => {
      const found = [];
      for (const location of await fs.promises.readdir(accepted)) {
        if (!ACCEPTED_RE.test(location)) continue;
        const at = await lastWrite(path.join(accepted, location));
        if (at !== null) found.push({ location, at });
      }
      return found;
    },
    openAccepted: async (location) => (await fs.promises.open(acceptedFile(location), 'r')).createReadStream(),
    watchWrites: (w) => void (datastore.watcher = w),
    cannotTake: async (id) => {
      try {
        await fs.promises.access(uploads, fs.constants.W_OK);
        const upload = await datastore.getUpload(id);
        const st = await fs.promises.statfs(uploads);
        const left = (upload.size ?? 0) - (upload.offset ?? 0);
        return st.bavail * st.bsize < left ? Object.assign(new Error(`${left} bytes to come, ${st.bavail * st.bsize} free`), { code: 'ENOSPC' }) : null;
      } catch (e) {
        return isStorageFailure(e) ? (e as NodeJS.ErrnoException) : null; // an unknown upload: tus says so
      }
    },
  };
}
