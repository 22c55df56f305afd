/**
 * Who may call the API over IPC: only the main frame of our own window, showing our own origin.
 * Pure: the Electron adapter (ipc.ts) extracts these facts from the event. Unit-tested.
 */
import { isAppUrl } from './app-origin';

export interface SenderFacts {
  /** URL of the frame that sent the message (event.senderFrame.url), null when the frame is gone. */
  frameUrl: string | null;
  /** The sending frame is the top-level frame of its page. */
  isMainFrame: boolean;
  /** The message came from the webContents of our main window (not another window or webview). */
  fromAppWindow: boolean;
}

/** Null when the sender may call the API, else the reason it may not. */
export function senderRejection(s: SenderFacts): string | null {
  if (s.frameUrl === null) return 'the sending frame is gone';
  if (!s.fromAppWindow) return 'the sender is not the GCM Review window';
  if (!s.isMainFrame) return 'the sender is not the main frame';
  if (!isAppUrl(s.frameUrl)) return 'the sender does not show the GCM Review app';
  return null;
}
