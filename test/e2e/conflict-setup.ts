import { execFile } from 'node:child_process';
import path from 'node:path';
import { root } from './global-setup';

/** A real conflict: a returned draft merged three ways into the master (test/e2e/make-conflict.ts). */
export function makeConflict(db: string, mode?: 'places'): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'test', 'e2e', 'make-conflict.ts'), db, ...(mode ? [mode] : [])], { cwd: root }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out.trim()),
    ),
  );
}
