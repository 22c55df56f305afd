/**
 * A small stand-in for the `electron` module (the binary cannot run here), used with
 * `vi.mock('electron', () => import('./electron-fake'))`. It records what the app asks of
 * Electron so tests can assert the wiring; our own services, store and dispatch are real.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { electronBindingFile, nodeBindingFile } from '../main/native/binding-path';

export class FakeEvent {
  defaultPrevented = false;
  constructor(public url = '') {}
  preventDefault() {
    this.defaultPrevented = true;
  }
}

let nextId = 1;
export class FakeFrame {
  parent: FakeFrame | null = null;
  routingId = nextId++;
  processId = 1;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  id = nextId++;
  mainFrame = new FakeFrame('app://gcm/index.html');
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  isDestroyed() {
    return this.destroyed;
  }
  isCrashed() {
    return false;
  }
  /** Records the options; the bytes are the page that was loaded, so a test can tell what was printed. */
  printOptions: unknown[] = [];
  loadedUrl: string | null = null;
  /** What our app:// handler answered for the loaded URL (null for other schemes). */
  loadedPage: { status: number; body: string; csp: string | null } | null = null;
  async printToPDF(options: unknown): Promise<Buffer> {
    this.printOptions.push(options);
    return Buffer.concat([Buffer.from('%PDF-1.7 fake\n'), Buffer.from(this.loadedPage?.body ?? this.loadedUrl ?? '')]);
  }
  /** The page's `beforeunload` objects to unloading (some text is at risk). */
  beforeUnloadObjects = false;
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  focused = 0;
  closeCalls = 0;
  constructor(public options: Record<string, any>) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  /** Like Electron: app:// URLs are fetched through the handler the app registered for the scheme. */
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.loadedUrl = url;
    const handler = protocol.handlers.get(url.split(':')[0]!);
    if (!handler) return;
    const res = await handler(new Request(url));
    this.webContents.loadedPage = { status: res.status, body: await res.text(), csp: res.headers.get('content-security-policy') };
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /**
   * Like Electron: emits 'close' (cancellable); then the page's beforeunload runs, and if it
   * objects, 'will-prevent-unload' on the webContents, where preventDefault() means "unload
   * anyway"; otherwise the close is cancelled silently. Then 'closed'.
   */
  close() {
    this.closeCalls++;
    const e = new FakeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    if (this.webContents.beforeUnloadObjects) {
      const unload = new FakeEvent();
      this.webContents.emit('will-prevent-unload', unload);
      if (!unload.defaultPrevented) return;
    }
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {}
  focus() {
    this.focused++;
  }
}

class FakeApp extends EventEmitter {
  paths: Record<string, string> = { appData: path.join(os.tmpdir(), 'gcm-fake-appdata') };
  lock = true;
  quit = vi.fn();
  exit = vi.fn();
  sandboxEnabled = false;
  requestSingleInstanceLock() {
    return this.lock;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    return this.paths[name] ?? path.join(os.tmpdir(), `gcm-fake-${name}`);
  }
  setPath(name: string, p: string) {
    this.paths[name] = p;
  }
  getAppPath() {
    return path.resolve('.');
  }
  enableSandbox() {
    this.sandboxEnabled = true;
  }
  locale = 'en-US';
  getLocale() {
    return this.locale;
  }
  getSystemLocale() {
    return 'fr-MA';
  }
  preferredSystemLanguages = ['ar-JO', 'en-US'];
  getPreferredSystemLanguages() {
    return this.preferredSystemLanguages;
  }
  setAboutPanelOptions = vi.fn();
  showAboutPanel = vi.fn();
}
export const app = new FakeApp();

