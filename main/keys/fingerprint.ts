/** Ed25519 public keys: parsing PEM from untrusted places, and fingerprints. */
import crypto, { type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/contract/common';

export const FINGERPRINT_RE = /^sha256:[0-9a-f]{64}$/;

/** `sha256:` + hex of SHA-256 over the DER SubjectPublicKeyInfo (what `openssl pkey -pubin -outform DER | sha256sum` gives). */
export function fingerprintOf(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return `sha256:${crypto.createHash('sha256').update(der).digest('hex')}`;
}

/** An Ed25519 public key from SPKI PEM text; anything else is refused. */
export function parsePublicKeyPem(pem: string | Buffer, what = 'public key'): KeyObject {
  const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
  if (text.length > 4096 || !/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/.test(text.trim() + '\n')) {
    throw new AppError('bad_file', `malformed ${what}: not a PEM public key`);
  }
  let key: KeyObject;
  try {
    key = crypto.createPublicKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new AppError('bad_file', `malformed ${what}: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AppError('bad_file', `malformed ${what}: ${key.asymmetricKeyType} key, expected Ed25519`);
  return key;
}

export const publicKeyPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();
