/**
 * Byte transfer for browser mode (shared/contract/transfer.ts): uploaded bytes are written to a
 * private temporary file and handed to the very same services that take a path (attach, verify,
 * import); downloads read a stored file up to the cap. The temporary folder is removed whatever
 * happens, so a refused upload leaves nothing behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import { MAX_TRANSFER_BYTES, MAX_TRANSFER_MB } from '../../shared/contract/transfer';
import { mediaTypeOf } from '../attachments/media-type';
import { isAgeFile } from '../bundle/age';
import type { Store } from '../store/store';
import { safeFileName } from './interchange';
import { coded } from '../../shared/messages';
import { cleanAttachmentName } from '../../shared/attachment-name';

type TransferMethods = 'addAttachmentData' | 'readAttachmentData' | 'outboxFolder' | 'exportBundleToOutbox' | 'exportWorkshopToOutbox' | 'readOutboxBundle' | 'verifyBundleData' | 'importBundleData' | 'importBundleDataInto';
type Uses = Pick<Handlers, 'addAttachment' | 'openAttachment' | 'exportBundle' | 'verifyBundle' | 'importBundle' | 'importBundleInto' | 'exportWorkshopBundle' | 'getWorkshop' | 'listOutbox' | 'getDraft'>;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Decodes base64 strictly (the contract checked its alphabet and length) and applies the cap. */
export function decodeUpload(base64: string, what: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_TRANSFER_BYTES) throw new AppError('invalid_input', `${what} is ${mb(bytes.length)}; uploads are limited to ${MAX_TRANSFER_MB} MB: use the desktop app or the CLI`, coded('upload.tooLarge', { max: MAX_TRANSFER_MB }));
  if (bytes.length === 0) throw new AppError('invalid_input', `${what} is empty`, coded('upload.empty'));
  return bytes;
}

