/**
 * Large files (old backups) are removed a step at a time from their end, off the event loop, so a
 * save's fsync meanwhile does not wait for the file system to free them all at once (main/remove-gently.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeGently } from '../main/remove-gently';
import { tempDir } from './helpers';

describe('removeGently', () => {
  it('cuts a large file from its end in steps, the event loop turning between them, then removes it', async () => {
    const file = path.join(tempDir(), 'old-backup.sqlite');
    const step = 1024 * 1024;
    const fd = fs.openSync(file, 'w');
    const mb = Buffer.alloc(step, 7);
    for (let i = 0; i < 8; i++) fs.writeSync(fd, mb);
    fs.closeSync(fd);
    const seen = new Set<number>();
    let done = false;
    const gone = removeGently(file, step).then(() => (done = true));
    while (!done) {
      for (const name of [file, `${file}.removing`]) {
        try {
          seen.add(fs.statSync(name).size);
        } catch {
          /* renamed out of the way, or removed */
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    await gone;
    expect(fs.existsSync(file) || fs.existsSync(`${file}.removing`)).toBe(false);
    const between = [...seen].filter((x) => x > 0 && x < 8 * step);
    expect(between.length).toBeGreaterThanOrEqual(5); // seen at its sizes on the way down
    for (const x of between) expect(x % step).toBe(0);
  });

  it('a file already gone, or small, is removed without ado', async () => {
    const dir = tempDir();
    await removeGently(path.join(dir, 'nothing-here'));
    const small = path.join(dir, 'small');
    fs.writeFileSync(small, 'x');
    await removeGently(small);
    expect(fs.existsSync(small)).toBe(false);
  });
});
