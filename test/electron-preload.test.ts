/**
 * The preload, with a fake ipcRenderer wired straight to the real IPC handler and real services:
 * window.api works end to end, errors keep their code across the bridge, and the before-close
 * flush runs the renderer's savers before answering main.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS, type Api } from '../shared/contract';
import { asApiError } from '../shared/contract/client';
import type { DesktopBridge } from '../shared/desktop';
import { API_CHANNEL, FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from '../main/electron/channels';
import { handleApiMessage } from '../main/electron/ipc';
import * as E from './electron-fake';
import { createServices, type Services } from '../main/services';

vi.mock('electron', () => import('./electron-fake'));

let api: Api;
let desktop: DesktopBridge;
let services: Services;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-preload-'));
afterAll(() => {
  services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  services = createServices(path.join(dir, 'store.sqlite'));
  E.ipcRenderer.invoke.mockImplementation(async (channel: string, message: unknown) => {
    expect(channel).toBe(API_CHANNEL);
    // What crosses IPC is structured-cloned.
    const r = await handleApiMessage(services.handlers, { frameUrl: 'app://gcm/index.html', isMainFrame: true, fromAppWindow: true }, structuredClone(message));
    return structuredClone(r);
  });
  await import('../main/electron/preload');
  api = E.contextBridge.exposed.get('api') as Api;
  desktop = E.contextBridge.exposed.get('desktop') as DesktopBridge;
});

describe('preload', () => {
  it('exposes window.api (every contract method) and window.desktop, nothing else', () => {
    expect([...E.contextBridge.exposed.keys()].sort()).toEqual(['api', 'desktop']);
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(desktop)).toEqual(['onBeforeClose']);
  });

  it('window.api calls the real services over the one channel', async () => {
    const d = await api.createDraft({ title: 'Jordan — national review', country: 'Jordan' });
    const list = await api.listDrafts({});
    expect(list.map((x) => x.id)).toContain(d.id);
    expect(E.ipcRenderer.invoke).toHaveBeenCalledWith(API_CHANNEL, { method: 'createDraft', input: { title: 'Jordan — national review', country: 'Jordan' } });
  });

  it('rejects with a plain {code, message} object that survives contextBridge', async () => {
    const e = await api.getDraft({ draftId: 'not-an-id' }).catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(Error); // an Error would lose `code` crossing the bridge
    expect(structuredClone(e)).toMatchObject({ name: 'ApiError', code: 'invalid_input' });
    const err = asApiError(e);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/draftId/);
  });

  it('on a flush request, runs every registered saver, then answers main with the same id', async () => {
    const order: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const off1 = desktop.onBeforeClose(async () => {
      await slow;
      order.push('slow saver');
    });
    desktop.onBeforeClose(() => {
      order.push('failing saver');
      throw new Error('disk full');
    });
    const off3 = desktop.onBeforeClose(() => void order.push('removed'));
    off3();
    E.ipcRenderer.send.mockClear();
    E.ipcRenderer.emit(FLUSH_REQUEST_CHANNEL, {}, 'req-1');
    await new Promise((r) => setTimeout(r, 10));
    expect(E.ipcRenderer.send).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(E.ipcRenderer.send).toHaveBeenCalledWith(FLUSH_DONE_CHANNEL, 'req-1'));
    expect(order.sort()).toEqual(['failing saver', 'slow saver']);
    off1();
    expect(() => desktop.onBeforeClose('x' as never)).toThrow(TypeError);
  });
});
