/**
 * A failure while starting other than the store's (here: the app:// handler cannot be registered)
 * ends in an error box, in the system's language, and exit 1; never a process with no window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

it('shows what failed and exits with status 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-boot-failure-'));
  try {
    E.makeAppFolder(path.join(dir, 'app'));
    E.app.getAppPath = () => path.join(dir, 'app');
    E.app.paths.appData = path.join(dir, 'appData');
    E.app.locale = 'ar-MA';
    process.env.GCM_REVIEW_DB = path.join(dir, 'store.sqlite');
    vi.spyOn(E.protocol, 'handle').mockImplementation(() => {
      throw new Error('The scheme "app" is already handled');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { started } = await import('../main/electron/main');
    expect(await started).toBeNull();
    expect(E.dialog.showErrorBox).toHaveBeenCalledWith('تعذّر تشغيل GCM Review', 'The scheme "app" is already handled');
    expect(E.app.exit).toHaveBeenCalledWith(1);
    expect(E.BrowserWindow.instances).toHaveLength(0);
  } finally {
    delete process.env.GCM_REVIEW_DB;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
