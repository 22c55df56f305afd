/** "Make a backup now" (createBackup): a dated copy in the backups folder, listed, sound, and left alone by the daily rotation. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { backupDir, checkBackup, rotate } from '../main/store/backup';
import { makeServices, tempDir } from './helpers';

it('makes a dated backup beside the daily ones, lists it, and the daily rotation leaves it', async () => {
  const s = makeServices(path.join(tempDir(), 'store.sqlite'));
  s.drafts.create({ title: 'In the backup' });
  const made = await invoke(s.handlers, 'createBackup', {});
  expect(made.name).toMatch(/^gcm-review-\d{4}-\d{2}-\d{2}T[\d-]+Z\.sqlite$/);
  const file = path.join(backupDir(s.store), made.name);
  expect(made.size).toBe(fs.statSync(file).size);
  checkBackup(file);
  const copy = new Database(file, { readonly: true });
  expect(copy.prepare('SELECT title FROM drafts').pluck().all()).toEqual(['In the backup']);
  copy.close();
  expect((await invoke(s.handlers, 'listBackups', {})).map((b) => b.name)).toEqual([made.name]);
  await rotate(backupDir(s.store), 1, 1); // keep one daily copy within one byte: nothing daily to remove, and this one is not daily
  expect(fs.existsSync(file)).toBe(true);
  s.close();
});

it('an in-memory store has no backups to make', async () => {
  const s = makeServices(':memory:');
  await expect(invoke(s.handlers, 'createBackup', {})).rejects.toThrow(/in-memory store has no backups/);
  s.close();
});
