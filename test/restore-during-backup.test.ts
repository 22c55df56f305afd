/**
 * A restore from inside the app while a backup's worker holds its snapshot.
 * The kept "before-restore" file must hold every save acknowledged before the restore.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { backupTo, restoreBackup } from '../main/store/backup';
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
