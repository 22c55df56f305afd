/**
 * A small disk for tests of a full or read-only data folder: a tmpfs mounted in a temp dir, and a
 * folder made read-only by a bind mount. Only
 * where the tests may mount (root in a container that allows it, as on our CI); `smallDisk`
 * returns null elsewhere and the test is skipped with that reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers';

export interface SmallDisk {
  dir: string;
  /** Fills the disk until only `bytes` are free (one file, `unfill` removes it). */
  fill(bytes: number): void;
  unfill(): void;
  close(): void;
}

export function smallDisk(bytes: number): SmallDisk | null {
  const dir = path.join(tempDir(), 'disk');
  fs.mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: (left) => {
      const st = fs.statfsSync(dir);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - left)));
    },
    unfill: () => fs.rmSync(filler, { force: true }),
    close: () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }),
  };
}

/** Makes `folder` read-only (a read-only bind mount over itself: writes fail with EROFS); the function undoes it. */
export function readOnlyFolder(folder: string): () => void {
  execFileSync('mount', ['--bind', folder, folder], { stdio: 'ignore' });
  execFileSync('mount', ['-o', 'remount,ro,bind', folder], { stdio: 'ignore' });
  return () => execFileSync('umount', ['-l', folder], { stdio: 'ignore' });
}

/** Whether this machine lets the tests mount a small disk (checked once). */
export const canMountSmallDisk = (() => {
  const d = smallDisk(1024 * 1024);
  d?.close();
  return d !== null;
})();
