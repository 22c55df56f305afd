/** Old backups are removed gently (main/remove-gently.ts) without cutting another name of the file, a symlink's target, a file another process is reading, or leaving a cut file under a backup's name. */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openByAnyProcess, removeGently } from '../main/remove-gently';
import { tempDir, waitFor } from './helpers';

it('removing a backup that has a second hard link leaves that link whole (as unlink does)', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'gcm-review-2026-01-01.sqlite');
  fs.writeFileSync(f, Buffer.alloc(3 * 1024 * 1024, 7));
  const elsewhere = path.join(dir, 'user-snapshot.sqlite');
  fs.linkSync(f, elsewhere); // e.g. a hard-link snapshot (rsync --link-dest, cp -al)
  await removeGently(f, 1024 * 1024);
  expect(fs.existsSync(f)).toBe(false);
  expect(fs.statSync(elsewhere).size).toBe(3 * 1024 * 1024);
});

it('removing a backup that is a symlink leaves its target whole', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'on-another-disk.sqlite');
  fs.writeFileSync(target, Buffer.alloc(3 * 1024 * 1024, 7));
  const f = path.join(dir, 'gcm-review-2026-01-01.sqlite');
  fs.symlinkSync(target, f);
  await removeGently(f, 1024 * 1024);
  expect(fs.existsSync(f)).toBe(false);
  expect(fs.statSync(target).size).toBe(3 * 1024 * 1024);
});

// A reader in another process (e.g. a copy to a USB stick) that opened the backup before the
// rotation removed it: its copy must stay whole, as with unlink. (Linux: told through /proc.)
it.runIf(process.platform === 'linux')('a reader in another process that opened the file before its removal reads all of it', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'gcm-review-2026-01-01.sqlite');
  const bytes = crypto.randomBytes(3 * 1024 * 1024);
  fs.writeFileSync(f, bytes);
  // the reader: opens the file, says so, and reads all of it once told to
  const reader = spawn(process.execPath, ['-e', `
    const fs = require('node:fs');
    const fd = fs.openSync(process.argv[1], 'r');
    process.stdout.write('open\\n');
    process.stdin.once('data', () => {
      const b = Buffer.alloc(4 * 1024 * 1024);
      let n = 0, r;
      while ((r = fs.readSync(fd, b, n, b.length - n, n)) > 0) n += r;
      process.stdout.write(require('node:crypto').createHash('sha256').update(b.subarray(0, n)).digest('hex') + ' ' + n + '\\n');
      process.exit(0);
    });
  `, f], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  reader.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await waitFor(() => out.includes('open'));
  await removeGently(f, 1024 * 1024);
  expect(fs.readdirSync(dir)).toEqual([]); // removed (by name) all the same
  reader.stdin.write('read\n');
  await new Promise((r) => reader.once('exit', r));
  expect(out.trim().split('\n')[1]).toBe(`${crypto.createHash('sha256').update(bytes).digest('hex')} ${bytes.length}`);
});

it('a file is told open while a handle on it is open, and not once it is closed', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'gcm-review-2026-01-01.sqlite');
  fs.writeFileSync(f, Buffer.alloc(1024, 7));
  expect(await openByAnyProcess(f)).toBe(false);
  const fd = fs.openSync(f, 'r');
  expect(await openByAnyProcess(f)).toBe(process.platform === 'linux'); // elsewhere it cannot be told
  fs.closeSync(fd);
  expect(await openByAnyProcess(f)).toBe(false);
});

it('a removal cut short (the app quit) leaves no file that looks like a whole backup, and the next rotation finishes it', async () => {
  const { rotate } = await import('../main/store/backup');
  const dir = tempDir();
  const f = path.join(dir, 'gcm-review-2026-01-01.sqlite');
  fs.writeFileSync(f, Buffer.alloc(3 * 1024 * 1024, 7));
  const p = removeGently(f, 1024 * 1024);
  // the removal under way: the file moved or cut, whichever comes first (waited for, not timed:
  // 5 ms was not enough for its first steps in a loaded CI run); were the process to quit now, no
  // file that looks like a whole backup is left (a cut under its own name would be)
  const size = (n: string) => (fs.existsSync(n) ? fs.statSync(n).size : -1);
  await waitFor(() => size(f) !== 3 * 1024 * 1024);
  expect(fs.readdirSync(dir).filter((n) => /^gcm-review-\d{4}-\d{2}-\d{2}\.sqlite$/.test(n))).toEqual([]);
  await p;
  fs.writeFileSync(`${f}.removing`, Buffer.alloc(1024, 7)); // as a quit would have left it
  fs.writeFileSync(path.join(dir, 'gcm-review-2026-01-02.sqlite'), Buffer.alloc(1024, 7));
  await rotate(dir, 7);
  expect(fs.readdirSync(dir)).toEqual(['gcm-review-2026-01-02.sqlite']);
});
