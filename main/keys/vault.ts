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
 */
export interface KeyVault {
  readonly kind: string;
  seal(bytes: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

export const fileVault: KeyVault = {
  kind: 'file-0600',
  seal: (bytes) => Buffer.from(bytes),
  open: (sealed) => Buffer.from(sealed),
};
