/**
 * age encryption around a finished, signed .gcmr (sign first, then encrypt), streamed through
 * the age-encryption library (X25519 recipients `age1…`); Debian's `age -d -i KEY` decrypts it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
/** age-encryption (and its post-quantum crypto) loads only when something is encrypted or decrypted. */
const age = () => import('age-encryption');
import { AppError } from '../../shared/contract/common';
import { HashingStream } from '../attachments/blobs';
import { needsIdentity, noIdentity, undecryptable, wrongIdentity } from './refusals';
import { readFailure } from '../file-errors';

const AGE_MAGIC = 'age-encryption.org/v1\n';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';

export function isAgeFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(40);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const s = head.subarray(0, n).toString('latin1');
    return s.startsWith(AGE_MAGIC) || s.startsWith(AGE_ARMOR);
  } finally {
    fs.closeSync(fd);
  }
}

const toWeb = (file: string) => Readable.toWeb(fs.createReadStream(file, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;

/** Encrypts `input` to `output` for the recipients; returns the output's SHA-256 and size. */
export async function ageEncryptFile(input: string, output: string, recipients: string[]): Promise<{ sha256: string; size: number }> {
  const e = new (await age()).Encrypter();
  for (const r of recipients) {
    try {
      e.addRecipient(r);
    } catch (err) {
      throw new AppError('invalid_input', `bad age recipient ${r}: ${(err as Error).message}`);
    }
  }
  const encrypted = await e.encrypt(toWeb(input));
  const h = new HashingStream();
  await pipeline(Readable.fromWeb(encrypted as never), h, fs.createWriteStream(output, { flags: 'wx', mode: 0o600 }));
  return { sha256: h.digest(), size: h.bytes };
}

/** The AGE-SECRET-KEY-1… identities in an identity file (as written by age-keygen). */
export function readAgeIdentities(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw noIdentity(`cannot read the age identity file ${file}: ${readFailure(e)}`);
  }
  const ids = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(l));
  if (!ids.length) throw noIdentity(`${file} holds no age identity (AGE-SECRET-KEY-1…)`);
  return ids;
}

/**
 * Decrypts an age file to a private temporary file; the caller must remove it (`cleanup`).
 * A wrong identity, a damaged or truncated file: one clear error, no output left behind.
 */
export async function ageDecryptToTemp(file: string, identityFile: string | undefined): Promise<{ file: string; cleanup: () => void }> {
  if (!identityFile) throw needsIdentity();
  const d = new (await age()).Decrypter();
  for (const id of readAgeIdentities(identityFile)) d.addIdentity(id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-age-'));
  const out = path.join(dir, `${crypto.randomUUID()}.gcmr`);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const plain = await d.decrypt(toWeb(file));
    await pipeline(Readable.fromWeb(plain as never), fs.createWriteStream(out, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    cleanup();
    const msg = (e as Error).message;
    if (/no identity matched|identity/i.test(msg)) throw wrongIdentity();
    throw undecryptable(`cannot decrypt the bundle (damaged or truncated age file): ${msg}`);
  }
  return { file: out, cleanup };
}