type Invoke = (event: unknown, ...args: unknown[]) => unknown;
class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, Invoke>();
  handle(channel: string, fn: Invoke) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (req: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, fn: (req: Request) => Promise<Response> | Response) {
    this.handlers.set(scheme, fn);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void),
    permissionCheckHandler: null as null | ((...a: unknown[]) => boolean),
    devicePermissionHandler: null as null | ((...a: unknown[]) => boolean),
    blocked: null as null | { filter: { urls: string[] }; fn: (d: unknown, cb: (r: { cancel: boolean }) => void) => void },
    setPermissionRequestHandler(fn: any) {
      this.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn: any) {
      this.permissionCheckHandler = fn;
    },
    setDevicePermissionHandler(fn: any) {
      this.devicePermissionHandler = fn;
    },
    dictionaryDownloadUrl: null as string | null,
    setSpellCheckerDictionaryDownloadURL(url: string) {
      this.dictionaryDownloadUrl = url;
    },
    webRequest: {
      onBeforeRequest(filter: { urls: string[] }, fn: any) {
        session.defaultSession.blocked = { filter, fn };
      },
    },
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => {}) };
export const dialog = {
  showErrorBox: vi.fn(),
  /** What the user picks in the next save dialogs (a path, or null to cancel). */
  nextSavePath: null as string | null,
  showSaveDialog: vi.fn(async (..._args: unknown[]) => (dialog.nextSavePath ? { canceled: false, filePath: dialog.nextSavePath } : { canceled: true, filePath: '' })),
  /** What the user picks in the next open dialogs (paths, or null to cancel). */
  nextOpenPaths: null as string[] | null,
  showOpenDialog: vi.fn(async (..._args: unknown[]) => (dialog.nextOpenPaths ? { canceled: false, filePaths: dialog.nextOpenPaths } : { canceled: true, filePaths: [] })),
  /** The button index the user clicks in the next message boxes. */
  nextButton: 0,
  showMessageBoxSync: vi.fn((..._args: unknown[]) => dialog.nextButton),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: dialog.nextButton, checkboxChecked: false })),
};
export const Menu = {
  current: null as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: unknown) {
    this.current = menu;
  },
};

/**
 * An app folder as `electron .` would see it: the built renderer's index.html, and the "Electron"
 * binding for this runtime (here Node is the runtime, so it is a copy of node_modules' Node build,
 * in the folder the Electron build goes to). Returns the binding's path.
 */
export function makeAppFolder(appDir: string): string {
  fs.mkdirSync(path.join(appDir, 'dist-renderer'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'dist-renderer', 'index.html'), '<!doctype html><title>GCM Review</title>');
  const binding = electronBindingFile(appDir, { abi: process.versions.modules, platform: process.platform, arch: process.arch });
  fs.mkdirSync(path.dirname(binding), { recursive: true });
  fs.copyFileSync(nodeBindingFile(path.resolve(__dirname, '..')), binding);
  return binding;
}

/**
 * A fake OS keychain with Electron 45's asynchronous safeStorage API only (the synchronous one is
 * deprecated, and gone in Electron 46): real AES-256-GCM under a key that lives only in this
 * process. `calls` counts every use; `locked` holds every answer back until `unlock()` (a locked
 * Linux keyring waiting for its password).
 */
import crypto from 'node:crypto';
const osKey = crypto.randomBytes(32);
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  calls: 0,
  rotated: false,
  locked: null as null | Promise<void>,
  release: () => {},
  lock() {
    this.locked = new Promise((r) => (this.release = () => r()));
  },
  unlock() {
    this.release();
    this.locked = null;
  },
  async isAsyncEncryptionAvailable() {
    this.calls++;
    await this.locked;
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  async encryptStringAsync(text: string) {
    this.calls++;
    await this.locked;
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', osKey, iv);
    const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  async decryptStringAsync(buf: Buffer) {
    this.calls++;
    await this.locked;
    const d = crypto.createDecipheriv('aes-256-gcm', osKey, buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    return { shouldReEncrypt: this.rotated, result: Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8') };
  },
};

/** Renderer side (preload tests). */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined),
  send: vi.fn((_channel: string, ..._args: unknown[]) => {}),
});

export default { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, safeStorage, contextBridge, ipcRenderer };
