/**
 * A restore while a backup's worker holds its snapshot.
 * The kept "before-restore" file must hold every save acknowledged before the restore.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { backupHandlers } from '../main/services/backups';
import { backupsRunning, backupTo, restoreBackup } from '../main/store/backup';
import { textToDoc } from '../shared/plaintext';
import { withHistory } from './store-history';

it('a restore during a running backup keeps every acknowledged save in the kept file', async () => {
  const { dir, s } = withHistory('base', 100);
  const first = await backupTo(s.store, path.join(dir, 'backups', 'gcm-review-2026-01-01.sqlite'));
  let onWorker = false;
  // a slow (paced) second backup: its worker holds a read snapshot for seconds
  const running = backupTo(s.store, path.join(dir, 'backups', 'gcm-review-2026-01-02.sqlite'), { pace: 512 * 1024, onCopy: (w) => void (onWorker = w === 'worker') });
  running.catch(() => {});
  while (!onWorker) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 20; i++) s.drafts.create({ title: `saved during the backup ${i}` }); // acknowledged saves
  let kept: string;
  try {
    kept = s.store.reopenAround(() => restoreBackup(s.store.file, first))!;
  } catch (e) {
    // refused while the backup reads the store: nothing replaced, every save still there
    expect((e as Error).message).toMatch(/still being read/);
    expect(s.store.db.prepare("SELECT count(*) AS n FROM drafts WHERE title LIKE 'saved during%'").get()).toEqual({ n: 20 });
    await running.catch(() => {});
    kept = s.store.reopenAround(() => restoreBackup(s.store.file, first))!;
  }
  await running.catch(() => {});
  const k = new Database(kept, { readonly: true });
  const titles = (k.prepare('SELECT title FROM drafts').all() as Array<{ title: string }>).map((r) => r.title);
  k.close();
  expect(titles.filter((t) => t.startsWith('saved during')).length).toBe(20);
}, 120_000);

it('a restore from inside the app stops a running backup first: restored at once, every save kept, no partial copy left', async () => {
  const { dir, s } = withHistory('base', 100);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  let onWorker = false;
  const running = backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'), { pace: 512 * 1024, onCopy: (w) => void (onWorker = w === 'worker') });
  const outcome = running.then(
    () => 'finished',
    (e: Error) => e.message,
  );
  while (!onWorker) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 20; i++) s.drafts.create({ title: `saved during the backup ${i}` });
  expect(backupsRunning(s.store)).toBe(1);
  const r = await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  expect(r.restored).toBe(path.basename(first));
  expect(await outcome).toMatch(/backup was stopped \(a backup is being restored\); no backup was written/);
  expect(backupsRunning(s.store)).toBe(0);
  // the store is the restored copy, and the app's connection works on it
  expect(s.store.db.prepare("SELECT count(*) AS n FROM drafts WHERE title LIKE 'saved during%'").get()).toEqual({ n: 0 });
  s.drafts.create({ title: 'after the restore' });
  // the replaced file, kept, has every save made during the stopped backup
  const k = new Database(r.keptAs!, { readonly: true });
  expect(k.prepare("SELECT count(*) AS n FROM drafts WHERE title LIKE 'saved during%'").get()).toEqual({ n: 20 });
  k.close();
  // the stopped copy left nothing behind
  expect(fs.readdirSync(backups).sort()).toEqual(['gcm-review-2026-01-01.sqlite']);
}, 120_000);

it("a restore waits for a fold of a large WAL running on a worker without holding the app's thread, and keeps every save", async () => {
  const { dir, s, d } = withHistory('base', 10);
  const first = await backupTo(s.store, path.join(dir, 'backups', 'gcm-review-2026-01-01.sqlite'));
  // well over the 4 MB past which a checkpoint is folded in on a worker (checkpoint.ts)
  let base: string | null = null;
  for (let i = 0; i < 150; i++) base = s.fields.save(d.id, 'II.c', { kind: 'answer', doc: textToDoc(crypto.randomBytes(45_000).toString('base64')) }, base).revisionId;
  void s.store.checkpoints.fold();
  expect(s.store.checkpoints.runningFold).not.toBeNull();
  let turns = 0;
  const turn = setInterval(() => turns++, 1);
  const r = await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  clearInterval(turn);
  expect(turns).toBeGreaterThan(0); // the event loop kept turning while the fold ended (close() would have blocked it)
  const k = new Database(r.keptAs!, { readonly: true });
  expect(k.prepare("SELECT count(*) AS n FROM revisions r JOIN revision_fields f ON f.n = r.field WHERE f.name = 'II.c'").get()).toEqual({ n: 150 });
  k.close();
}, 120_000);
