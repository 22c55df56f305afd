/**
 * main.ts wiring, with `electron` replaced by a recording fake (the binary cannot run here) and
 * the real services on a temp SQLite file (GCM_REVIEW_DB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from '../main/electron/channels';
import { RELOAD_DELAYS_MS } from '../main/electron/crash-policy';
import { OFFLINE_DICTIONARY_URL } from '../main/electron/harden';
import { READY_LINE } from '../main/electron/ready-line';
import { windowPreferencesDrift } from '../main/electron/web-preferences';
import { CSP } from '../main/host/server';
import * as E from './electron-fake';

vi.mock('electron', () => import('./electron-fake'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-electron-main-'));
const keychainCallsAtBoot = { n: -1 };
const dbFile = path.join(dir, 'store.sqlite');
let running: Awaited<typeof import('../main/electron/main')['started']>;

beforeAll(async () => {
  process.env.GCM_REVIEW_DB = dbFile;
  E.makeAppFolder(path.join(dir, 'app'));
  E.app.getAppPath = () => path.join(dir, 'app');
  E.app.paths.appData = path.join(dir, 'appData');
  const main = await import('../main/electron/main');
  running = await main.started;
  keychainCallsAtBoot.n = E.safeStorage.calls;
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
    // with the system's locales and their regions, for the interface's Arabic dates (the window's navigator.languages carry none): the regional format first
    expect(info).toMatchObject({ ok: true, value: { dbPath: dbFile, systemLocales: ['fr-MA', 'ar-JO', 'en-US'] } });
  });

  it('opens one window with exactly the required web preferences, from app://gcm', () => {
    expect(E.BrowserWindow.instances).toHaveLength(1);
    const wp = win().options.webPreferences;
    expect(windowPreferencesDrift(wp)).toEqual([]);
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

  it('reloads the page after a crash, waiting longer each time; not after a clean exit; after 4 stops in 5 minutes the user decides', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const stop = (reason: string) => contents().emit('render-process-gone', new E.FakeEvent(), { reason, exitCode: 139 });
      win().loadedUrl = null;
      stop('clean-exit');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(win().loadedUrl).toBeNull();
      for (const delay of RELOAD_DELAYS_MS) {
        stop('crashed');
        await vi.advanceTimersByTimeAsync(delay - 1);
        expect(win().loadedUrl).toBeNull(); // not yet: it backs off
        await vi.advanceTimersByTimeAsync(1);
        expect(win().loadedUrl).toBe('app://gcm/index.html');
        win().loadedUrl = null;
      }
      // the fourth stop within five minutes: no reload; a dialog in the user's words (Reload / Quit)
      E.dialog.showMessageBox.mockClear();
      E.dialog.nextButton = 1; // Quit
      E.app.quit.mockClear();
      stop('oom');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(win().loadedUrl).toBeNull();
      const [parent, box] = E.dialog.showMessageBox.mock.calls[0]! as [unknown, { message: string; buttons: string[] }];
      expect(parent).toBe(win());
      expect(box.message).toBe('The GCM Review window stopped 4 times in a row and is not reloaded again.');
      expect(box.buttons).toEqual(['Reload', 'Quit']);
      expect(E.app.quit).toHaveBeenCalledOnce();
      // choosing Reload starts afresh
      E.dialog.nextButton = 0;
      stop('crashed');
      await vi.advanceTimersByTimeAsync(0);
      expect(win().loadedUrl).toBe('app://gcm/index.html');
      win().loadedUrl = null;
      stop('crashed');
      await vi.advanceTimersByTimeAsync(RELOAD_DELAYS_MS[0]!);
      expect(win().loadedUrl).toBe('app://gcm/index.html');
    } finally {
      vi.useRealTimers();
      E.dialog.nextButton = 0;
    }
  });

  it('tells the npm start launcher when the window is shown', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    win().emit('ready-to-show');
    expect(log).toHaveBeenCalledWith(READY_LINE);
    log.mockRestore();
  });

  it('does not touch the keychain to start: the window opens even if the keyring is locked', () => {
    expect(keychainCallsAtBoot.n).toBe(0);
    expect(E.BrowserWindow.instances).toHaveLength(1);
  });

  it('the first signing key waits for a locked keyring without blocking other calls, then is sealed by it', async () => {
    running!.services.store.setSetting('identity.name', 'Amina El Idrissi');
    running!.services.store.setSetting('identity.organisation', 'Ministère de l’Intérieur');
    E.safeStorage.lock();
    let settled = false;
    const key = invokeApi(ourEvent(), { method: 'ensureSigningKey', input: {} }).then((r) => ((settled = true), r));
    const drafts = await invokeApi(ourEvent(), { method: 'listDrafts', input: {} });
    expect(drafts.ok).toBe(true); // the main process answers while the keyring is locked
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    E.safeStorage.unlock();
    const r = await key;
    expect(r).toMatchObject({ ok: true, value: { fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
    const row = running!.services.store.db.prepare('SELECT vault_kind FROM signing_keys').get() as { vault_kind: string };
    expect(row.vault_kind).toBe(process.platform === 'linux' ? 'os-keychain:gnome_libsecret' : `os-keychain:${process.platform}`);
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

  it('denies every permission request and check, but clipboard writing to our own window; blocks network and file requests', () => {
    const s = E.session.defaultSession;
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      let granted: boolean | undefined;
      s.permissionRequestHandler!(contents(), p, (ok) => (granted = ok), { requestingUrl: 'app://gcm/index.html' });
      expect(granted, p).toBe(false);
      expect(s.permissionCheckHandler!(contents(), p, 'app://gcm', {})).toBe(false);
    }
    // "Copy fingerprint": navigator.clipboard.writeText asks for clipboard-sanitized-write
    const ask = (wc: unknown, url: string) => {
      let granted: boolean | undefined;
      s.permissionRequestHandler!(wc, 'clipboard-sanitized-write', (ok) => (granted = ok), { requestingUrl: url });
      return granted;
    };
    expect(ask(contents(), 'app://gcm/index.html#/identity')).toBe(true);
    expect(s.permissionCheckHandler!(contents(), 'clipboard-sanitized-write', 'app://gcm', {})).toBe(true);
    expect(ask(new E.FakeWebContents(), 'app://gcm/index.html')).toBe(false); // another window (the print window)
    expect(ask(contents(), 'https://evil.example/')).toBe(false); // a foreign page in our window
    expect(ask(null, 'app://gcm/index.html')).toBe(false);
    expect(s.permissionCheckHandler!(new E.FakeWebContents(), 'clipboard-sanitized-write', 'app://gcm', {})).toBe(false);
    expect(s.devicePermissionHandler!({})).toBe(false);
    expect(s.blocked!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'file:///*']));
    let result: { cancel: boolean } | undefined;
    s.blocked!.fn({ url: 'https://tracker.example/' }, (r) => (result = r));
    expect(result).toEqual({ cancel: true });
  });

  it('spellcheck never downloads dictionaries: their URL is on our own scheme', () => {
    expect(E.session.defaultSession.dictionaryDownloadUrl).toBe(OFFLINE_DICTIONARY_URL);
    expect(OFFLINE_DICTIONARY_URL).toMatch(/^app:\/\/gcm\//);
    expect(win().options.webPreferences.spellcheck).toBe(true);
  });

  it('attachments from disk: the system dialog, then each file attached by path, with no upload cap', async () => {
    const draft = await invokeApi(ourEvent(), { method: 'createDraft', input: { title: 'Pièces jointes' } });
    const files = path.join(dir, 'evidence');
    fs.mkdirSync(files);
    const big = path.join(files, 'rapport-annuel.pdf');
    fs.writeFileSync(big, Buffer.alloc(25 * 1024 * 1024, 7)); // over the 20 MB an upload may carry
    fs.writeFileSync(path.join(files, 'قانون.txt'), 'نص القانون');
    E.dialog.nextOpenPaths = [big, path.join(files, 'قانون.txt')];
    const r = await invokeApi(ourEvent(), { method: 'attachFilesFromDisk', input: { draftId: draft.value.id, field: 'II.c' } });
    expect(r.ok).toBe(true);
    expect(r.value.map((a: { name: string; size: number }) => [a.name, a.size])).toEqual([
      ['rapport-annuel.pdf', 25 * 1024 * 1024],
      ['قانون.txt', Buffer.byteLength('نص القانون')],
    ]);
    const [parent, options] = E.dialog.showOpenDialog.mock.calls.at(-1)! as [unknown, { properties: string[] }];
    expect(parent).toBe(win());
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    const listed = await invokeApi(ourEvent(), { method: 'listAttachments', input: { draftId: draft.value.id, field: 'II.c' } });
    expect(listed.value).toHaveLength(2);
    E.dialog.nextOpenPaths = null; // cancelled
    expect(await invokeApi(ourEvent(), { method: 'attachFilesFromDisk', input: { draftId: draft.value.id, field: 'II.c' } })).toEqual({ ok: true, value: [] });
    E.dialog.nextOpenPaths = [path.join(files, 'missing.pdf')];
    const missing = await invokeApi(ourEvent(), { method: 'attachFilesFromDisk', input: { draftId: draft.value.id, field: 'II.c' } });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^missing\.pdf: /) } });
    expect((await invokeApi(ourEvent(), { method: 'listAttachments', input: { draftId: draft.value.id, field: 'II.c' } })).value).toHaveLength(2);
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

  it('Windows ending the session: held while the page saves, then the window closes and the app quits', () => {
    const w = win();
    const before = contents().sent.filter((x) => x.channel === FLUSH_REQUEST_CHANNEL).length;
    const end = new E.FakeEvent();
    w.emit('query-session-end', Object.assign(end, { reasons: ['logoff'] }));
    expect(end.defaultPrevented).toBe(true);
    const reqs = contents().sent.filter((x) => x.channel === FLUSH_REQUEST_CHANNEL);
    expect(reqs).toHaveLength(before + 1);
    expect(w.isDestroyed()).toBe(false);
    E.app.quit.mockClear();
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: contents() }, reqs.at(-1)!.args[0]);
    expect(w.isDestroyed()).toBe(true);
    E.app.emit('window-all-closed');
    expect(E.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('with no window open (macOS keeps running), a second launch opens one', () => {
    expect(running!.window()).toBeNull();
    const count = E.BrowserWindow.instances.length;
    E.app.emit('second-instance', new E.FakeEvent(), ['gcm-review'], dir);
    expect(E.BrowserWindow.instances).toHaveLength(count + 1);
    expect(running!.window()).toBe(E.BrowserWindow.instances.at(-1));
    expect((running!.window() as unknown as E.BrowserWindow).loadedUrl).toBe('app://gcm/index.html');
  });

  it('closing asks the renderer to flush, waits for its answer from this window, then closes', () => {
    const w = running!.window()! as unknown as E.BrowserWindow;
    const wc = w.webContents;
    w.close();
    expect(w.isDestroyed()).toBe(false);
    const req = wc.sent.find((x) => x.channel === FLUSH_REQUEST_CHANNEL)!;
    expect(req).toBeDefined();
    const id = req.args[0];
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: new E.FakeWebContents() }, id); // another sender: ignored
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: wc }, 'other-id'); // wrong id: ignored
    expect(w.isDestroyed()).toBe(false);
    E.ipcMain.emit(FLUSH_DONE_CHANNEL, { sender: wc }, id);
    expect(w.isDestroyed()).toBe(true);
    expect(E.ipcMain.listenerCount(FLUSH_DONE_CHANNEL)).toBe(0);
    E.app.quit.mockClear();
    E.app.emit('window-all-closed');
    expect(E.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });
});
