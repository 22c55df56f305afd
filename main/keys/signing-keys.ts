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
import { notAKey, parsePrivateKey, readPrivateKeyFile } from './key-file';
import { fileVault, type KeyVault, type KeyVaultSource } from './vault';

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
  private resolvedVault: Promise<KeyVault> | null = null;

  constructor(
    private store: Store,
    private vaultSource: KeyVaultSource = fileVault,
  ) {
    this.keyDir = store.file === ':memory:' ? path.join(store.blobDir, '.keys') : `${store.file}.keys`;
  }

  /** The vault, found out the first time a private key is needed (not when the app starts). */
  private vault(): Promise<KeyVault> {
    if (!this.resolvedVault) {
      const source = this.vaultSource;
      this.resolvedVault = typeof source === 'function' ? source() : Promise.resolve(source);
      this.resolvedVault.catch(() => (this.resolvedVault = null)); // a failure is tried again next time
    }
    return this.resolvedVault;
  }

  private activeRow(): KeyRow | undefined {
    return this.store.sql("SELECT * FROM signing_keys WHERE retired_at IS NULL AND algorithm = 'ed25519'").get() as KeyRow | undefined;
  }

  active(): SigningKeyInfo | null {
    const r = this.activeRow();
    return r ? toInfo(r) : null;
  }

  /** The active key, generating it first if there is none (needs an identity). */
  async ensure(): Promise<SigningKeyInfo> {
    const existing = this.active();
    if (existing) return existing;
    const name = this.store.getSetting('identity.name');
    if (!name) throw new AppError('conflict', 'set your identity first (`identity init --name N --organisation O`): the signing key is bound to it');
    const organisation = this.store.getSetting('identity.organisation') ?? '';
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const fingerprint = fingerprintOf(publicKey);
    const ref = `${fingerprint.slice(7, 23)}.key`;
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const vault = await this.vault();
    const sealed = await vault.seal(pkcs8);
    const again = this.active(); // made by another call while the keychain answered
    if (again) return again;
    this.writePrivate(ref, sealed);
    try {
      this.store.tx(() => {
        this.store
          .sql('INSERT INTO signing_keys (fingerprint, public_key_pem, private_key_ref, vault_kind, name, organisation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(fingerprint, publicKeyPem(publicKey), ref, vault.kind, name, organisation, nowIso());
        this.store.audit(null, 'key.create', { target: fingerprint, newValue: `${name} (${organisation})` });
      });
    } catch (e) {
      fs.rmSync(path.join(this.keyDir, ref), { force: true });
      throw e;
    }
    return this.active()!;
  }

  /** Signs `data` with the active key (Ed25519, raw 64-byte signature). */
  async sign(data: Buffer): Promise<{ signature: Buffer; key: SigningKeyInfo }> {
    const row = this.activeRow();
    if (!row) throw new AppError('conflict', 'no signing key yet');
    if (this.cachedPrivate?.fingerprint !== row.fingerprint) this.cachedPrivate = { fingerprint: row.fingerprint, key: await this.loadPrivate(row) };
    return { signature: crypto.sign(null, data, this.cachedPrivate.key), key: toInfo(row) };
  }

  private async loadPrivate(row: KeyRow): Promise<KeyObject> {
    const mine = await this.vault();
    // A key kept in the plain 0600 file (made by the CLI or browser mode) is moved under the
    // stronger protection the first time the desktop app opens it.
    const upgrade = row.vault_kind === fileVault.kind && mine.kind !== fileVault.kind;
    if (row.vault_kind !== mine.kind && !upgrade) {
      throw new AppError('conflict', `the signing key is protected by "${row.vault_kind}", which this program cannot open (it uses "${mine.kind}"); sign from the desktop app on this computer`);
    }
    const vault = upgrade ? fileVault : mine;
    const keyFile = path.join(this.keyDir, row.private_key_ref);
    if (!fs.existsSync(keyFile)) throw new AppError('not_found', `the private signing key file is missing (${keyFile}); bundles cannot be signed`);
    const sealed = readPrivateKeyFile(keyFile, 'signing key');
    let opened: { bytes: Buffer; reseal: boolean };
    try {
      opened = await vault.open(sealed);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw notAKey(keyFile, 'signing key');
    }
    const { bytes: pkcs8, reseal } = opened;
    const key = parsePrivateKey(pkcs8, keyFile, 'signing key', true);
    if (fingerprintOf(crypto.createPublicKey(key)) !== row.fingerprint) throw new AppError('conflict', 'the private signing key file does not match the recorded public key');
    if (upgrade || reseal) {
      this.writePrivate(row.private_key_ref, await mine.seal(pkcs8));
      if (upgrade) {
        this.store.tx(() => {
          this.store.sql('UPDATE signing_keys SET vault_kind = ? WHERE fingerprint = ?').run(mine.kind, row.fingerprint);
          this.store.audit(null, 'key.protect', { target: row.fingerprint, oldValue: fileVault.kind, newValue: mine.kind });
        });
      }
    }
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
