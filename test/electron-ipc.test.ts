/** The IPC channel over real services on a temp store: sender check, payload validation, results. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../shared/contract';
import { API_CHANNEL } from '../main/electron/channels';
import { registerApi } from '../main/electron/ipc';
import * as E from './electron-fake';
import { makeServices, storeSnapshot } from './helpers';

vi.mock('electron', () => import('./electron-fake'));

/** Real handlers, with a count of how many times any of them ran. */
function counted(handlers: Handlers) {
  let calls = 0;
  const proxy = new Proxy(handlers, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      return typeof v === 'function' ? (...a: unknown[]) => (calls++, v(...a)) : v;
    },
  });
  return { handlers: proxy, calls: () => calls };
}

function setup() {
  const services = makeServices();
  const c = counted(services.handlers);
  const win = new E.BrowserWindow({});
  const unregister = registerApi(c.handlers, () => win as never);
  const invoke = (event: unknown, message: unknown) => E.ipcMain.handlers.get(API_CHANNEL)!(event, message) as Promise<any>;
  const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  return { services, calls: c.calls, win, invoke, ours, unregister };
}

describe('IPC api channel', () => {
  it('refuses foreign senders with an error envelope and never calls a service', async () => {
    const t = setup();
    const snap = storeSnapshot(t.services);
    const msg = { method: 'createDraft', input: { title: 'x' } };
    const navigated = new E.FakeFrame('https://evil.example/');
    Object.assign(navigated, { routingId: t.win.webContents.mainFrame.routingId });
    const cases = [
      { sender: t.win.webContents, senderFrame: navigated }, // our main frame, navigated away
      { sender: t.win.webContents, senderFrame: Object.assign(new E.FakeFrame('app://gcm/'), { parent: t.win.webContents.mainFrame }) },
      { sender: new E.FakeWebContents(), senderFrame: new E.FakeFrame('app://gcm/index.html') },
      { sender: t.win.webContents, senderFrame: null },
      { sender: t.win.webContents, get senderFrame(): never { throw new Error('frame disposed'); } },
    ];
    for (const ev of cases) expect(await t.invoke(ev, msg)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    t.win.destroyed = true;
    expect(await t.invoke(t.ours, msg)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(t.calls()).toBe(0);
    expect(storeSnapshot(t.services)).toBe(snap);
    t.unregister();
  });

  it('rejects malformed payloads (random ones too) with an error envelope, never a throw, never a service call', async () => {
    const t = setup();
    const snap = storeSnapshot(t.services);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ method: fc.constantFrom('createDraft', 'saveField', 'renameDraft', 'restoreRevision', 'nope'), input: fc.anything() }),
        ),
        async (message) => {
          const r = await t.invoke(t.ours, message);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(['invalid_input', 'not_found']).toContain(r.error.code);
        },
      ),
      { numRuns: 300 },
    );
    expect(storeSnapshot(t.services)).toBe(snap);
    t.unregister();
  });

  it('a valid call runs the real service and returns its result', async () => {
    const t = setup();
    const r = await t.invoke(t.ours, { method: 'createDraft', input: { title: 'Tunisie — revue nationale', country: 'Tunisie' } });
    expect(r.ok).toBe(true);
    expect(t.calls()).toBe(1);
    const stored = t.services.drafts.get(r.value.id);
    expect(stored.title).toBe('Tunisie — revue nationale');
    const got = await t.invoke(t.ours, { method: 'getDraft', input: { draftId: r.value.id } });
    expect(got).toEqual({ ok: true, value: JSON.parse(JSON.stringify(stored)) });
    const missing = await t.invoke(t.ours, { method: 'getDraft', input: { draftId: '01890000-0000-7000-8000-000000000000' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    t.unregister();
  });

  it('refuses, even from our own main frame, a call that names a file on disk (files are chosen in main\'s dialogs)', async () => {
    const t = setup();
    const draftId = t.services.drafts.create({ title: 'Target' }).id;
    const before = t.calls();
    const snap = storeSnapshot(t.services);
    for (const message of [
      { method: 'addAttachment', input: { draftId, field: 'II.b', filePath: '/etc/passwd' } },
      { method: 'verifyBundle', input: { file: '/proc/self/environ' } },
      { method: 'deliveryPull', input: { identityFile: '/home/other/.config/age.key' } },
    ]) {
      const r = await t.invoke(t.ours, message);
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(r.error.message).toMatch(new RegExp(`^${message.method}: "\\w+" is a path on this machine`));
    }
    expect(t.calls()).toBe(before);
    expect(storeSnapshot(t.services)).toBe(snap);
    t.unregister();
  });

  it('answers a call name that is an Object.prototype member as an unknown method', async () => {
    const t = setup();
    for (const method of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(await t.invoke(t.ours, { method, input: {} })).toEqual({ ok: false, error: { code: 'invalid_input', message: `unknown method "${method}"` } });
    }
    expect(t.calls()).toBe(0);
    t.unregister();
  });
});
