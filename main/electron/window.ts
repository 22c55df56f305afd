/** The one app window: locked-down web preferences, loaded from app://gcm, flushes before close. */
import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { flushBeforeClose } from './close-flush';

export function webPreferences(preload: string): WebPreferences {
  return {
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
    safeDialogs: true,
    spellcheck: true,
  };
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'GCM Review',
    backgroundColor: '#ffffff',
    webPreferences: webPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  flushBeforeClose(win);
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[gcm-review] could not load the app:', e));
  return win;
}
