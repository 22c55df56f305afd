/**
 * An intake closed and its folder removed at once leaves nothing pending that could fail later:
 * @tus/file-store's constructor made its folder with an asynchronous mkdir that threw from its
 * callback, and a CI run under load ended with that uncaught ENOENT (main/intake/storage.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIntake } from '../main/intake/open';
import { tempDir } from './helpers';

describe('an intake closed at once', () => {
  it('leaves no folder-making behind it, so removing its folder right away throws nowhere', async () => {
    const uncaught: unknown[] = [];
    const onError = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 5; i++) {
        const dir = path.join(tempDir(), `intake-${i}`);
        const intake = await openIntake({ dir });
        expect(fs.existsSync(path.join(dir, 'uploads'))).toBe(true);
        await intake.close();
        await intake.index.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      // whatever was pending has had its turn of the event loop
      await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setImmediate(r));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});
