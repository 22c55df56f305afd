/**
 * A small disk for tests of a full or read-only data folder: a tmpfs mounted in a temp dir, and a
 * folder made read-only by a bind mount, both unmounted when the test ends. Only where the tests
 * may mount (root in a container that allows it, as on our CI): elsewhere those tests are skipped
 * (canMountSmallDisk).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { tempDir } from './helpers';

/** Unmounts once, whatever the test's end (a timeout included: vitest runs onTestFinished then too). */
function unmountAtEnd(dir: string): () => void {
  let mounted = true;
  const undo = () => {
    if (mounted) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    mounted = false;
  };
  onTestFinished(undo);
  return undo;
}

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
  const close = unmountAtEnd(dir);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: (left) => {
      const st = fs.statfsSync(dir);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - left)));
    },
    unfill: () => fs.rmSync(filler, { force: true }),
    close,
  };
}

/** Makes `folder` read-only (a read-only bind mount over itself: writes fail with EROFS); the function undoes it. */
export function readOnlyFolder(folder: string): () => void {
  execFileSync('mount', ['--bind', folder, folder], { stdio: 'ignore' });
  const undo = unmountAtEnd(folder);
  execFileSync('mount', ['-o', 'remount,ro,bind', folder], { stdio: 'ignore' });
  return undo;
}

/** Whether this machine lets the tests mount a small disk (checked once, outside any test). */
export const canMountSmallDisk = (() => {
  const dir = path.join(tempDir(), 'probe');
  fs.mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
