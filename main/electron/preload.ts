/**
 * The preload (sandboxed, context-isolated): exposes `window.api` — the contract over ONE IPC
 * channel — and `window.desktop` (the flush-before-close subscription). Nothing else.
 * Bundled by build/build-electron.mjs into one CommonJS file that requires only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Api } from '../../shared/contract';
import { makeApi, type Envelope } from '../../shared/contract/client';
import type { DesktopBridge } from '../../shared/desktop';
import { bridgeSafeApi, makeDesktopBridge } from './preload-core';
import { API_CHANNEL, FLUSH_DONE_CHANNEL, FLUSH_REQUEST_CHANNEL } from './channels';

const api = bridgeSafeApi(makeApi((method, input) => ipcRenderer.invoke(API_CHANNEL, { method, input }) as Promise<Envelope>)) satisfies Api;

const desktop = makeDesktopBridge((onRequest) => {
  ipcRenderer.on(FLUSH_REQUEST_CHANNEL, (_event, id: unknown) => {
    void onRequest().then(() => ipcRenderer.send(FLUSH_DONE_CHANNEL, id));
  });
}) satisfies DesktopBridge;

contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('desktop', desktop);
