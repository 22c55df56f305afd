/**
 * Protects the signing key (PKCS8 DER bytes) at rest with the operating system's keychain through
 * Electron's asynchronous safeStorage API (macOS Keychain, Windows DPAPI, libsecret/KWallet on
 * Linux). Nothing here runs when the app starts: the vault is found out the first time a key is
 * needed (a locked Linux keyring can take a minute to answer, and must never hold back the window),
 * and every call is asynchronous, so the main process keeps answering meanwhile.
 * On Linux safeStorage may silently fall back to 'basic_text' (a hard-coded password, i.e. no
 * protection): that backend is refused with a warning, and so is an unavailable keychain; the key
 * then stays in the plain key file, which the key store writes with mode 0600.
 * A key first kept in the plain file (CLI, browser mode) is re-sealed with the keychain the first
 * time the desktop app opens it (main/keys/signing-keys.ts).
 */
import { safeStorage } from 'electron';
import { fileVault, type KeyVault } from '../keys/vault';

/** The part of Electron's safeStorage used here: the asynchronous API only. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  getSelectedStorageBackend(): string;
}

/** Marks bytes sealed by the OS keychain, so neither vault mistakes the other's output for its own. */
export const OS_SEALED_MAGIC = Buffer.from('GCM-OS-SEALED-1\n', 'ascii');
const isOsSealed = (b: Buffer) => b.length >= OS_SEALED_MAGIC.length && b.subarray(0, OS_SEALED_MAGIC.length).equals(OS_SEALED_MAGIC);

/** No encryption: the bytes are kept as they are, in a file only the user can read (0600). */
export const plainFileVault: KeyVault = {
  ...fileVault,
  open: async (sealed) => {
    if (isOsSealed(sealed)) throw new Error('this key was sealed with the operating system keychain, which is not available now; unlock the keychain or restore the key from its backup');
    return fileVault.open(sealed);
  },
};

export function osKeyVault(ss: SafeStorageLike, backend: string): KeyVault {
  return {
    kind: `os-keychain:${backend}`,
    seal: async (bytes) => Buffer.concat([OS_SEALED_MAGIC, await ss.encryptStringAsync(Buffer.from(bytes).toString('base64'))]),
    open: async (sealed) => {
      if (!isOsSealed(sealed)) throw new Error('this key file was not sealed with the operating system keychain');
      const { result: b64, shouldReEncrypt } = await ss.decryptStringAsync(sealed.subarray(OS_SEALED_MAGIC.length));
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error('the keychain returned something that is not a sealed key');
      return { bytes: Buffer.from(b64, 'base64'), reseal: shouldReEncrypt };
    },
  };
}

/** The OS keychain when it really protects the key, else the plain file vault (with a warning). */
export async function chooseKeyVault(ss: SafeStorageLike, platform: NodeJS.Platform, warn: (message: string) => void): Promise<KeyVault> {
  if (!(await ss.isAsyncEncryptionAvailable())) {
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

/** The vault for this machine, found out when first called (after the app is ready). */
export function electronKeyVault(warn: (message: string) => void = (m) => console.warn(`[gcm-review] ${m}`)): () => Promise<KeyVault> {
  return () => chooseKeyVault(safeStorage, process.platform, warn);
}
