/**
 * Closing the window never loses typing, and never silently refuses to close:
 * - the first `close` is held back, the renderer is asked to save what is pending
 *   (FLUSH_REQUEST_CHANNEL), and the window closes when it answers (FLUSH_DONE_CHANNEL, same
 *   request id, from this window only) or after `timeoutMs`;
 * - if some text still cannot be saved (an error, invalid, or a conflict), the page's
 *   `beforeunload` objects; Electron shows nothing by itself and would cancel the close, so main
 *   asks the user (`will-prevent-unload`): Leave closes, Stay keeps the window and the next close
 *   starts over with a new flush.
 */
import crypto from 'node:crypto';
import { dialog, ipcMain, type BrowserWindow, type IpcMainEvent } from 'electron';
import { FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from './channels';
import type { DesktopText } from './desktop-text';

export const FLUSH_TIMEOUT_MS = 4000;

/** Asks whether to leave with unsaved text; true means leave. */
export function askToLeave(win: BrowserWindow, text: DesktopText): boolean {
  const t = text.leave;
  const choice = dialog.showMessageBoxSync(win, { type: 'warning', title: t.title, message: t.message, detail: t.detail, buttons: [t.stay, t.leave], defaultId: 0, cancelId: 0, noLink: true });
  return choice === 1;
}

export interface CloseFlushOptions {
  timeoutMs?: number;
  /** The dialog's words, in the user's language at the time of closing. */
  text: () => DesktopText;
  /** Called when the user chose to stay (the close, and any quit, did not happen). */
  onStay?: () => void;
}

export function flushBeforeClose(win: BrowserWindow, o: CloseFlushOptions): void {
  const timeoutMs = o.timeoutMs ?? FLUSH_TIMEOUT_MS;
  let allowed = false;
  let pending = false;
  win.webContents.on('will-prevent-unload', (event) => {
    if (askToLeave(win, o.text())) {
      event.preventDefault(); // ignore the page's objection: unload and close
      return;
    }
    allowed = false; // the window stays: the next close flushes and asks again
    o.onStay?.();
  });
  win.on('close', (event) => {
    if (allowed) return;
    event.preventDefault();
    if (pending) return;
    pending = true;
    const id = crypto.randomUUID();
    const contents = win.webContents;
    const finish = () => {
      if (!pending) return;
      pending = false;
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
