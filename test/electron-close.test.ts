/** Closing the window when the renderer never answers the flush request: it closes after the timeout. */
import { expect, it, vi } from 'vitest';
import { FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from '../main/electron/channels';
import { flushBeforeClose } from '../main/electron/close-flush';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

it('holds the close, asks for a flush, and closes anyway after the timeout', () => {
  vi.useFakeTimers();
  try {
    const win = new E.BrowserWindow({});
    flushBeforeClose(win as never, 1000);
    win.close();
    win.close(); // a second click while waiting does not send a second request
    expect(win.webContents.sent.filter((s) => s.channel === FLUSH_REQUEST_CHANNEL)).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(win.isDestroyed()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(win.isDestroyed()).toBe(true);
    expect(E.ipcMain.listenerCount(FLUSH_DONE_CHANNEL)).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

it('closes at once when the page has already crashed or gone', () => {
  const win = new E.BrowserWindow({});
  flushBeforeClose(win as never, 60_000);
  win.webContents.destroyed = true;
  win.close();
  expect(win.isDestroyed()).toBe(true);
  expect(win.webContents.sent).toHaveLength(0);
});
