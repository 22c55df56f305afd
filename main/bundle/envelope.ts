/**
 * The signed envelope every bundle kind shares, written by this one code path: manifest,
 * VERIFY.txt, the kind's payload file, attachments streamed from the blob store, SHA256SUMS
 * (signed before the zip is written: every hash is known in advance), the signature, the public
 * key; optionally age-encrypted; published under its final name only when complete, never over an
 * existing file; the export recorded in `bundles` (the outbox) with an audit entry.
 * Attachment blobs are re-hashed while they stream into the zip; a mismatch fails the export.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/contract/common';
import {
  BUNDLE_FORMAT_VERSION,
  BUNDLE_TYPE,
  MANIFEST_FILE,
  PAYLOAD_FILES,
  PUBKEY_FILE,
  SIG_FILE,
  SUMS_FILE,
  VERIFY_FILE,
  type BundleFile,
  type BundleKind,
  type BundleManifest,
} from '../../shared/bundle-format';
import { blobPath, HashingStream } from '../attachments/blobs';
import type { SigningKeys } from '../keys/signing-keys';
import { APP_VERSION } from '../services/version';
import { newId, nowIso, type Store } from '../store/store';
import { outputTarget, publishOutput } from '../output-file';
import { ageEncryptFile } from './age';
import { formatSums } from './sums';
import { verifyText } from './verify-text';
import { nameVersion } from '../history/named-versions';

/** What every manifest has, whatever its kind. */
export interface ManifestCommonFields {
  type: typeof BUNDLE_TYPE;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  bundleId: string;
  createdAt: string;
  appVersion: string;
  template: { id: string; version: string };
  signer: { name: string; organisation: string; fingerprint: string };
  files: BundleFile[];
}

export interface EnvelopeAttachment {
  path: string;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
}

export interface EnvelopeInput {
  kind: BundleKind;
  template: { id: string; version: string };
  /** The kind's own manifest fields added to the common ones. */
  manifest: (common: ManifestCommonFields) => BundleManifest;
  payload: Buffer;
  /** Blobs (content-addressed in the store) to carry under app-made names. */
  attachments?: EnvelopeAttachment[];
  outFile: string;
  recipients?: string[];
  /** The outbox row: the draft it belongs to (if any), kind-specific details, the audit entry's draft. */
  record: { draftId: string | null; details: Record<string, unknown> };
  /** The bundle's id when the kind chooses it (a workshop export's carries its export number); else a new one. */
  bundleId?: string;
}

