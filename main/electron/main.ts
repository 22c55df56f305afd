/**
 * The Electron main process. One instance per user; one locked-down window loading the renderer
 * from app://gcm; the contract served over one IPC channel by the same services as the CLI and
 * browser mode; the store in the user's data folder (or GCM_REVIEW_DB).
 */
import path from 'node:path';
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { createServices, type Services } from '../services';
import { APP_VERSION } from '../services/version';
import { DATA_DIR_NAME, defaultDbPath } from '../store/store';
import { setUpNativeBinding } from './binding';
import { hardenWebContents, lockDownSession } from './harden';
import { electronKeyVault } from './key-vault';
import { registerApi } from './ipc';
import { menuTemplate } from './menu';
import { printToPdfHandler } from './print-pdf';
import { registerAppScheme, serveApp } from './protocol';
import { READY_LINE } from './ready-line';
import { createMainWindow } from './window';

export interface RunningApp {
  services: Services;
  window(): BrowserWindow | null;
}

/** Starts the app; resolves to null when another instance already runs (it gets focused instead). */
export async function boot(): Promise<RunningApp | null> {
  // Same folder as defaultDbPath() uses for the CLI and browser mode, whatever the package name.
  // Set first: the single-instance lock lives in the userData folder.
  app.setPath('userData', path.join(app.getPath('appData'), DATA_DIR_NAME));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  let win: BrowserWindow | null = null;
  let quitting = false;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('before-quit', () => {
    quitting = true;
  });

  await app.whenReady();
  lockDownSession(session.defaultSession);

  const dbFile = defaultDbPath(process.env, app.getPath('userData'));
  const bindingProblem = setUpNativeBinding(app.getAppPath());
  if (bindingProblem) {
    dialog.showErrorBox('GCM Review cannot open its store', bindingProblem);
    app.exit(1);
    return null;
  }
  let services: Services;
  try {
    services = createServices(dbFile, { vault: electronKeyVault() });
    services.startMaintenance();
  } catch (e) {
    dialog.showErrorBox('GCM Review cannot open its store', `${dbFile}\n\n${e instanceof Error ? e.message : String(e)}`);
    app.exit(1);
    return null;
  }
  app.on('will-quit', () => services.close());

  serveApp(path.join(app.getAppPath(), 'dist-renderer'));
  // One contract: the desktop app's own implementation of printToPdf replaces the plain-Node refusal.
  registerApi({ ...services.handlers, printToPdf: printToPdfHandler(services, () => win) }, () => win);
  app.setAboutPanelOptions({ applicationName: 'GCM Review', applicationVersion: APP_VERSION, copyright: 'Global Compact for Migration — national review' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, () => app.showAboutPanel())));

  const open = () => {
    win = createMainWindow(path.join(__dirname, 'preload.cjs'));
    win.on('closed', () => {
      win = null;
      if (quitting) app.quit();
    });
  };
  open();
  win!.once('ready-to-show', () => console.log(READY_LINE)); // the npm start launcher waits for this
  app.on('activate', () => {
    if (!win) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  return { services, window: () => win };
}

/** Any other failure while starting: say so and exit, never leave a process without a window. */
function startFailed(e: unknown): null {
  console.error('[gcm-review] failed to start:', e);
  dialog.showErrorBox('GCM Review could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
  return null;
}

export const started: Promise<RunningApp | null> = boot().catch(startFailed);
