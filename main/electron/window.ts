/**
 * The one app window: locked-down web preferences (written out literally so static checkers such
 * as electronegativity can see them), loaded from app://gcm; flushes pending saves before it
 * closes, and before Windows ends the session; reloads a page that stopped, but not forever.
 */
import { BrowserWindow, dialog } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { flushBeforeClose } from './close-flush';
import { afterPageStopped } from './crash-policy';
import { fill, type DesktopText } from './desktop-text';

export interface MainWindowOptions {
  /** The main process's words, in the user's language at the time they are needed. */
  text: () => DesktopText;
  /** The user chose to stay with unsaved text (a quit in progress must stop). */
  onStay?: () => void;
  /** The user chose to quit after the page kept stopping. */
  quit: () => void;
  now?: () => number;
}

export function createMainWindow(preload: string, o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'GCM Review',
    backgroundColor: '#ffffff',
    // the hardened list of web-preferences.ts, as literals for the static checker (see there)
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick', // middle-click cannot open links (new windows are denied anyway)
      safeDialogs: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  reloadWhenStopped(win, o);
  flushBeforeClose(win, { text: o.text, onStay: o.onStay });
  // Windows logoff, restart or shutdown: hold it while the page saves what is pending, then close
  // (the app quits with its last window, and Windows goes on).
  win.on('query-session-end', (event) => {
    event.preventDefault();
    win.close();
  });
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[gcm-review] could not load the app:', e));
  return win;
}

function reloadWhenStopped(win: BrowserWindow, o: MainWindowOptions): void {
  const now = o.now ?? Date.now;
  const stops: number[] = [];
  const reload = () => {
    if (!win.isDestroyed()) win.loadURL(APP_ENTRY_URL).catch(() => {});
  };
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    stops.push(now());
    const next = afterPageStopped(stops, now());
    if ('reloadInMs' in next) {
      console.error(`[gcm-review] the window's page stopped (${details.reason}); reloading in ${next.reloadInMs} ms`);
      setTimeout(reload, next.reloadInMs);
      return;
    }
    console.error(`[gcm-review] the window's page stopped ${next.stops} times in a row (${details.reason}); not reloading`);
    const t = o.text().crashed;
    void dialog
      .showMessageBox(win, { type: 'error', title: t.title, message: fill(t.message, { count: next.stops }), detail: t.detail, buttons: [t.reload, t.quit], defaultId: 0, cancelId: 1, noLink: true })
      .then(({ response }) => {
        if (response !== 0) return o.quit();
        stops.length = 0;
        reload();
      });
  });
}
