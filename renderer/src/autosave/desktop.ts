/** In Electron, the window waits for pending autosaves before it closes (shared/desktop.ts). */
import type {} from '../../../shared/desktop';
import { flushAll } from './registry';

export function installDesktopFlush(win: Window = window): () => void {
  return win.desktop?.onBeforeClose(() => flushAll()) ?? (() => {});
}
