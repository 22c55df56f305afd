/** Whether this page runs in the desktop app (its preload exposes `window.desktop`), not in a browser. */
import type {} from '../../shared/desktop';

export function inDesktopApp(win: Window = window): boolean {
  return win.desktop !== undefined;
}

/** The "file too large" message's key: the desktop app cannot point to itself for larger files. */
export function tooLargeKey(win: Window = window): 'desktop.tooLarge' | 'exchange.tooLarge' {
  return inDesktopApp(win) ? 'desktop.tooLarge' : 'exchange.tooLarge';
}
