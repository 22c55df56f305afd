/**
 * The intake's own Ed25519 key, which signs receipts: `intake.key` (PKCS8 PEM, 0600) and
 * `intake.pub.pem` in the data folder, made on first start. Several intake processes sharing the
 * folder share the key (the first to write it wins; the others read it).
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parsePrivateKey, readPrivateKeyFile } from '../keys/key-file';
import { fingerprintOf, publicKeyPem } from '../keys/fingerprint';

export interface IntakeKey {
  fingerprint: string;
  publicKeyPem: string;
  sign(data: Buffer): Buffer;
}

function writeOnce(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  fs.writeFileSync(tmp, text, { mode, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function loadIntakeKey(dir: string): IntakeKey {
  const keyFile = path.join(dir, 'intake.key');
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    writeOnce(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  }
  const priv: KeyObject = parsePrivateKey(readPrivateKeyFile(keyFile, 'intake key'), keyFile, 'intake key');
  const pub = crypto.createPublicKey(priv);
  const pem = publicKeyPem(pub);
  const pubFile = path.join(dir, 'intake.pub.pem');
  if (!fs.existsSync(pubFile)) writeOnce(pubFile, pem, 0o644);
  return { fingerprint: fingerprintOf(pub), publicKeyPem: pem, sign: (data) => crypto.sign(null, data, priv) };
}
