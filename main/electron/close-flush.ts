/**
 * Closing the window never loses typing: the first `close` is held back, the renderer is asked to
 * save what is pending (FLUSH_REQUEST_CHANNEL), and the window closes when it answers
 * (FLUSH_DONE_CHANNEL, same request id, from this window only) or after `timeoutMs`.
 */
import crypto from 'node:crypto';
import { ipcMain, type BrowserWindow, type IpcMainEvent } from 'electron';
import { FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from './channels';

export const FLUSH_TIMEOUT_MS = 4000;

export function flushBeforeClose(win: BrowserWindow, timeoutMs = FLUSH_TIMEOUT_MS): void {
  let allowed = false;
  let pending = false;
  win.on('close', (event) => {
    if (allowed) return;
    event.preventDefault();
    if (pending) return;
    pending = true;
    const id = crypto.randomUUID();
    const contents = win.webContents;
    const finish = () => {
      if (allowed) return;
      allowed = true;
      clearTimeout(timer);
      ipcMain.removeListener(FLUSH_DONE_CHANNEL, onDone);
      if (!win.isDestroyed()) win.close();
    };
    const onDone = (e: IpcMainEvent, replyId: unknown) => {
      if (e.sender === contents && replyId === id) finish();
    };
    ipcMain.on(FLUSH_DONE_CHANNEL, onDone);
    const timer = setTimeout(() => {
      console.warn('[gcm-review] the window did not confirm its pending saves in time; closing');
      finish();
    }, timeoutMs);
    if (contents.isDestroyed() || contents.isCrashed()) finish();
    else contents.send(FLUSH_REQUEST_CHANNEL, id);
  });
}
