/**
 * Protects the signing key (PKCS8 DER bytes) at rest with the operating system's keychain through
 * Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux).
 * On Linux safeStorage may silently fall back to 'basic_text' (a hard-coded password, i.e. no
 * protection): that backend is refused with a warning, and so is an unavailable keychain; the key
 * then stays in the plain key file, which the key store writes with mode 0600.
 *
 * `KeyVault` has the same shape as the interface in main/keys/ (bundle branch); the lead
 * reconciles the two when merging.
 */
import { safeStorage } from 'electron';

export interface KeyVault {
  seal(bytes: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
  kind: string;
}

/** The part of Electron's safeStorage used here (sync API: KeyVault is synchronous). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

/** Marks bytes sealed by the OS keychain, so neither vault mistakes the other's output for its own. */
export const OS_SEALED_MAGIC = Buffer.from('GCM-OS-SEALED-1\n', 'ascii');
const isOsSealed = (b: Buffer) => b.length >= OS_SEALED_MAGIC.length && b.subarray(0, OS_SEALED_MAGIC.length).equals(OS_SEALED_MAGIC);

/** No encryption: the bytes are kept as they are, in a file only the user can read (0600). */
export const plainFileVault: KeyVault = {
  kind: 'plain-file-0600',
  seal: (bytes) => Buffer.from(bytes),
  open: (sealed) => {
    if (isOsSealed(sealed)) throw new Error('this key was sealed with the operating system keychain, which is not available now; unlock the keychain or restore the key from its backup');
    return Buffer.from(sealed);
  },
};

export function osKeyVault(ss: SafeStorageLike, backend: string): KeyVault {
  return {
    kind: `os-keychain:${backend}`,
    seal: (bytes) => Buffer.concat([OS_SEALED_MAGIC, ss.encryptString(Buffer.from(bytes).toString('base64'))]),
    open: (sealed) => {
      if (!isOsSealed(sealed)) throw new Error('this key file was not sealed with the operating system keychain');
      const b64 = ss.decryptString(sealed.subarray(OS_SEALED_MAGIC.length));
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('the keychain returned something that is not a sealed key');
      return Buffer.from(b64, 'base64');
    },
  };
}

/** The OS keychain when it really protects the key, else the plain file vault (with a warning). */
export function chooseKeyVault(ss: SafeStorageLike, platform: NodeJS.Platform, warn: (message: string) => void): KeyVault {
  if (!ss.isEncryptionAvailable()) {
    warn('the operating system keychain is not available: the signing key is kept in a file only you can read (0600), not encrypted');
    return plainFileVault;
  }
  const backend = platform === 'linux' ? ss.getSelectedStorageBackend() : platform;
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    warn(`no usable keyring on this Linux desktop (safeStorage backend "${backend}"): the signing key is kept in a file only you can read (0600), not encrypted`);
    return plainFileVault;
  }
  return osKeyVault(ss, backend);
}

/** The vault for this machine. Call after the app is ready (safeStorage needs it). */
export function electronKeyVault(warn: (message: string) => void = (m) => console.warn(`[gcm-review] ${m}`)): KeyVault {
  return chooseKeyVault(safeStorage, process.platform, warn);
}
