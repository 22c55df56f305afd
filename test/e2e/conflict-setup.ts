import { execFile } from 'node:child_process';
import path from 'node:path';
import { root, script } from './global-setup';

/** A real conflict: a returned draft merged three ways into the master (test/e2e/make-conflict.ts). */
export function makeConflict(db: string, mode?: 'places' | 'answered' | 'returned', bundleOut?: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [script('make-conflict'), db, ...(mode ? [mode] : []), ...(bundleOut ? [bundleOut] : [])], { cwd: root }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out.trim()),
    ),
  );
}
