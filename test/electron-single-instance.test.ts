/** A second launch does not open a second store/window: it quits (the first gets focused). */
import { expect, it, vi } from 'vitest';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

it('quits without opening the store or a window when another instance holds the lock', async () => {
  E.app.lock = false;
  process.env.GCM_REVIEW_DB = '/nonexistent/dir/never-created.sqlite';
  const { started } = await import('../main/electron/main');
  expect(await started).toBeNull();
  expect(E.app.quit).toHaveBeenCalled();
  expect(E.BrowserWindow.instances).toHaveLength(0);
  expect(E.ipcMain.handlers.size).toBe(0);
  delete process.env.GCM_REVIEW_DB;
});
