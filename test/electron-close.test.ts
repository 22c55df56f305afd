/**
 * Closing the window (close-flush.ts), with the Electron fake: the flush round trip, the timeout,
 * and a page whose text cannot be saved: main asks Leave/Stay (Electron would cancel the close
 * silently), Leave closes, Stay keeps the window and the next close flushes and asks again.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from '../main/electron/channels';
import { flushBeforeClose } from '../main/electron/close-flush';
import { desktopText } from '../main/electron/desktop-text';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

const LEAVE = 1;
const STAY = 0;
const text = () => desktopText('fr', 'en-US');
const requests = (win: E.BrowserWindow) => win.webContents.sent.filter((s) => s.channel === FLUSH_REQUEST_CHANNEL);
/** The renderer answering the last flush request. */
const answer = (win: E.BrowserWindow) => E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: win.webContents }, requests(win).at(-1)!.args[0]);

beforeEach(() => {
  E.dialog.showMessageBoxSync.mockClear();
});

it('holds the close, asks for a flush, and closes anyway after the timeout', () => {
  vi.useFakeTimers();
  try {
    const win = new E.BrowserWindow({});
    flushBeforeClose(win as never, { timeoutMs: 1000, text });
    win.close();
    win.close(); // a second click while waiting does not send a second request
    expect(requests(win)).toHaveLength(1);
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
  flushBeforeClose(win as never, { timeoutMs: 60_000, text });
  win.webContents.destroyed = true;
  win.close();
  expect(win.isDestroyed()).toBe(true);
  expect(win.webContents.sent).toHaveLength(0);
});

describe('text that cannot be saved', () => {
  it('asks, in the user’s language, whether to leave; Stay keeps the window, and every later close flushes and asks again', () => {
    const win = new E.BrowserWindow({});
    const onStay = vi.fn();
    flushBeforeClose(win as never, { text, onStay });
    win.webContents.beforeUnloadObjects = true; // a field in error: the page's beforeunload objects

    E.dialog.nextButton = STAY;
    win.close();
    answer(win);
    expect(E.dialog.showMessageBoxSync).toHaveBeenCalledTimes(1);
    const [parent, box] = E.dialog.showMessageBoxSync.mock.calls[0]! as [unknown, { buttons: string[]; message: string; cancelId: number; defaultId: number }];
    expect(parent).toBe(win);
    expect(box.buttons).toEqual(['Rester', 'Quitter quand même']);
    expect(box.message).toMatch(/n’a pas pu être enregistrée/);
    expect(box.cancelId).toBe(STAY);
    expect(box.defaultId).toBe(STAY);
    expect(win.isDestroyed()).toBe(false);
    expect(onStay).toHaveBeenCalledOnce();

    // the defect: after one try, later closes skipped the flush and were cancelled silently
    win.close();
    expect(requests(win)).toHaveLength(2);
    answer(win);
    expect(E.dialog.showMessageBoxSync).toHaveBeenCalledTimes(2);
    expect(win.isDestroyed()).toBe(false);

    E.dialog.nextButton = LEAVE;
    win.close();
    expect(requests(win)).toHaveLength(3);
    answer(win);
    expect(win.isDestroyed()).toBe(true);
    expect(E.ipcMain.listenerCount(FLUSH_DONE_CHANNEL)).toBe(0);
  });

  it('once the text is saved, closing asks nothing', () => {
    const win = new E.BrowserWindow({});
    flushBeforeClose(win as never, { text });
    win.close();
    answer(win);
    expect(E.dialog.showMessageBoxSync).not.toHaveBeenCalled();
    expect(win.isDestroyed()).toBe(true);
  });
});
