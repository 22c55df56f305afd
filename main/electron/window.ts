/**
 * The one app window: locked-down web preferences (written out literally so static checkers such
 * as electronegativity can see them), loaded from app://gcm, flushes pending saves before close.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { flushBeforeClose } from './close-flush';

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'GCM Review',
    backgroundColor: '#ffffff',
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
  // A crashed page comes back by itself (saves are at most a second old); a clean exit does not.
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[gcm-review] the window's page stopped (${details.reason}); reloading`);
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.loadURL(APP_ENTRY_URL).catch(() => {});
  });
  flushBeforeClose(win);
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[gcm-review] could not load the app:', e));
  return win;
}