/** Runs `fn` with the uploaded files written into a private temporary folder, removed afterwards. */
export async function withTempFiles<T>(files: Array<{ name: string; bytes: Buffer }>, fn: (paths: string[]) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-upload-'));
  try {
    fs.chmodSync(dir, 0o700);
    // each under its own name, in a folder of its own (the names may be the same): what a service
    // records of the file (an import's file name, shown on a returned copy's page) is the user's name,
    // as the one rule for names from elsewhere makes it (never "." or "..", a Windows device name, bidi controls)
    const paths = files.map((f, i) => {
      fs.mkdirSync(path.join(dir, String(i)), { mode: 0o700 });
      const p = path.join(dir, String(i), cleanAttachmentName(f.name));
      fs.writeFileSync(p, f.bytes, { mode: 0o600, flag: 'wx' });
      return p;
    });
    return await fn(paths);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a file for download, refusing above the cap with a message that says what to do instead. */
export function readForDownload(file: string, name: string, otherwise: string): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new AppError('not_found', `${name} is no longer at ${file} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (size > MAX_TRANSFER_BYTES) throw new AppError('invalid_input', `${name} is ${mb(size)}; downloads through the browser are limited to ${MAX_TRANSFER_MB} MB: ${otherwise}`, coded('upload.downloadTooLarge', { max: MAX_TRANSFER_MB }, { detail: true }));
  return fs.readFileSync(file);
}

/** The outbox: a folder beside the store (for an in-memory store, one in the temp folder). */
export function outboxDir(store: Store): string {
  return store.file === ':memory:' ? path.join(os.tmpdir(), 'gcm-review-outbox') : path.join(path.dirname(path.resolve(store.file)), 'outbox');
}

/** A new file name in `dir` for a bundle of `title`, never one that exists (with or without .age). */
export function outboxFileName(dir: string, title: string, at = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const base = `${safeFileName(title).replace(/\s+/g, '-')}-${stamp}`;
  for (let n = 1; ; n++) {
    const name = path.join(dir, `${base}${n > 1 ? `-${n}` : ''}.gcmr`);
    if (!fs.existsSync(name) && !fs.existsSync(`${name}.age`)) return name;
  }
}

/** `uses`: the other handlers (resolved at call time, so this can be spread into the same object). */
export function transferHandlers(store: Store, uses: () => Uses): Pick<Handlers, TransferMethods> {
  const h = new Proxy({} as Uses, { get: (_t, k) => uses()[k as keyof Uses] });
  const withBundle = <T>(fileName: string, base64: string, identity: string | undefined, fn: (file: string, identityFile?: string) => Promise<T> | T) => {
    const files = [{ name: fileName, bytes: decodeUpload(base64, fileName) }];
    if (identity?.trim()) files.push({ name: 'identity.txt', bytes: Buffer.from(identity.trim() + '\n') });
    return withTempFiles(files, ([file, identityFile]) => {
      if (!identityFile && isAgeFile(file!)) throw new AppError('invalid_input', `${fileName} is encrypted (age): give the age identity (AGE-SECRET-KEY-1…) it was encrypted for`, coded('bundle.needsIdentity'));
      return fn(file!, identityFile);
    });
  };
  return {
    addAttachmentData: ({ draftId, field, name, base64 }) => withTempFiles([{ name, bytes: decodeUpload(base64, name) }], ([p]) => h.addAttachment({ draftId, field, filePath: p!, name })),
    readAttachmentData: async ({ attachmentId }) => {
      const a = await h.openAttachment({ attachmentId });
      const bytes = readForDownload(a.path, a.name, 'open it in the desktop app, or copy it out with `attach open` in the CLI');
      return { fileName: a.name, mediaType: a.mediaType, size: bytes.length, base64: bytes.toString('base64') };
    },
    outboxFolder: () => ({ path: outboxDir(store) }),
    exportBundleToOutbox: async ({ draftId, sections, recipients }) => {
      const draft = await h.getDraft({ draftId });
      const dir = outboxDir(store);
      fs.mkdirSync(dir, { recursive: true });
      return h.exportBundle({ draftId, outFile: outboxFileName(dir, draft.title), sections, recipients });
    },
    exportWorkshopToOutbox: async ({ workshopId, recipients }) => {
      const w = await h.getWorkshop({ workshopId });
      const dir = outboxDir(store);
      fs.mkdirSync(dir, { recursive: true });
      return h.exportWorkshopBundle({ workshopId, file: outboxFileName(dir, w.workshop.title), recipients });
    },
    readOutboxBundle: async ({ bundleId }) => {
      const e = (await h.listOutbox({})).find((x) => x.bundleId === bundleId);
      if (!e) throw new AppError('not_found', `no exported bundle with id ${bundleId}`);
      const bytes = readForDownload(e.file, path.basename(e.file), `copy ${e.file} directly`);
      if (crypto.createHash('sha256').update(bytes).digest('hex') !== e.sha256) throw new AppError('bad_file', `${e.file} has changed since it was exported (its SHA-256 no longer matches); export again`);
      const fileName = path.basename(e.file);
      return { fileName, mediaType: fileName.endsWith('.age') ? 'application/octet-stream' : mediaTypeOf(fileName), size: bytes.length, base64: bytes.toString('base64') };
    },
    verifyBundleData: ({ fileName, base64, identity }) => withBundle(fileName, base64, identity, (file, identityFile) => h.verifyBundle({ file, identityFile })),
    importBundleDataInto: ({ fileName, base64, identity, draftId, acceptUnknownSigner }) =>
      withBundle(fileName, base64, identity, (file, identityFile) => h.importBundleInto({ file, draftId, identityFile, acceptUnknownSigner })),
    importBundleData: ({ fileName, base64, identity, acceptUnknownSigner }) =>
      withBundle(fileName, base64, identity, (file, identityFile) => h.importBundle({ file, identityFile, acceptUnknownSigner })),
  };
}
