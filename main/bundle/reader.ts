/**
 * Reads an untrusted .gcmr archive and proves it intact: caps and name rules on every entry before
 * anything is decompressed; the file set exactly the manifest's plus the fixed files; the
 * signature over SHA256SUMS by the embedded key; that key's fingerprint equal to the manifest's;
 * SHA256SUMS equal to the manifest's hashes; every file's bytes equal to its hash. Names from the
 * archive are only compared, never used as paths. Attachments can be staged (streamed to
 * temporary files while hashed) so an import writes exactly the bytes that were verified.
 * Trust and the template are judged by the caller.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/contract/common';
import {
  BUNDLE_FORMAT_VERSION,
  BUNDLE_TYPE,
  BundleManifest,
  FIXED_FILES,
  MANIFEST_FILE,
  ManifestHeader,
  PAYLOAD_FILES,
  PUBKEY_FILE,
  SIG_FILE,
  SUMS_FILE,
  VERIFY_FILE,
} from '../../shared/bundle-format';
import { describeZodError } from '../../shared/template/schema';
import { HashingStream } from '../attachments/blobs';
import { fingerprintOf, parsePublicKeyPem } from '../keys/fingerprint';
import { entryNameProblem } from './entry-names';
import { parseBundleJson } from './json';
import { DEFAULT_LIMITS, type ArchiveLimits } from './limits';
import { altered, badSignature, formatRefused, inconsistent, unreadable, unsafeArchive } from './refusals';
import { parseSums } from './sums';
import { checkLocalHeaders, entryStream, listEntries, openZip, storedEntryRange, storedEntryStream, type Entry, type ZipFile } from './zip-read';
import { cannotRead } from '../file-errors';

export interface StagedFile {
  tmp: string;
  sha256: string;
  size: number;
}

export interface VerifiedArchive {
  manifest: BundleManifest;
  payloadBytes: Buffer;
  signerPem: string;
  /** SHA-256 of the signed SHA256SUMS: the bundle's content, whatever its zip or encryption. */
  signedSums: string;
  /** Attachment path -> staged copy (only when a stager was given). */
  staged: Map<string, StagedFile>;
}

/** The SHA-256 of a range of the file's bytes, taken while they were written (the intake's uploads). */
export interface KnownRangeHash {
  dataStart: number;
  length: number;
  sha256: string;
}

export interface ReadOptions {
  limits?: ArchiveLimits;
  /** Streams an attachment to a temporary file while hashing it. */
  stage?: (source: Readable, maxBytes: number) => Promise<StagedFile>;
  /**
   * Hashes already taken of stored entries' data, by the offset of their local header: used
   * (instead of reading the bytes) only for an entry whose data is exactly that range.
   */
  known?: ReadonlyMap<number, KnownRangeHash>;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function checkEntry(e: Entry, limits: ArchiveLimits, seen: Set<string>, totals: { bytes: number }): void {
  const raw = e.fileName as unknown as Buffer;
  const problem = entryNameProblem(raw);
  if (problem && !(raw.length && raw.toString('utf8').endsWith('/'))) throw unsafeArchive(problem);
  const name = raw.toString('utf8');
  if (name.endsWith('/')) throw unsafeArchive(`entry ${JSON.stringify(name)} is a directory; a bundle holds only files`);
  const folded = name.toLowerCase();
  if (seen.has(folded)) throw unsafeArchive(`duplicate entry name ${JSON.stringify(name)}`);
  seen.add(folded);
  const madeBy = e.versionMadeBy >> 8;
  const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
  if ((madeBy === 3 || madeBy === 19) && mode === S_IFLNK) throw unsafeArchive(`entry ${JSON.stringify(name)} is a symbolic link`);
  if ((madeBy === 3 || madeBy === 19) && mode !== 0 && mode !== S_IFREG) throw unsafeArchive(`entry ${JSON.stringify(name)} is not a regular file`);
  if (e.isEncrypted()) throw unsafeArchive(`entry ${JSON.stringify(name)} is encrypted with zip encryption`);
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) throw unsafeArchive(`entry ${JSON.stringify(name)} uses unsupported compression method ${e.compressionMethod}`);
  if (e.uncompressedSize > limits.maxEntryBytes) throw unsafeArchive(`entry ${JSON.stringify(name)} is too large (${e.uncompressedSize} bytes uncompressed; limit ${limits.maxEntryBytes})`);
  if (e.uncompressedSize > limits.ratioFloorBytes && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
    throw unsafeArchive(`entry ${JSON.stringify(name)} expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times (limit ${limits.maxRatio}): refused as a possible zip bomb`);
  }
  totals.bytes += e.uncompressedSize;
  if (totals.bytes > limits.maxTotalBytes) throw unsafeArchive(`the archive is too large uncompressed (more than ${limits.maxTotalBytes} bytes)`);
}

