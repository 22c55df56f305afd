/**
 * BundleStorage on S3-compatible object storage (AWS S3, MinIO, Ceph…), so several intake
 * processes on several machines share one bucket (and one PostgreSQL index). Uploads in progress
 * are @tus/s3-store's (a multipart upload per upload, `<id>.info` its record, `<id>.part` a piece
 * smaller than S3's 5 MiB part, `<id>` once complete), under `PREFIX/uploads/`; accepted bundles are
 * objects `PREFIX/received/<bundleId>.<uploadId>.<nonce>.gcmr`, copied server-side (CopyObject)
 * from the complete upload the intake verified.
 *
 * The rules are the folder's (storage.ts): an upload expires `expireAfterMs` after its last byte
 * stored (its parts' and pieces' LastModified; its record's before any), for tus's 410 and the
 * sweep alike; a discard deletes the record first (the upload is then gone for tus), then the
 * bytes; a deletion that fails throws, for the intake to log. A bucket that does not answer for
 * now (5xx, SlowDown, a connection refused or cut, a timeout: once the SDK's own retries are spent)
 * throws StorageUnreachable (failures.ts: 503 with Retry-After), never taken for an upload gone.
 * Credentials come from the AWS SDK's
 * own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role…), never from
 * the command line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { ERRORS } from '@tus/server';
import type { KvStore, Upload } from '@tus/utils';
import { StorageUnreachable } from './failures';
import { UPLOAD_ID_RE } from './request-target';
import type { S3Location } from './s3-url';
import type { BundleStorage } from './storage';
import { UPLOAD_EXPIRY_MS } from './storage';
import { bodyToStore } from './tus-request';

function clientConfig(l: S3Location): S3ClientConfig {
  return {
    region: l.region,
    ...(l.endpoint ? { endpoint: l.endpoint } : {}),
    forcePathStyle: l.forcePathStyle,
    // checksums only where S3 requires them: many S3-compatible services do not take the SDK's
    // newer default (aws-chunked bodies with CRC trailers)
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** An S3 error that says the object or multipart upload is not there. */
const isMissing = (e: unknown): boolean => {
  const x = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  // (a bucket that is not there is a set-up fault, never a missing upload)
  return x?.name !== 'NoSuchBucket' && (['NoSuchKey', 'NotFound', 'NoSuchUpload'].includes(x?.name ?? '') || x?.$metadata?.httpStatusCode === 404);
};

/** The largest object one CopyObject copies (AWS: larger ones are copied by parts, UploadPartCopy): the largest bundle accepted. */
export const S3_MAX_COPY_BYTES = 5 * 1024 ** 3;

/** Errors whose name says to try later (S3's and the SDK's), whatever their status. */
const TRY_LATER = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'TooManyRequestsException']);
/** A connection's failures (the bucket's host down, unreachable, the connection cut). */
const CONNECTION = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/**
 * A failure of the bucket that a later try may not meet (a 5xx, 429, SlowDown, a timeout, a
 * connection refused or cut) as StorageUnreachable, saying what it was in one line; any other
 * error as it is (a missing key, a refusal: answered as before).
 */
