/**
 * better-sqlite3 as the Electron main process must open it: always through `nativeBinding`, the
 * Electron-ABI binding in its own folder, never through the package's default resolution (which
 * finds the Node build in node_modules and fails: "compiled against a different Node.js version").
 *
 * build/build-electron.mjs resolves every `import … from 'better-sqlite3'` in the main bundle to
 * this module (only this module reaches the real package), so any code that opens a database in
 * the desktop app — the store, backups, whatever is added later — goes through here.
 * Plain Node: no Electron import.
 */
import Database from 'better-sqlite3';
import { setWorkerBinding } from '../store/worker-sqlite';

let binding: string | null = null;

/** Must be called (with an absolute path) before the first database is opened. */
export function useNativeBinding(file: string): void {
  binding = file;
  setWorkerBinding(file); // backups copy the store on a worker thread, which loads its own better-sqlite3
}

export function nativeBindingInUse(): string | null {
  return binding;
}

/** `new Database(file, options)` with `nativeBinding` set; refuses when it was never set. */
function DesktopDatabase(filename?: string | Buffer, options?: Database.Options): Database.Database {
  if (binding === null) throw new Error('the database engine of the desktop app was not set up (useNativeBinding was not called)');
  return new Database(filename, { ...options, nativeBinding: binding });
}
DesktopDatabase.prototype = Database.prototype;
Object.setPrototypeOf(DesktopDatabase, Database);

export default DesktopDatabase as unknown as typeof Database;
