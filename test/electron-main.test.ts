/**
 * main.ts wiring, with `electron` replaced by a recording fake (the binary cannot run here) and
 * the real services on a temp SQLite file (GCM_REVIEW_DB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from '../main/electron/channels';
import { CSP } from '../main/host/server';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-electron-main-'));
const dbFile = path.join(dir, 'store.sqlite');
let running: Awaited<typeof import('../main/electron/main')['started']>;

beforeAll(async () => {
  process.env.GCM_REVIEW_DB = dbFile;
  E.makeAppFolder(path.join(dir, 'app'));
  E.app.getAppPath = () => path.join(dir, 'app');
  E.app.paths.appData = path.join(dir, 'appData');
  const main = await import('../main/electron/main');
  running = await main.started;
});
afterAll(() => {
  running?.services.close();
  delete process.env.GCM_REVIEW_DB;
  fs.rmSync(dir, { recursive: true, force: true });
});

const win = () => E.BrowserWindow.instances[0]!;
const contents = () => win().webContents;
const invokeApi = (event: unknown, message: unknown) => E.ipcMain.handlers.get(API_CHANNEL)!(event, message) as Promise<any>;
const ourEvent = () => ({ sender: contents(), senderFrame: contents().mainFrame });

describe('Electron main process', () => {
  it('boots: single-instance lock, sandbox for all, store from GCM_REVIEW_DB, userData = "GCM Review"', async () => {
    expect(running).not.toBeNull();
    expect(E.app.sandboxEnabled).toBe(true);
    expect(running!.services.store.file).toBe(dbFile);
    expect(E.app.getPath('userData')).toBe(path.join(dir, 'appData', 'GCM Review'));
    const info = await invokeApi(ourEvent(), { method: 'appInfo', input: {} });
    expect(info).toMatchObject({ ok: true, value: { dbPath: dbFile } });
  });

  it('opens one window with exactly the required web preferences, from app://gcm', () => {
    expect(E.BrowserWindow.instances).toHaveLength(1);
    const wp = win().options.webPreferences;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(wp.preload).toMatch(/preload\.cjs$/);
    expect(path.isAbsolute(wp.preload)).toBe(true);
    expect(wp).not.toHaveProperty('enableBlinkFeatures');
    expect(win().loadedUrl).toBe('app://gcm/index.html');
  });

  it('reloads the page after a crash, not after a clean exit', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    win().loadedUrl = null;
    contents().emit('render-process-gone', new E.FakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(win().loadedUrl).toBeNull();
    contents().emit('render-process-gone', new E.FakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(win().loadedUrl).toBe('app://gcm/index.html');
  });

  it('registers app:// as a privileged standard, secure scheme and serves the renderer with the CSP', async () => {
    expect(E.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const handler = E.protocol.handlers.get('app')!;
    const res = await handler(new Request('app://gcm/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toContain('<title>GCM Review</title>');
    expect((await handler(new Request('app://gcm/../../store.sqlite'))).status).not.toBe(200);
  });

  it('prevents navigation away from the app; vetted web links go to the OS browser, others nowhere', () => {
    E.shell.openExternal.mockClear();
    const foreign = new E.FakeEvent('https://www.un.org/migration');
    contents().emit('will-navigate', foreign);
    expect(foreign.defaultPrevented).toBe(true);
    expect(E.shell.openExternal).toHaveBeenCalledWith('https://www.un.org/migration');

    const file = new E.FakeEvent('file:///etc/passwd');
    contents().emit('will-navigate', file);
    expect(file.defaultPrevented).toBe(true);
    expect(E.shell.openExternal).toHaveBeenCalledTimes(1);

    const inApp = new E.FakeEvent('app://gcm/index.html#/drafts');
    contents().emit('will-navigate', inApp);
    expect(inApp.defaultPrevented).toBe(false);

    const redirect = new E.FakeEvent('https://evil.example/');
    contents().emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const frame = new E.FakeEvent('https://evil.example/frame');
    contents().emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
  });

  it('denies every new window (and only hands vetted links to the OS)', () => {
    E.shell.openExternal.mockClear();
    expect(contents().windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents().windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents().windowOpenHandler!({ url: 'app://gcm/index.html' })).toEqual({ action: 'deny' });
    expect(E.shell.openExternal.mock.calls).toEqual([['https://example.org/']]);
  });

  it('hardens any other webContents too: no webviews, no windows', () => {
    const other = new E.FakeWebContents();
    E.app.emit('web-contents-created', new E.FakeEvent(), other);
    const attach = new E.FakeEvent();
    other.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    const nav = new E.FakeEvent('https://evil.example/');
    other.emit('will-navigate', nav);
    expect(nav.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check, and blocks network and file requests', () => {
    const s = E.session.defaultSession;
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      let granted: boolean | undefined;
      s.permissionRequestHandler!(contents(), p, (ok) => (granted = ok));
      expect(granted, p).toBe(false);
      expect(s.permissionCheckHandler!(contents(), p, 'app://gcm', {})).toBe(false);
    }
    expect(s.devicePermissionHandler!({})).toBe(false);
    expect(s.blocked!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'file:///*']));
    let result: { cancel: boolean } | undefined;
    s.blocked!.fn({ url: 'https://tracker.example/' }, (r) => (result = r));
    expect(result).toEqual({ cancel: true });
  });

  it('a second instance focuses the first window', () => {
    const before = win().focused;
    E.app.emit('second-instance', new E.FakeEvent(), ['gcm-review'], dir);
    expect(win().focused).toBe(before + 1);
  });

  it('has an application menu with Edit roles and Help > About', () => {
    const t = (E.Menu.current as { template: Array<{ label?: string; role?: string; submenu?: Array<{ role?: string; label?: string; click?: () => void }> }> }).template;
    expect(t.find((m) => m.label === 'Edit')!.submenu!.map((i) => i.role)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste']));
    t.find((m) => m.role === 'help')!.submenu!.find((i) => i.label === 'About GCM Review')!.click!();
    expect(E.app.showAboutPanel).toHaveBeenCalled();
  });

  it('IPC: a foreign or framed sender is refused and nothing reaches the services', async () => {
    const before = await invokeApi(ourEvent(), { method: 'listDrafts', input: {} });
    const create = { method: 'createDraft', input: { title: 'Injected' } };
    const foreignFrame = new E.FakeFrame('https://evil.example/');
    const subFrame = Object.assign(new E.FakeFrame('app://gcm/index.html'), { parent: contents().mainFrame });
    for (const event of [
      { sender: contents(), senderFrame: foreignFrame },
      { sender: contents(), senderFrame: subFrame },
      { sender: new E.FakeWebContents(), senderFrame: new E.FakeFrame('app://gcm/index.html') },
      { sender: contents(), senderFrame: null },
    ]) {
      const r = await invokeApi(event, create);
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await invokeApi(ourEvent(), { method: 'listDrafts', input: {} })).toEqual(before);
  });

  it('IPC: malformed payloads get an error envelope, never a crash, and change nothing', async () => {
    const before = await invokeApi(ourEvent(), { method: 'listDrafts', input: {} });
    for (const bad of [null, 42, 'createDraft', [], {}, { method: 7 }, { method: 'createDraft' , input: { title: '' } }, { method: 'createDraft', input: { title: 'x', extra: 1 } }, { method: 'dropTables', input: {} }, { method: 'createDraft', input: {}, more: true }]) {
      const r = await invokeApi(ourEvent(), bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(r.error.code).toBe('invalid_input');
    }
    expect(await invokeApi(ourEvent(), { method: 'listDrafts', input: {} })).toEqual(before);
  });

  it('IPC: a valid call reaches the real services and returns their result', async () => {
    const created = await invokeApi(ourEvent(), { method: 'createDraft', input: { title: 'Morocco — national review 2020', country: 'Morocco' } });
    expect(created.ok).toBe(true);
    const list = await invokeApi(ourEvent(), { method: 'listDrafts', input: {} });
    expect(list.value.map((d: { id: string; title: string }) => [d.id, d.title])).toContainEqual([created.value.id, 'Morocco — national review 2020']);
    expect(running!.services.drafts.get(created.value.id).country).toBe('Morocco');
  });

  it('closing asks the renderer to flush, waits for its answer from this window, then closes', () => {
    const w = win();
    w.close();
    expect(w.isDestroyed()).toBe(false);
    const req = contents().sent.find((s) => s.channel === FLUSH_REQUEST_CHANNEL)!;
    expect(req).toBeDefined();
    const id = req.args[0];
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: new E.FakeWebContents() }, id); // another sender: ignored
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: contents() }, 'other-id'); // wrong id: ignored
    expect(w.isDestroyed()).toBe(false);
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: contents() }, id);
    expect(w.isDestroyed()).toBe(true);
    expect(E.ipcMain.listenerCount(FLUSH_DONE_CHANNEL)).toBe(0);
    E.app.emit('window-all-closed');
    expect(E.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });
});
