/**
 * Where the two better-sqlite3 bindings live. The Node build stays in node_modules (the CLI, the
 * tests and browser mode load it); the Electron build has its own folder per ABI, OS and CPU
 * under native/better-sqlite3/, so neither ever overwrites the other.
 */
import path from 'node:path';

export interface BindingTarget {
  /** process.versions.modules of the runtime that will load it (Electron's ABI for the app). */
  abi: string;
  platform: NodeJS.Platform | string;
  arch: string;
}

export const BINDING_NAME = 'better_sqlite3.node';

/** The Electron-ABI binding: <root>/native/better-sqlite3/electron-v<ABI>-<os>-<cpu>/better_sqlite3.node */
export function electronBindingFile(root: string, t: BindingTarget): string {
  return path.join(root, 'native', 'better-sqlite3', `electron-v${t.abi}-${t.platform}-${t.arch}`, BINDING_NAME);
}

/** The Node-ABI binding npm built into node_modules. */
export function nodeBindingFile(root: string): string {
  return path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_NAME);
}

/** Native files cannot be loaded from inside app.asar: electron-builder unpacks them beside it. */
export function unpackedAppRoot(appPath: string): string {
  return path.basename(appPath) === 'app.asar' ? `${appPath}.unpacked` : appPath;
}
