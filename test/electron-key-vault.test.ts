/** The signing-key vault: OS keychain via safeStorage (faked), refusing Linux's 'basic_text'. */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseKeyVault, electronKeyVault, OS_SEALED_MAGIC, plainFileVault } from '../main/electron/key-vault';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

/** A real Ed25519 private key, as the PKCS8 DER bytes the key store keeps. */
const pkcs8 = () => crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' });

afterEach(() => {
  E.safeStorage.available = true;
  E.safeStorage.backend = 'gnome_libsecret';
});

describe('key vault', () => {
  it('seals with the OS keychain: the sealed bytes do not contain the key, and open gives it back', () => {
    const warn = vi.fn();
    const vault = chooseKeyVault(E.safeStorage, 'linux', warn);
    expect(vault.kind).toBe('os-keychain:gnome_libsecret');
    const key = pkcs8();
    const sealed = vault.seal(key);
    expect(sealed.subarray(0, OS_SEALED_MAGIC.length).equals(OS_SEALED_MAGIC)).toBe(true);
    expect(sealed.includes(key.subarray(16))).toBe(false);
    expect(sealed.includes(Buffer.from(key.toString('base64').slice(0, 20)))).toBe(false);
    const opened = vault.open(sealed);
    expect(opened.equals(key)).toBe(true);
    // and it is still a usable signing key
    const priv = crypto.createPrivateKey({ key: opened, format: 'der', type: 'pkcs8' });
    const sig = crypto.sign(null, Buffer.from('SHA256SUMS'), priv);
    expect(crypto.verify(null, Buffer.from('SHA256SUMS'), crypto.createPublicKey(priv), sig)).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a tampered sealed key does not open', () => {
    const vault = chooseKeyVault(E.safeStorage, 'darwin', () => {});
    const sealed = vault.seal(pkcs8());
    sealed[sealed.length - 1]! ^= 1;
    expect(() => vault.open(sealed)).toThrow();
    expect(() => vault.open(pkcs8())).toThrow(/not sealed/);
  });

  it("refuses Linux's basic_text (and unknown) backend with a warning and falls back to the 0600 file", () => {
    for (const backend of ['basic_text', 'unknown']) {
      E.safeStorage.backend = backend;
      const warn = vi.fn();
      const vault = chooseKeyVault(E.safeStorage, 'linux', warn);
      expect(vault).toBe(plainFileVault);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(backend));
      const key = pkcs8();
      expect(vault.open(vault.seal(key)).equals(key)).toBe(true);
    }
  });

  it('falls back when no keychain is available, and the plain vault will not mistake a sealed key for a plain one', () => {
    const sealed = chooseKeyVault(E.safeStorage, 'win32', () => {}).seal(pkcs8());
    E.safeStorage.available = false;
    const warn = vi.fn();
    const vault = chooseKeyVault(E.safeStorage, 'win32', warn);
    expect(vault.kind).toBe('plain-file-0600');
    expect(warn).toHaveBeenCalledOnce();
    expect(() => vault.open(sealed)).toThrow(/keychain/);
  });

  it('electronKeyVault uses Electron safeStorage', () => {
    const v = electronKeyVault(() => {});
    expect(v.kind).toBe(process.platform === 'linux' ? 'os-keychain:gnome_libsecret' : `os-keychain:${process.platform}`);
  });
});
