/** When the store cannot be opened, the app says so in a dialog and exits; no window, no IPC. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

it('shows an error naming the store file and exits with status 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-store-error-'));
  const notAStore = path.join(dir, 'store.sqlite');
  fs.writeFileSync(notAStore, 'this is not a SQLite database, but it is somebody’s file'.repeat(100));
  process.env.GCM_REVIEW_DB = notAStore;
  E.makeAppFolder(path.join(dir, 'app'));
  E.app.getAppPath = () => path.join(dir, 'app');
  vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const { started } = await import('../main/electron/main');
    expect(await started).toBeNull();
    expect(E.dialog.showErrorBox).toHaveBeenCalledWith('GCM Review cannot open its store', expect.stringContaining(notAStore));
    expect(E.app.exit).toHaveBeenCalledWith(1);
    expect(E.BrowserWindow.instances).toHaveLength(0);
    expect(E.ipcMain.handlers.size).toBe(0);
    expect(fs.readFileSync(notAStore, 'utf8')).toMatch(/^this is not a SQLite database/); // untouched
  } finally {
    delete process.env.GCM_REVIEW_DB;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
