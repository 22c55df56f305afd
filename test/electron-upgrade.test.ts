/**
 * The desktop app on a store from before migration 013 (`electron` replaced by the recording fake,
 * the real services): the window is created first and the IPC channel answers storeStatus while
 * the store upgrades on a worker thread (any other call: store_upgrading); then the same window
 * gets the services.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { API_CHANNEL } from '../main/electron/channels';
import * as E from './electron-fake';
import { makeLargeV12Store } from './store-v12-large';

vi.mock('electron', () => import('./electron-fake'));

it('shows the window first, answers storeStatus during the upgrade, then serves the upgraded store in the same window', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-electron-upgrade-'));
  const dbFile = path.join(dir, 'store.sqlite');
  const { revisions } = makeLargeV12Store(dbFile, 12_000);
  process.env.GCM_REVIEW_DB = dbFile;
  E.makeAppFolder(path.join(dir, 'app'));
  E.app.getAppPath = () => path.join(dir, 'app');
  E.app.paths.appData = path.join(dir, 'appData');
  let running: Awaited<typeof import('../main/electron/main')['started']> = null;
  try {
    const main = await import('../main/electron/main');
    let booted = false;
    void main.started.then(() => (booted = true));
    await vi.waitFor(() => expect(E.ipcMain.handlers.get(API_CHANNEL)).toBeDefined(), { timeout: 30_000, interval: 20 });
    expect(E.BrowserWindow.instances).toHaveLength(1); // the window first
    const w = E.BrowserWindow.instances[0]!;
    const call = (method: string) => E.ipcMain.handlers.get(API_CHANNEL)!({ sender: w.webContents, senderFrame: w.webContents.mainFrame }, { method, input: {} }) as Promise<any>;
    const seen: Array<{ state: string; total: number; percent: number | null }> = [];
    let refused: any = null;
    while (!booted) {
      const s = await call('storeStatus');
      expect(s.ok).toBe(true);
      seen.push(s.value);
      if (s.value.state === 'upgrading' && !refused) refused = await call('listDrafts');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.filter((s) => s.state === 'upgrading').length).toBeGreaterThan(2);
    expect(seen.some((s) => s.total === revisions && s.percent !== null)).toBe(true);
    expect(refused.error.code).toBe('store_upgrading');
    running = await main.started;
    expect(running).not.toBeNull();
    expect(E.BrowserWindow.instances).toHaveLength(1); // the same window, now on the upgraded store
    expect((await call('storeStatus')).value.state).toBe('ready');
    expect((await call('listDrafts')).value).toHaveLength(2);
  } finally {
    running?.services.close();
    delete process.env.GCM_REVIEW_DB;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
