/**
 * How a worker thread loads better-sqlite3 the way this process does: the package's entry, and in
 * the desktop app the Electron-ABI binding (main/electron/native-sqlite.ts registers it here).
 * A worker is given these as data; it cannot share this thread's modules.
 */
let binding: string | null = null;

/** The Electron-ABI binding every database of this process must be opened with (desktop app only). */
export function setWorkerBinding(file: string | null): void {
  binding = file;
}

/** `base`: where a worker resolves 'better-sqlite3' from (createRequire(base)), as this module does. */
export function workerSqlite(): { base: string; nativeBinding: string | null } {
  return { base: import.meta.url, nativeBinding: binding };
}
