/**
 * Export: a draft (or some of its sections) to a signed .gcmr, optionally age-encrypted to
 * .gcmr.age. Hashes are known before writing (the payload is hashed in memory; attachment blobs
 * are content-addressed), so SHA256SUMS is signed first and the zip is then streamed to disk;
 * every blob is re-hashed while it streams into the zip and the export fails if one no longer
 * matches its address. The file appears under its final name only when complete.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
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
  type BundleManifest,
} from '../../shared/bundle-format';
import { blobPath, HashingStream } from '../attachments/blobs';
import type { SigningKeys } from '../keys/signing-keys';
import type { Drafts } from '../services/drafts';
import { APP_VERSION } from '../services/version';
import { newId, nowIso, type Store } from '../store/store';
import { ageEncryptFile } from './age';
import { buildDraftPayload } from './draft-payload';
import { formatSums } from './sums';
import { verifyText } from './verify-text';

export interface ExportInput {
  draftId: string;
  outFile: string;
  sections?: string[];
  recipients?: string[];
}

export interface ExportedBundle {
  bundleId: string;
  file: string;
  sha256: string;
  size: number;
  encrypted: boolean;
  recipients: string[];
  sections: string[] | null;
  createdAt: string;
  fields: number;
  attachments: number;
  signer: string;
  draftId: string;
  draftTitle: string;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Moves `tmp` to `target` only if nothing is there yet (no silent overwrite). */
function publish(tmp: string, target: string): void {
  try {
    fs.linkSync(tmp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', `${target} already exists; choose another file name`);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function exportDraftBundle(store: Store, drafts: Drafts, keys: SigningKeys, input: ExportInput): Promise<ExportedBundle> {
  const draft = drafts.row(input.draftId);
  const template = drafts.template(draft);
  const sections = input.sections?.length ? [...new Set(input.sections)] : null;
  const recipients = [...new Set(input.recipients ?? [])];
  const target = path.resolve(recipients.length && !input.outFile.endsWith('.age') ? `${input.outFile}.age` : input.outFile);
  if (fs.existsSync(target)) throw new AppError('conflict', `${target} already exists; choose another file name`);
  if (!fs.existsSync(path.dirname(target))) throw new AppError('not_found', `folder ${path.dirname(target)} does not exist`);

  const key = keys.ensure();
  const built = buildDraftPayload(store, draft, template, sections);
  const payloadBytes = Buffer.from(JSON.stringify(built.payload, null, 1));
  for (const f of built.files) {
    let st: fs.Stats;
    try {
      st = fs.statSync(blobPath(store, f.row.sha256));
    } catch {
      throw new AppError('not_found', `the bytes of attachment ${f.row.name} are missing from the store; remove it or add it again`);
    }
    if (st.size !== f.row.size) throw new AppError('conflict', `the stored bytes of attachment ${f.row.name} are damaged (size differs); remove it or add it again`);
  }

  const bundleId = newId();
  const createdAt = nowIso();
  const files: BundleFile[] = [
    { path: PAYLOAD_FILES.draft, sha256: sha256(payloadBytes), size: payloadBytes.length, mediaType: 'application/json' },
    ...built.files.map((f) => ({ path: f.path, sha256: f.row.sha256, size: f.row.size, mediaType: f.row.media_type, originalName: f.row.name })),
  ];
  const manifest: BundleManifest = {
    type: BUNDLE_TYPE,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kind: 'draft',
    bundleId,
    createdAt,
    appVersion: APP_VERSION,
    template: { id: template.id, version: template.version },
    draft: { id: draft.id, title: draft.title },
    sections,
    derivedFrom: draft.origin_bundle_id,
    baseRevisions: built.baseRevisions,
    signer: { name: store.author().name, organisation: store.author().organisation, fingerprint: key.fingerprint },
    files,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const verifyBytes = Buffer.from(verifyText(key.fingerprint));
  const sumsBytes = Buffer.from(
    formatSums([
      { path: MANIFEST_FILE, sha256: sha256(manifestBytes) },
      { path: VERIFY_FILE, sha256: sha256(verifyBytes) },
      ...files.map((f) => ({ path: f.path, sha256: f.sha256 })),
    ]),
  );
  const { signature } = keys.sign(sumsBytes);

  const plainTmp = `${target}.partial-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const encTmp = `${plainTmp}.age`;
  try {
    const zip = new yazl.ZipFile();
    zip.on('error', (e: Error) => (zip.outputStream as unknown as Readable).destroy(e));
    const mtime = new Date(createdAt);
    const small = (name: string, bytes: Buffer, compress = true) => zip.addBuffer(bytes, name, { mtime, mode: 0o100644, compress });
    small(MANIFEST_FILE, manifestBytes);
    small(VERIFY_FILE, verifyBytes);
    small(PAYLOAD_FILES.draft, payloadBytes);
    const blobChecks: Array<{ name: string; h: HashingStream; sha: string }> = [];
    let blobError: Error | null = null;
    for (const f of built.files) {
      const h = new HashingStream(f.row.size);
      h.on('error', (e) => {
        blobError = e;
        (zip.outputStream as unknown as Readable).destroy(e);
      });
      const src = fs.createReadStream(blobPath(store, f.row.sha256), { highWaterMark: 1 << 20 });
      src.on('error', (e) => h.destroy(e));
      zip.addReadStream(src.pipe(h), f.path, { mtime, mode: 0o100644, compress: false, size: f.row.size });
      blobChecks.push({ name: f.row.name, h, sha: f.row.sha256 });
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
      fsyncFile(encTmp);
      publish(encTmp, target);
    } else {
      fsyncFile(plainTmp);
      publish(plainTmp, target);
    }

    const out: ExportedBundle = {
      bundleId,
      file: target,
      sha256: result.sha256,
      size: result.size,
      encrypted: recipients.length > 0,
      recipients,
      sections,
      createdAt,
      fields: built.payload.fields.length,
      attachments: built.payload.attachments.length,
      signer: key.fingerprint,
      draftId: draft.id,
      draftTitle: draft.title,
    };
    store.tx(() => {
      store
        .sql(
          `INSERT INTO bundles (id, direction, draft_id, kind, file_name, file_sha256, signer_fingerprint, signer_name, signer_org, recipients, created_at, recorded_at, details)
           VALUES (?, 'export', ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          bundleId,
          draft.id,
          target,
          result.sha256,
          key.fingerprint,
          manifest.signer.name,
          manifest.signer.organisation,
          JSON.stringify(recipients),
          createdAt,
          nowIso(),
          JSON.stringify({ size: result.size, sections, baseRevisions: built.baseRevisions, attachmentIds: built.payload.attachments.map((a) => a.id), fields: out.fields, encrypted: out.encrypted }),
        );
      store.audit(draft.id, 'bundle.export', { target: bundleId, newValue: target });
    });
    return out;
  } finally {
    fs.rmSync(plainTmp, { force: true });
    fs.rmSync(encTmp, { force: true });
  }
}
