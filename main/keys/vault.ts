/**
 * Where private keys rest. A KeyVault seals the PKCS8 bytes before they are written to a file
 * readable only by the user (mode 0600, beside the store) and opens them again to sign.
 *
 * - `fileVault` (plain Node, the default for the CLI, the browser-mode host and tests): no extra
 *   sealing; protection is the file mode alone.
 * - The Electron layer provides a vault over `safeStorage.encryptString/decryptString` (OS keychain:
 *   DPAPI, Keychain, libsecret/kwallet). NOTE for main/electron: on Linux, check
 *   `safeStorage.getSelectedStorageBackend()`; when it is 'basic_text' (or safeStorage is not
 *   available) the "encryption" uses a hard-coded password, so REFUSE it: log a warning, tell the
 *   user, and use `fileVault` instead rather than pretending the key is protected.
 * A key sealed by one vault kind can only be opened by the same kind (recorded in signing_keys).
 *
 * Sealing and opening are asynchronous: the OS keychain may have to be unlocked by the user, and
 * Electron's safeStorage offers only an asynchronous API from Electron 46 on.
 */
export interface KeyVault {
  readonly kind: string;
  seal(bytes: Buffer): Promise<Buffer>;
  /** `reseal`: the keychain rotated its key; seal the bytes again to keep them readable. */
  open(sealed: Buffer): Promise<{ bytes: Buffer; reseal: boolean }>;
}

/** A vault, or a function that finds out which vault to use the first time a key is needed. */
export type KeyVaultSource = KeyVault | (() => Promise<KeyVault>);

export const fileVault: KeyVault = {
  kind: 'file-0600',
  seal: async (bytes) => Buffer.from(bytes),
  open: async (sealed) => ({ bytes: Buffer.from(sealed), reseal: false }),
};
