/**
 * This installation's Ed25519 signing key: made on first need, bound to the identity (name,
 * organisation) at that moment. The private key lives in a 0600 file beside the store, sealed
 * by a KeyVault; the database keeps only the public key and where the private one is.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/common';
import { nowIso, type Store } from '../store/store';
import { fingerprintOf, publicKeyPem } from './fingerprint';
import { fileVault, type KeyVault } from './vault';

export interface SigningKeyInfo {
  fingerprint: string;
  publicKeyPem: string;
  name: string;
  organisation: string;
  createdAt: string;
  vaultKind: string;
}

interface KeyRow {
  fingerprint: string;
  public_key_pem: string;
  private_key_ref: string;
  vault_kind: string;
  name: string;
  organisation: string;
  created_at: string;
}

const toInfo = (r: KeyRow): SigningKeyInfo => ({
  fingerprint: r.fingerprint,
  publicKeyPem: r.public_key_pem,
  name: r.name,
  organisation: r.organisation,
  createdAt: r.created_at,
  vaultKind: r.vault_kind,
});

export class SigningKeys {
  readonly keyDir: string;
  private cachedPrivate: { fingerprint: string; key: KeyObject } | null = null;

  constructor(
    private store: Store,
    private vault: KeyVault = fileVault,
  ) {
    this.keyDir = store.file === ':memory:' ? path.join(store.blobDir, '.keys') : `${store.file}.keys`;
  }

  private activeRow(): KeyRow | undefined {
    return this.store.sql("SELECT * FROM signing_keys WHERE retired_at IS NULL AND algorithm = 'ed25519'").get() as KeyRow | undefined;
  }

  active(): SigningKeyInfo | null {
    const r = this.activeRow();
    return r ? toInfo(r) : null;
  }

  /** The active key, generating it first if there is none (needs an identity). */
  ensure(): SigningKeyInfo {
    const existing = this.active();
    if (existing) return existing;
    const name = this.store.getSetting('identity.name');
    if (!name) throw new AppError('conflict', 'set your identity first (`identity init --name N --organisation O`): the signing key is bound to it');
    const organisation = this.store.getSetting('identity.organisation') ?? '';
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const fingerprint = fingerprintOf(publicKey);
    const ref = `${fingerprint.slice(7, 23)}.key`;
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    this.writePrivate(ref, this.vault.seal(pkcs8));
    try {
      this.store.tx(() => {
        this.store
          .sql('INSERT INTO signing_keys (fingerprint, public_key_pem, private_key_ref, vault_kind, name, organisation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(fingerprint, publicKeyPem(publicKey), ref, this.vault.kind, name, organisation, nowIso());
        this.store.audit(null, 'key.create', { target: fingerprint, newValue: `${name} (${organisation})` });
      });
    } catch (e) {
      fs.rmSync(path.join(this.keyDir, ref), { force: true });
      throw e;
    }
    return this.active()!;
  }

  /** Signs `data` with the active key (Ed25519, raw 64-byte signature). */
  sign(data: Buffer): { signature: Buffer; key: SigningKeyInfo } {
    const row = this.activeRow();
    if (!row) throw new AppError('conflict', 'no signing key yet');
    if (this.cachedPrivate?.fingerprint !== row.fingerprint) this.cachedPrivate = { fingerprint: row.fingerprint, key: this.loadPrivate(row) };
    return { signature: crypto.sign(null, data, this.cachedPrivate.key), key: toInfo(row) };
  }

  private loadPrivate(row: KeyRow): KeyObject {
    if (row.vault_kind !== this.vault.kind) {
      throw new AppError('conflict', `the signing key was stored with "${row.vault_kind}" protection but this app is using "${this.vault.kind}"; it cannot be opened here`);
    }
    let sealed: Buffer;
    try {
      sealed = fs.readFileSync(path.join(this.keyDir, row.private_key_ref));
    } catch (e) {
      throw new AppError('not_found', `the private signing key file is missing (${(e as NodeJS.ErrnoException).code}); bundles cannot be signed`);
    }
    const key = crypto.createPrivateKey({ key: this.vault.open(sealed), format: 'der', type: 'pkcs8' });
    if (fingerprintOf(crypto.createPublicKey(key)) !== row.fingerprint) throw new AppError('conflict', 'the private signing key file does not match the recorded public key');
    return key;
  }

  private writePrivate(ref: string, bytes: Buffer): void {
    fs.mkdirSync(this.keyDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.keyDir, ref);
    const tmp = `${file}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (os.platform() !== 'win32') fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  }
}
