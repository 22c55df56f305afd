/**
 * Small disks for tests of a full or read-only file system: a tmpfs mounted in a temp dir, and a
 * folder made read-only by a bind mount, both undone when the test ends (a timeout included).
 * Mounting needs root in a container that allows it (as on our CI): elsewhere the test is skipped
 * and says what is not checked on this machine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect } from 'vitest';
import { afterTest, tempDir } from './helpers';

type Ctx = { skip(): void };

/** Unmounts once, whatever the test's end (a timeout included), before its temp dirs are removed. */
function unmountAtEnd(dir: string): () => void {
  let mounted = true;
  const undo = () => {
    if (mounted) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    mounted = false;
  };
  afterTest(undo);
  return undo;
}

/** A tmpfs of `bytes` for the test, unmounted at its end; the test is skipped where mounting is not allowed. */
export function smallDisk(ctx: Ctx, what: string, bytes = 4 * 1024 * 1024): string {
  const mnt = tempDir('gcm-full-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    console.warn(`cannot mount a small tmpfs here (needs root): ${what} is not checked on this machine`);
    ctx.skip();
  }
  unmountAtEnd(mnt);
  return mnt;
}

/** Writes `file` until the file system has not one byte left, then gives `leave` bytes back. */
export function fillUp(file: string, leave = 0): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  for (let n = 4096; n >= 1; n = Math.floor(n / 2)) {
    try {
      for (;;) fs.writeSync(fd, block, 0, n);
    } catch {
      /* the next smaller piece */
    }
  }
  fs.closeSync(fd);
  if (leave) fs.truncateSync(file, Math.max(0, fs.statSync(file).size - leave));
}

/**
 * Makes `folder` read-only (a read-only bind mount over itself: writes fail with EROFS) until the
 * test ends or the function returned is called. Call it first with `ctx` where the test may have
 * to be skipped (`readOnlyFolder.allowed`).
 */
export function readOnlyFolder(folder: string): () => void {
  execFileSync('mount', ['--bind', folder, folder], { stdio: 'ignore' });
  const undo = unmountAtEnd(folder);
  execFileSync('mount', ['-o', 'remount,ro,bind', folder], { stdio: 'ignore' });
  return undo;
}

/** Skips the test where it may not mount (what smallDisk and readOnlyFolder need). */
readOnlyFolder.allowed = (ctx: Ctx, what: string): void => void smallDisk(ctx, what, 64 * 1024);
