/** The signing-key vault: OS keychain via safeStorage's asynchronous API (faked), refusing Linux's 'basic_text'. */
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
  E.safeStorage.rotated = false;
});

describe('key vault', () => {
  it('seals with the OS keychain: the sealed bytes do not contain the key, and open gives it back', async () => {
    const warn = vi.fn();
    const vault = await chooseKeyVault(E.safeStorage, 'linux', warn);
    expect(vault.kind).toBe('os-keychain:gnome_libsecret');
    const key = pkcs8();
    const sealed = await vault.seal(key);
    expect(sealed.subarray(0, OS_SEALED_MAGIC.length).equals(OS_SEALED_MAGIC)).toBe(true);
    expect(sealed.includes(key.subarray(16))).toBe(false);
    expect(sealed.includes(Buffer.from(key.toString('base64').slice(0, 20)))).toBe(false);
    const opened = await vault.open(sealed);
    expect(opened.bytes.equals(key)).toBe(true);
    expect(opened.reseal).toBe(false);
    // and it is still a usable signing key
    const priv = crypto.createPrivateKey({ key: opened.bytes, format: 'der', type: 'pkcs8' });
    const sig = crypto.sign(null, Buffer.from('SHA256SUMS'), priv);
    expect(crypto.verify(null, Buffer.from('SHA256SUMS'), crypto.createPublicKey(priv), sig)).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a tampered sealed key does not open; a rotated keychain key asks for a reseal', async () => {
    const vault = await chooseKeyVault(E.safeStorage, 'darwin', () => {});
    const sealed = await vault.seal(pkcs8());
    E.safeStorage.rotated = true;
    expect((await vault.open(sealed)).reseal).toBe(true);
    sealed[sealed.length - 1]! ^= 1;
    await expect(vault.open(sealed)).rejects.toThrow();
    await expect(vault.open(pkcs8())).rejects.toThrow(/not sealed/);
  });

  it("refuses Linux's basic_text (and unknown) backend with a warning and falls back to the 0600 file", async () => {
    for (const backend of ['basic_text', 'unknown']) {
      E.safeStorage.backend = backend;
      const warn = vi.fn();
      const vault = await chooseKeyVault(E.safeStorage, 'linux', warn);
      expect(vault).toBe(plainFileVault);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(backend));
      const key = pkcs8();
      expect((await vault.open(await vault.seal(key))).bytes.equals(key)).toBe(true);
    }
  });

  it('falls back when no keychain is available, and the plain vault will not mistake a sealed key for a plain one', async () => {
    const sealed = await (await chooseKeyVault(E.safeStorage, 'win32', () => {})).seal(pkcs8());
    E.safeStorage.available = false;
    const warn = vi.fn();
    const vault = await chooseKeyVault(E.safeStorage, 'win32', warn);
    expect(vault.kind).toBe('file-0600');
    expect(warn).toHaveBeenCalledOnce();
    await expect(vault.open(sealed)).rejects.toThrow(/keychain/);
  });

  it('electronKeyVault touches safeStorage only when first called, then uses it', async () => {
    const before = E.safeStorage.calls;
    const source = electronKeyVault(() => {});
    expect(E.safeStorage.calls).toBe(before);
    const v = await source();
    expect(E.safeStorage.calls).toBe(before + 1);
    expect(v.kind).toBe(process.platform === 'linux' ? 'os-keychain:gnome_libsecret' : `os-keychain:${process.platform}`);
  });
});
