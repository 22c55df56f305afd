/**
 * (review of s18) A backup whose worker thread cannot be made (Node throws from `new Worker` when
 * the thread cannot be created: ERR_WORKER_INIT_FAILED, e.g. the process is short of threads or
 * memory; checkpoint.ts handles the same for its fold) must not stay counted as running: a
 * restore from inside the app afterwards works.
 * Only Node's Worker is replaced here, to refuse the backup's thread once; the store is real.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it, vi } from 'vitest';

const refuse = vi.hoisted(() => ({ next: false }));
vi.mock('node:worker_threads', async (original) => {
  const m = await original<typeof import('node:worker_threads')>();
  class Worker extends m.Worker {
    constructor(code: string | URL, opts?: import('node:worker_threads').WorkerOptions) {
      if (refuse.next && String(code).includes("type: 'started'")) {
        refuse.next = false;
        throw Object.assign(new Error('ERR_WORKER_INIT_FAILED (simulated)'), { code: 'ERR_WORKER_INIT_FAILED' });
      }
      super(code, opts);
    }
  }
  return { ...m, Worker, default: { ...m, Worker } };
});

const { backupHandlers } = await import('../main/services/backups');
const { backupsRunning, backupTo } = await import('../main/store/backup');
const { withHistory } = await import('./store-history');

it('a backup whose worker could not be made is not left counted as running; a restore then works', async () => {
  const { dir, s } = withHistory('base', 10);
  const backups = path.join(dir, 'backups');
  const first = await backupTo(s.store, path.join(backups, 'gcm-review-2026-01-01.sqlite'));
  refuse.next = true;
  await expect(backupTo(s.store, path.join(backups, 'gcm-review-2026-01-02.sqlite'))).rejects.toThrow(/ERR_WORKER_INIT_FAILED/);
  expect(backupsRunning(s.store)).toBe(0);
  s.drafts.create({ title: 'saved before the restore' });
  const r = await backupHandlers(s.store).restoreBackup({ name: path.basename(first) });
  const k = new Database(r.keptAs!, { readonly: true });
  expect(k.prepare("SELECT count(*) AS n FROM drafts WHERE title = 'saved before the restore'").get()).toEqual({ n: 1 });
  k.close();
}, 60_000);