export interface WrittenBundle {
  bundleId: string;
  file: string;
  sha256: string;
  size: number;
  encrypted: boolean;
  recipients: string[];
  createdAt: string;
  signer: string;
  manifest: BundleManifest;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** The final path of an export (".age" added when encrypted), refused if taken, inside the store, or its folder is missing. */
export function exportTarget(outFile: string, recipients: string[], store?: string): string {
  return outputTarget(recipients.length && !outFile.endsWith('.age') ? `${outFile}.age` : outFile, { store });
}

/** Checks that each attachment's bytes are still in the store at the right size (before anything is written). */
export function checkBlobs(store: Store, attachments: EnvelopeAttachment[]): void {
  for (const f of attachments) {
    let st: fs.Stats;
    try {
      st = fs.statSync(blobPath(store, f.sha256));
    } catch {
      throw new AppError('not_found', `the bytes of attachment ${f.originalName} are missing from the store; remove it or add it again`);
    }
    if (st.size !== f.size) throw new AppError('conflict', `the stored bytes of attachment ${f.originalName} are damaged (size differs); remove it or add it again`);
  }
}

export async function writeSignedBundle(store: Store, keys: SigningKeys, input: EnvelopeInput): Promise<WrittenBundle> {
  const recipients = [...new Set(input.recipients ?? [])];
  const target = exportTarget(input.outFile, recipients, store.file);
  const attachments = input.attachments ?? [];
  checkBlobs(store, attachments);
  const key = await keys.ensure();
  const payloadPath = PAYLOAD_FILES[input.kind];

  const bundleId = input.bundleId ?? newId();
  const createdAt = nowIso();
  const files: BundleFile[] = [
    { path: payloadPath, sha256: sha256(input.payload), size: input.payload.length, mediaType: 'application/json' },
    ...attachments.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, mediaType: f.mediaType, originalName: f.originalName })),
  ];
  const author = store.author();
  const manifest = input.manifest({
    type: BUNDLE_TYPE,
    formatVersion: BUNDLE_FORMAT_VERSION,
    bundleId,
    createdAt,
    appVersion: APP_VERSION,
    template: { id: input.template.id, version: input.template.version },
    signer: { name: author.name, organisation: author.organisation, fingerprint: key.fingerprint },
    files,
  });
  if (manifest.kind !== input.kind) throw new AppError('internal', `manifest of kind ${manifest.kind} for a ${input.kind} bundle`);
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const verifyBytes = Buffer.from(verifyText(key.fingerprint));
  const sumsBytes = Buffer.from(
    formatSums([
      { path: MANIFEST_FILE, sha256: sha256(manifestBytes) },
      { path: VERIFY_FILE, sha256: sha256(verifyBytes) },
      ...files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    ]),
  );
  const { signature } = await keys.sign(sumsBytes);

  const plainTmp = `${target}.partial-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const encTmp = `${plainTmp}.age`;
  try {
    const { default: yazl } = await import('yazl'); // loaded only when a bundle is written
    const zip = new yazl.ZipFile();
    zip.on('error', (e: Error) => (zip.outputStream as unknown as Readable).destroy(e));
    const mtime = new Date(createdAt);
    const small = (name: string, bytes: Buffer, compress = true) => zip.addBuffer(bytes, name, { mtime, mode: 0o100644, compress });
    small(MANIFEST_FILE, manifestBytes);
    small(VERIFY_FILE, verifyBytes);
    small(payloadPath, input.payload);
    const blobChecks: Array<{ name: string; h: HashingStream; sha: string }> = [];
    let blobError: Error | null = null;
    for (const f of attachments) {
      const h = new HashingStream(f.size);
      h.on('error', (e) => {
        blobError = e;
        (zip.outputStream as unknown as Readable).destroy(e);
      });
      const src = fs.createReadStream(blobPath(store, f.sha256), { highWaterMark: 1 << 20 });
      src.on('error', (e) => h.destroy(e));
      zip.addReadStream(src.pipe(h), f.path, { mtime, mode: 0o100644, compress: false, size: f.size });
      blobChecks.push({ name: f.originalName, h, sha: f.sha256 });
    }
    small(SUMS_FILE, sumsBytes, false);
    small(SIG_FILE, signature, false);
    small(PUBKEY_FILE, Buffer.from(key.publicKeyPem), false);
    zip.end();
    const fileHash = new HashingStream();
    await pipeline(zip.outputStream, fileHash, fs.createWriteStream(plainTmp, { flags: 'wx', mode: 0o644 }));
    if (blobError) throw blobError;
    for (const b of blobChecks) {
      if (b.h.digest() !== b.sha) throw new AppError('conflict', `the stored bytes of attachment ${b.name} are damaged (hash differs); nothing was exported`);
    }
    let result = { sha256: fileHash.digest(), size: fileHash.bytes };
    if (recipients.length) {
      result = await ageEncryptFile(plainTmp, encTmp, recipients);
      publishOutput(encTmp, target);
    } else {
      publishOutput(plainTmp, target);
    }

    store.tx(() => {
      store
        .sql(
          `INSERT INTO bundles (id, direction, draft_id, kind, file_name, file_sha256, signer_fingerprint, signer_name, signer_org, recipients, created_at, recorded_at, details)
           VALUES (?, 'export', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          bundleId,
          input.record.draftId,
          input.kind,
          target,
          result.sha256,
          key.fingerprint,
          manifest.signer.name,
          manifest.signer.organisation,
          JSON.stringify(recipients),
          createdAt,
          nowIso(),
          JSON.stringify({ size: result.size, encrypted: recipients.length > 0, ...input.record.details }),
        );
      store.audit(input.record.draftId, 'bundle.export', { target: bundleId, newValue: `${input.kind} ${target}` });
      if (input.kind === 'draft' && input.record.draftId) nameVersion(store, input.record.draftId, 'export', `Bundle exported: ${path.basename(target)}`, bundleId);
    });
    return { bundleId, file: target, sha256: result.sha256, size: result.size, encrypted: recipients.length > 0, recipients, createdAt, signer: key.fingerprint, manifest };
  } finally {
    fs.rmSync(plainTmp, { force: true });
    fs.rmSync(encTmp, { force: true });
  }
}
