/**
 * The Electron main process. One instance per user; one locked-down window loading the renderer
 * from app://gcm; the contract served over one IPC channel by the same services as the CLI and
 * browser mode; the store in the user's data folder (or GCM_REVIEW_DB), opened through the
 * Electron-ABI better-sqlite3 binding. Any failure while starting ends in a message and exit 1,
 * never in a process without a window.
 */
import path from 'node:path';
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { createServices, type Services } from '../services';
import { APP_VERSION } from '../services/version';
import { StoreGate } from '../store-gate';
import { setWriterKind } from '../store/lock';
import { storeNeedsUpgrade, upgradeOnWorker } from '../store/upgrade';
import { DATA_DIR_NAME, defaultDbPath } from '../store/store';
import { attachFilesFromDiskHandler } from './attach-picker';
import { setUpNativeBinding } from './binding';
import { desktopText, type DesktopText } from './desktop-text';
import { hardenWebContents, lockDownSession } from './harden';
import { electronKeyVault } from './key-vault';
import { registerApi } from './ipc';
import { menuTemplate } from './menu';
import { printToPdfHandler } from './print-pdf';
import { OneTimePages } from './print-pages';
import { registerAppScheme, serveApp } from './protocol';
import { READY_LINE } from './ready-line';
import { createMainWindow } from './window';

export interface RunningApp {
  services: Services;
  window(): BrowserWindow | null;
}

/** Words for dialogs before the store is open: the system's language. */
const systemText = (): DesktopText => desktopText(null, app.getLocale());

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
  let open: (() => void) | null = null; // set once the app is ready
  let quitting = false;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return open?.(); // macOS: the app runs with no window open
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('before-quit', () => {
    quitting = true;
  });

  await app.whenReady();
  lockDownSession(session.defaultSession, (contents) => !!win && !win.isDestroyed() && contents === win.webContents);

  setWriterKind('app');
  const dbFile = defaultDbPath(process.env, app.getPath('userData'));
  const bindingProblem = setUpNativeBinding(app.getAppPath());
  if (bindingProblem) {
    dialog.showErrorBox(systemText().boot.storeFailed, bindingProblem);
    app.exit(1);
    return null;
  }
  let services: Services | null = null;
  const text = () => desktopText(services?.store.getSetting('ui.language') ?? null, app.getLocale());
  const getWindow = () => win;

  const printPages = new OneTimePages();
  serveApp(path.join(app.getAppPath(), 'dist-renderer'), printPages);
  // One contract on one channel, through a gate: while an older store upgrades only storeStatus
  // answers (the window shows the progress); then the services (main/store-gate.ts).
  const gate = new StoreGate();

  open = () => {
    const w = createMainWindow(path.join(__dirname, 'preload.cjs'), {
      text,
      onStay: () => (quitting = false),
      quit: () => app.quit(),
    });
    w.once('ready-to-show', () => console.log(READY_LINE)); // the npm start launcher waits for this
    w.on('closed', () => {
      if (win === w) win = null;
      if (quitting) app.quit();
    });
    win = w;
  };

  // A store from an older version (minutes at a million revisions): the window first, showing the
  // upgrade's progress, while the store is upgraded on a worker thread; then it opens as always.
  const upgrading = storeNeedsUpgrade(dbFile);
  if (upgrading) {
    registerApi(gate, getWindow);
    open();
    try {
      await upgradeOnWorker(dbFile, gate.progress).done;
    } catch (e) {
      dialog.showErrorBox(systemText().boot.storeFailed, `${dbFile}\n\n${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
      return null;
    }
  }
  let opened: Services;
  try {
    // The vault is found out when a signing key is first needed, not here: a locked keyring
    // must not hold back the window.
    opened = services = createServices(dbFile, { vault: electronKeyVault() });
    services.startMaintenance();
  } catch (e) {
    dialog.showErrorBox(systemText().boot.storeFailed, `${dbFile}\n\n${e instanceof Error ? e.message : String(e)}`);
    app.exit(1);
    return null;
  }
  app.on('will-quit', () => opened.close());
  // One contract: the desktop app's own implementations replace the plain-Node refusals.
  gate.open({
    ...opened.handlers,
    // the system's locales with their regions, for the interface's Arabic dates (the window's navigator.languages have none):
    // the regional format first (what the system writes dates in), then the preferred languages
    appInfo: async (input) => ({ ...(await opened.handlers.appInfo(input)), systemLocales: [app.getSystemLocale(), ...app.getPreferredSystemLanguages()].filter(Boolean).slice(0, 50) }),
    printToPdf: printToPdfHandler(opened, getWindow, printPages, text),
    attachFilesFromDisk: attachFilesFromDiskHandler(opened.handlers, getWindow, text),
  });
  if (!upgrading) registerApi(gate, getWindow);
  app.setAboutPanelOptions({ applicationName: 'GCM Review', applicationVersion: APP_VERSION, copyright: 'Global Compact for Migration — national review' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, () => app.showAboutPanel())));

  if (!win) open();
  app.on('activate', () => {
    if (!win) open?.();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  return { services: opened, window: () => win };
}

/** Any other failure while starting: say so and exit, never leave a process without a window. */
function startFailed(e: unknown): null {
  console.error('[gcm-review] failed to start:', e);
  let title = 'GCM Review could not start';
  try {
    title = systemText().boot.failed;
  } catch {
    /* the words themselves failed: English */
  }
  dialog.showErrorBox(title, e instanceof Error ? e.message : String(e));
  app.exit(1);
  return null;
}

export const started: Promise<RunningApp | null> = boot().catch(startFailed);