async function readSmall(zip: ZipFile, e: Entry, max: number): Promise<Buffer> {
  const name = (e.fileName as unknown as Buffer).toString('utf8');
  if (e.uncompressedSize > max) throw unsafeArchive(`${name} is too large (${e.uncompressedSize} bytes; limit ${max})`);
  const s = await entryStream(zip, e);
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of s) {
      n += (c as Buffer).length;
      if (n > max) throw unsafeArchive(`${name} is too large`);
      chunks.push(c as Buffer);
    }
  } catch (err) {
    s.destroy();
    throw err instanceof AppError ? err : unreadable(`${name} is damaged in the archive: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

export function parseManifest(bytes: Buffer): BundleManifest {
  const raw = parseBundleJson(bytes, MANIFEST_FILE, unreadable);
  const head = ManifestHeader.safeParse(raw);
  if (!head.success || head.data.type !== BUNDLE_TYPE) throw unreadable(`not a GCM Review bundle (bundle.json type is ${JSON.stringify(head.success ? head.data.type : undefined)})`);
  if (head.data.formatVersion !== BUNDLE_FORMAT_VERSION) throw formatRefused(head.data.formatVersion, BUNDLE_FORMAT_VERSION);
  const m = BundleManifest.safeParse(raw);
  if (!m.success) throw unreadable(`bundle.json is invalid: ${describeZodError(m.error)}`);
  return m.data;
}

export async function readArchive(file: string, opts: ReadOptions = {}): Promise<VerifiedArchive> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw unreadable(cannotRead(file, e));
  }
  if (size === 0) throw unreadable('the file is empty');
  const zip = await openZip(file);
  const staged = new Map<string, StagedFile>();
  try {
    if (zip.entryCount > limits.maxEntries) throw unsafeArchive(`the archive has too many entries (${zip.entryCount}; limit ${limits.maxEntries})`);
    const seen = new Set<string>();
    const totals = { bytes: 0 };
    const entries = await listEntries(zip, (e) => checkEntry(e, limits, seen, totals));
    checkLocalHeaders(file, entries);
    const byName = new Map(entries.map((e) => [(e.fileName as unknown as Buffer).toString('utf8'), e]));

    const manifestEntry = byName.get(MANIFEST_FILE);
    if (!manifestEntry) throw unreadable('not a GCM Review bundle: bundle.json is missing');
    const manifestBytes = await readSmall(zip, manifestEntry, limits.maxSmallFileBytes);
    const manifest = parseManifest(manifestBytes);

    const expected = new Set<string>([...FIXED_FILES, ...manifest.files.map((f) => f.path)]);
    for (const name of byName.keys()) if (!expected.has(name)) throw inconsistent(`unexpected file ${JSON.stringify(name)} in the bundle (not listed in bundle.json)`);
    for (const name of expected) if (!byName.has(name)) throw inconsistent(`${name} is missing from the bundle`);

    const sig = await readSmall(zip, byName.get(SIG_FILE)!, 1024);
    if (sig.length !== 64) throw badSignature(`malformed signature: SHA256SUMS.sig has ${sig.length} bytes, an Ed25519 signature has 64`);
    const pem = (await readSmall(zip, byName.get(PUBKEY_FILE)!, 4096)).toString('utf8');
    let key: crypto.KeyObject;
    try {
      key = parsePublicKeyPem(pem, 'signer public key (signer.pub.pem)');
    } catch (e) {
      throw badSignature((e as Error).message);
    }
    if (fingerprintOf(key) !== manifest.signer.fingerprint) throw badSignature(`signer.pub.pem is not the key named in bundle.json (${manifest.signer.fingerprint})`);
    // The key file is not in SHA256SUMS, so hold it to its one canonical form: any changed byte is refused.
    if (key.export({ type: 'spki', format: 'pem' }).toString() !== pem) throw badSignature('signer.pub.pem was altered (it is not the canonical PEM of the signing key)');
    const sumsBytes = await readSmall(zip, byName.get(SUMS_FILE)!, 1024 * 1024);
    if (!crypto.verify(null, sumsBytes, key, sig)) throw badSignature('bad signature: SHA256SUMS was not signed by the key in signer.pub.pem (altered or signed by another key)');

    const sums = parseSums(sumsBytes.toString('latin1'));
    if (typeof sums === 'string') throw inconsistent(sums);
    const signedNames = new Set([MANIFEST_FILE, VERIFY_FILE, ...manifest.files.map((f) => f.path)]);
    for (const p of sums.keys()) if (!signedNames.has(p)) throw inconsistent(`SHA256SUMS lists ${p}, which bundle.json does not`);
    for (const p of signedNames) if (!sums.has(p)) throw inconsistent(`SHA256SUMS does not cover ${p}`);
    for (const f of manifest.files) if (sums.get(f.path) !== f.sha256) throw inconsistent(`SHA256SUMS and bundle.json disagree on the hash of ${f.path}`);

    const changed = altered;
    if (sha256(manifestBytes) !== sums.get(MANIFEST_FILE)) throw changed(MANIFEST_FILE);
    const verifyBytes = await readSmall(zip, byName.get(VERIFY_FILE)!, 64 * 1024);
    if (sha256(verifyBytes) !== sums.get(VERIFY_FILE)) throw changed(VERIFY_FILE);

    const payloadPath = PAYLOAD_FILES[manifest.kind];
    const payloadBytes = await readSmall(zip, byName.get(payloadPath)!, limits.maxSmallFileBytes);
    if (sha256(payloadBytes) !== sums.get(payloadPath)) throw changed(payloadPath);

    const attachments = manifest.files.filter((f) => f.path !== payloadPath);
    attachments.sort((a, b) => byName.get(a.path)!.relativeOffsetOfLocalHeader - byName.get(b.path)!.relativeOffsetOfLocalHeader);
    for (const f of attachments) {
      const e = byName.get(f.path)!;
      if (e.uncompressedSize !== f.size) throw inconsistent(`${f.path} has ${e.uncompressedSize} bytes but bundle.json says ${f.size}`);
      const k = e.compressionMethod === 0 && !opts.stage ? opts.known?.get(e.relativeOffsetOfLocalHeader) : undefined;
      if (k) {
        const r = storedEntryRange(file, size, e);
        if (r.start === k.dataStart && r.length === k.length) {
          if (k.sha256 !== f.sha256 || k.length !== f.size) throw changed(f.path);
          continue;
        }
      }
      const s = e.compressionMethod === 0 ? storedEntryStream(file, size, e) : await entryStream(zip, e);
      let got: StagedFile;
      try {
        if (opts.stage) got = await opts.stage(s, f.size);
        else {
          const h = new HashingStream(f.size);
          await pipeline(s, h, new Writable({ write: (_c, _e, cb) => cb() }));
          got = { tmp: '', sha256: h.digest(), size: h.bytes };
        }
      } catch (err) {
        s.destroy();
        throw err instanceof AppError ? err : unreadable(`${f.path} is damaged in the archive: ${(err as Error).message}`);
      }
      if (got.tmp) staged.set(f.path, got);
      if (got.sha256 !== f.sha256 || got.size !== f.size) throw changed(f.path);
    }
    return { manifest, payloadBytes, signerPem: pem, signedSums: sha256(sumsBytes), staged };
  } catch (e) {
    for (const s of staged.values()) fs.rmSync(s.tmp, { force: true });
    throw e;
  } finally {
    zip.close();
  }
}
