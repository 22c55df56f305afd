/**
 * (review of s18) A restore from inside the app that stops a running backup, at each point of the
 * backup and around the store's close: every acknowledged save in the kept file, nothing held after.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { backupHandlers } from '../main/services/backups';
import { backupsRunning, backupTo } from '../main/store/backup';
import { withHistory } from './store-history';

const savedDuring = (file: string) => {
  const k = new Database(file, { readonly: true });
  try {
    return (k.prepare("SELECT count(*) AS n FROM drafts WHERE title LIKE 'saved during%'").get() as { n: number }).n;
  } finally {
    k.close();
  }
};

/** A store with a first backup, a slow (paced) second one copying on its worker, and 20 saves made during it. */
async function duringBackup() {
  const { dir, s } = withHistory('base', 40);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  let onWorker = false;
  const running = backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'), { pace: 512 * 1024, onCopy: (w) => void (onWorker = w === 'worker') });
  running.catch(() => {});
  while (!onWorker) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 20; i++) s.drafts.create({ title: `saved during ${i}` });
  return { s, name: path.basename(first), running };
}

it('stopped before its worker reported "started": restored, every save kept, checkpoints not left held', async () => {
  const { dir, s } = withHistory('base', 40);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  for (let i = 0; i < 20; i++) s.drafts.create({ title: `saved during ${i}` });
  const running = backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'), { pace: 512 * 1024 });
  const outcome = running.then(() => 'finished', (e: Error) => e.message);
  expect(backupsRunning(s.store)).toBe(1); // registered at once, its worker not started yet
  const r = await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  expect(await outcome).toMatch(/backup was stopped/);
  expect(backupsRunning(s.store)).toBe(0);
  expect(s.store.checkpoints.held).toBe(false);
  expect(savedDuring(r.keptAs!)).toBe(20);
  expect(fs.readdirSync(backups).sort()).toEqual(['gcm-review-2026-01-01.sqlite']);
}, 120_000);

it('two restores at once while a backup runs: both answered, the first kept file has every save', async () => {
  const { s, name, running } = await duringBackup();
  const h = backupHandlers(s.store);
  const [a, b] = await Promise.all([h.restoreBackup({ name }), h.restoreBackup({ name })]);
  expect(a.keptAs).not.toBe(b.keptAs);
  expect(savedDuring(a.keptAs!)).toBe(20);
  expect(backupsRunning(s.store)).toBe(0);
}, 120_000);

it('the store closed (the app quitting) while a restore waits for the backup to stop: the store is not opened again after its close', async () => {
  const { s, name, running } = await duringBackup();
  const restore = Promise.resolve(backupHandlers(s.store).restoreBackup({ name })).then(
      (r) => ({ restored: r }),
      (e: Error) => ({ refused: e.message }),
    );
  s.store.close(); // what services.close() does at quit, while the restore waits
  const outcome = await restore;
  await running.catch(() => {});
  // whatever the restore answered, a closed store stays closed: no connection (nor writer lease)
  // opened after the app's close, which nobody closes again
  expect(s.store.db.open).toBe(false);
  // and the saves are in the store file or in a kept file
  const kept = 'restored' in outcome ? outcome.restored.keptAs! : s.store.file;
  expect(savedDuring(kept)).toBe(20);
}, 120_000);

it('a restore during a copy on this thread (not registered as running): the copy is abandoned, every save kept, no partial copy left', async () => {
  const { dir, s } = withHistory('base', 100);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  let steps = 0;
  const running = backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'), { on: 'thread', onStep: () => void steps++ });
  const outcome = running.then(() => 'finished', (e: Error) => e.message);
  while (steps === 0) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 20; i++) s.drafts.create({ title: `saved during ${i}` });
  expect(backupsRunning(s.store)).toBe(0);
  const r = await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  expect(await outcome).not.toBe('finished');
  expect(savedDuring(r.keptAs!)).toBe(20);
  s.drafts.create({ title: 'after the restore' });
  expect(fs.readdirSync(backups).sort()).toEqual(['gcm-review-2026-01-01.sqlite']);
}, 120_000);

it('a stopped copy leaves no open file behind (its partial copy is removed, and its blocks freed)', async () => {
  const { dir, s } = withHistory('base', 100);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  const partialsOpen = () =>
    fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`).includes('.partial-');
      } catch {
        return false;
      }
    }).length;
  let steps = 0;
  const running = backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'), { pace: 512 * 1024, onStep: () => void steps++ });
  running.catch(() => {});
  while (steps < 2) await new Promise((r) => setTimeout(r, 10));
  await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  await running.catch(() => {});
  expect(fs.readdirSync(backups).sort()).toEqual(['gcm-review-2026-01-01.sqlite']);
  expect(partialsOpen()).toBe(0);
}, 120_000);
