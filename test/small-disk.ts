/**
 * A small disk for tests of a full or read-only data folder: a tmpfs mounted in a temp dir. Only
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
  readOnly(on: boolean): void;
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
  const mount = (opts: string) => execFileSync('mount', ['-o', `remount,${opts}`, dir], { stdio: 'ignore' });
  return {
    dir,
    fill: (left) => {
      const st = fs.statfsSync(dir);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - left)));
    },
    unfill: () => fs.rmSync(filler, { force: true }),
    readOnly: (on) => mount(on ? 'ro' : 'rw'),
    close: () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }),
  };
}

/** Whether this machine lets the tests mount a small disk (checked once). */
export const canMountSmallDisk = (() => {
  const d = smallDisk(1024 * 1024);
  d?.close();
  return d !== null;
})();