function unreachable(e: unknown): unknown {
  if (!e || typeof e !== 'object' || e instanceof StorageUnreachable) return e;
  const x = e as { name?: string; code?: string; $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  const status = x.$metadata?.httpStatusCode;
  if (!(x.$fault === 'server' || (status !== undefined && (status >= 500 || status === 429)) || TRY_LATER.has(x.name ?? '') || CONNECTION.has(x.code ?? ''))) return e;
  const attempts = x.$metadata?.attempts ?? 0;
  return new StorageUnreachable(`${x.name ?? 'Error'} ${status ?? x.code ?? ''}`.trim() + (attempts > 1 ? `, after ${attempts} attempts` : ''), e);
}

/** Makes every failure of `s3`'s requests that says to try later a StorageUnreachable (once the SDK's retries are spent). */
function failingAsUnreachable(s3: S3): S3 {
  s3.middlewareStack.add(
    (next) => (args) => next(args).catch((e: unknown) => Promise.reject(unreachable(e))),
    { step: 'initialize', name: 'intakeStorageUnreachable', priority: 'high' },
  );
  return s3;
}

/** An accepted bundle's name in received/: its bundle id, the upload that carried it, and its copy's own nonce. */
const ACCEPTED_RE = /^[0-9a-f-]{36}\.[0-9a-f]{32}\.[0-9a-f]{8}\.gcmr$/;

/**
 * No cache of uploads' records: another intake process may delete one at any time (a completed
 * upload accepted there), and a cached record would make tus take the upload as complete.
 */
const noCache: KvStore<never> = { get: async () => undefined, set: async () => {}, delete: async () => {} };

/** The bucket's listings and deletions the storage makes besides @tus/s3-store's. */
class S3Bucket {
  constructor(
    readonly s3: S3,
    readonly bucket: string,
  ) {}

  async objects(prefix: string): Promise<Array<{ key: string; at: number }>> {
    const found = [];
    let token: string | undefined;
    do {
      const r = await this.s3.listObjectsV2({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token });
      for (const o of r.Contents ?? []) if (o.Key && o.LastModified) found.push({ key: o.Key, at: o.LastModified.getTime() });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async multipartUploads(prefix: string): Promise<Array<{ key: string; uploadId: string; at: number }>> {
    const found = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    for (;;) {
      const r = await this.s3.listMultipartUploads({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker });
      for (const u of r.Uploads ?? []) if (u.Key && u.UploadId) found.push({ key: u.Key, uploadId: u.UploadId, at: u.Initiated?.getTime() ?? 0 });
      if (!r.IsTruncated) return found;
      keyMarker = r.NextKeyMarker;
      idMarker = r.NextUploadIdMarker;
    }
  }

  async partTimes(key: string, uploadId: string): Promise<number[]> {
    const times = [];
    let marker: string | undefined;
    do {
      const r = await this.s3.listParts({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker });
      for (const p of r.Parts ?? []) if (p.LastModified) times.push(p.LastModified.getTime());
      marker = r.IsTruncated ? r.NextPartNumberMarker : undefined;
    } while (marker);
    return times;
  }

  async delete(key: string): Promise<void> {
    await this.s3.deleteObject({ Bucket: this.bucket, Key: key });
  }
}

/**
 * @tus/s3-store with the intake's rules: every key under `PREFIX/uploads/`, only upload ids the
 * intake names, expiry from the last byte stored, a termination that deletes the record only
 * (the intake deletes the bytes: Intake.abandon), and a PATCH's body taken from the Node request.
 */
class IntakeS3Store extends S3Store {
  constructor(
    l: S3Location,
    expireAfterMs: number,
    private storage: { lastStored(id: string): Promise<number | null>; recordKey(id: string): string; bucket: S3Bucket },
  ) {
    super({ s3ClientConfig: { bucket: l.bucket, ...clientConfig(l) }, expirationPeriodInMilliseconds: expireAfterMs, useTags: false, cache: noCache });
    failingAsUnreachable(this.client);
    // @tus/s3-store names its objects by the upload id alone: they go under PREFIX/uploads/
    const under = `${l.prefix}uploads/`;
    this.client.middlewareStack.add(
      (next) => (args) => {
        const input = args.input as { Key?: unknown };
        return next(typeof input.Key === 'string' ? { ...args, input: { ...args.input, Key: under + input.Key } as typeof args.input } : args);
      },
      { step: 'initialize', name: 'intakeUploadsPrefix' },
    );
  }

  override async create(upload: Upload): Promise<Upload> {
    if (!UPLOAD_ID_RE.test(upload.id)) throw new Error(`bad upload id ${upload.id}`);
    return super.create(upload);
  }

  // expiry counted from the last byte stored, as in the folder (storage.ts: UploadFileStore.getUpload)
  override async getUpload(id: string): Promise<Upload> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    let upload: Upload;
    try {
      upload = await super.getUpload(id);
    } catch (e) {
      if (e !== ERRORS.FILE_NOT_FOUND) throw e;
      // @tus/s3-store answers 404 to any failure to read the record: its sender would start again
      // while the bucket is down. Asked again: gone, or the bucket's failure (or there after all)
      await this.getMetadata(id).catch((x: unknown) => Promise.reject(isMissing(x) ? e : x));
      upload = await super.getUpload(id);
    }
    const last = await this.storage.lastStored(id);
    if (last !== null) upload.creation_date = new Date(last).toISOString();
    return upload;
  }

  // tus's termination deletes the record only (404 from then on); the intake deletes the bytes
  override async remove(id: string): Promise<void> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    const key = this.storage.recordKey(id);
    try {
      await this.storage.bucket.s3.headObject({ Bucket: this.storage.bucket.bucket, Key: key });
    } catch (e) {
      if (isMissing(e)) throw ERRORS.FILE_NOT_FOUND;
      throw e;
    }
    await this.storage.bucket.delete(key);
  }

  /**
   * Completes the upload's multipart upload where its parts hold every byte but it is not complete
   * (the bucket failed on CompleteMultipartUpload after the last part: tus counts the upload's
   * offset from its parts, so it is complete for tus and its sender). Whether it was completed.
   */
  async completeParts(id: string): Promise<boolean> {
    const metadata = await this.getMetadata(id).catch((e) => (isMissing(e) ? null : Promise.reject(e)));
    const parts = metadata ? await this.retrieveParts(id).catch((e) => (isMissing(e) ? null : Promise.reject(e))) : null;
    if (!metadata || !parts?.length || parts.reduce((n, p) => n + (p.Size ?? 0), 0) !== metadata.file.size) return false;
    // (completed meanwhile by another process: as good)
    await this.finishMultipartUpload(metadata, parts).catch((e) => (isMissing(e) ? undefined : Promise.reject(e)));
    return true;
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return super.declareUploadLength(id, length);
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    if (!UPLOAD_ID_RE.test(id)) throw ERRORS.FILE_NOT_FOUND;
    const { body, taken } = bodyToStore(readable);
    const [written, read] = await Promise.allSettled([super.write(body, id, offset), taken]);
    // its multipart upload aborted meanwhile (discarded at another process): gone, as in the folder
    if (written.status === 'rejected') throw isMissing(written.reason) ? ERRORS.FILE_NO_LONGER_EXISTS : written.reason;
    if (read.status === 'rejected') throw read.reason;
    return written.value;
  }
}

export function s3Storage(l: S3Location, opts: { expireAfterMs?: number } = {}): BundleStorage {
  const expireAfterMs = opts.expireAfterMs ?? UPLOAD_EXPIRY_MS;
  const bucket = new S3Bucket(failingAsUnreachable(new S3(clientConfig(l))), l.bucket);
  const uploads = `${l.prefix}uploads/`;
  const received = `${l.prefix}received/`;
  const uploadKey = (id: string) => {
    if (!UPLOAD_ID_RE.test(id)) throw new Error(`bad upload id ${id}`);
    return uploads + id;
  };
  const acceptedKey = (location: string) => {
    if (!ACCEPTED_RE.test(location)) throw new Error(`bad location ${location}`);
    return received + location;
  };

  /** The last write of an upload's record, pieces or parts (the record is written at its creation), or null if none is there. */
  const lastStored = async (id: string): Promise<number | null> => {
    const key = uploadKey(id);
    const times = (await bucket.objects(key)).filter((o) => [key, `${key}.info`, `${key}.part`].includes(o.key)).map((o) => o.at);
    for (const u of await bucket.multipartUploads(key)) {
      if (u.key !== key) continue;
      times.push(u.at);
      times.push(...(await bucket.partTimes(key, u.uploadId).catch((e) => (isMissing(e) ? [] : Promise.reject(e)))));
    }
    return times.length ? Math.max(...times) : null;
  };
  const idOf = (key: string) => key.slice(uploads.length).replace(/\.(info|part)$/, '');

  const datastore = new IntakeS3Store(l, expireAfterMs, { lastStored, recordKey: (id) => `${uploadKey(id)}.info`, bucket });
  return {
    datastore,
    expireAfterMs,
    maxBundleBytes: S3_MAX_COPY_BYTES,
    ready: async () => {
      try {
        await bucket.s3.listObjectsV2({ Bucket: l.bucket, Prefix: l.prefix, MaxKeys: 1 });
      } catch (e) {
        const x = e as Error & { $metadata?: { httpStatusCode?: number } };
        throw new Error(`--storage: cannot list s3://${l.bucket}/${l.prefix} at ${l.endpoint ?? 'AWS'} (${x.name}${x.$metadata?.httpStatusCode ? ` ${x.$metadata.httpStatusCode}` : ''}: ${x.message}); check the bucket, the endpoint and the credentials in the environment`);
      }
    },
    lastStored,
    storedUploads: async () => {
      // its objects (record, piece, complete bytes) and its multipart upload (one without a record: an intake killed mid-creation)
      const keys = [...(await bucket.objects(uploads)).map((o) => o.key), ...(await bucket.multipartUploads(uploads)).map((u) => u.key)];
      const found = [];
      for (const uploadId of new Set(keys.map(idOf).filter((id) => UPLOAD_ID_RE.test(id)))) {
        const at = await lastStored(uploadId);
        if (at !== null) found.push({ uploadId, lastStored: at });
      }
      return found;
    },
    localFile: async (id) => {
      // a private copy (a folder only this user can enter, the file 0600), deleted on release
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gcmr-intake-'));
      const release = () => fs.promises.rm(dir, { recursive: true, force: true });
      const file = path.join(dir, `${id}.gcmr`);
      const bytes = () => bucket.s3.getObject({ Bucket: l.bucket, Key: uploadKey(id) }).catch((e) => (isMissing(e) ? null : Promise.reject(e)));
      try {
        // (not there: its multipart upload not completed yet, else accepted or discarded by another process meanwhile)
        const r = (await bytes()) ?? ((await datastore.completeParts(id)) ? await bytes() : null);
        if (!r) {
          await release();
          return null;
        }
        await pipeline(r.Body as Readable, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      } catch (e) {
        await release();
        // (its bytes cut on the way: the bucket's failure too)
        throw unreachable(e);
      }
      return { file, release };
    },
    accept: async (id, bundleId) => {
      // each copy its own name: two processes that verified one upload at once never share an
      // object, so the one whose claim loses deletes its own copy, never the winner's
      const location = `${bundleId}.${id}.${crypto.randomBytes(4).toString('hex')}.gcmr`;
      try {
        await bucket.s3.copyObject({ Bucket: l.bucket, Key: acceptedKey(location), CopySource: encodeURI(`${l.bucket}/${uploadKey(id)}`), MetadataDirective: 'REPLACE' });
      } catch (e) {
        if (isMissing(e)) return null; // accepted (and its upload discarded) by another process
        throw e;
      }
      return location;
    },
    discard: async (id) => {
      const key = uploadKey(id);
      await bucket.delete(`${key}.info`);
      for (const u of await bucket.multipartUploads(key)) {
        if (u.key !== key) continue;
        await bucket.s3.abortMultipartUpload({ Bucket: l.bucket, Key: key, UploadId: u.uploadId }).catch((e) => (isMissing(e) ? undefined : Promise.reject(e)));
      }
      await bucket.delete(`${key}.part`);
      await bucket.delete(key);
    },
    removeAccepted: (location) => bucket.delete(acceptedKey(location)),
    storedAccepted: async () =>
      (await bucket.objects(received)).map((o) => ({ location: o.key.slice(received.length), at: o.at })).filter((c) => ACCEPTED_RE.test(c.location)),
    // (once the bucket has answered: a failure is said before any byte is, not as a cut download)
    openAccepted: async (location) => (await bucket.s3.getObject({ Bucket: l.bucket, Key: acceptedKey(location) })).Body as Readable,
  };
}
