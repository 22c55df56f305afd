/**
 * Print to PDF in the desktop app, with the Electron fake: the hidden window runs no script, is
 * sandboxed, has no preload, loads the print HTML from a data: URL, and the bytes printToPDF
 * returns land where the save dialog says. The plain-Node handler (browser mode, CLI) refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL } from '../main/electron/channels';
import { registerApi } from '../main/electron/ipc';
import { printToPdfHandler } from '../main/electron/print-pdf';
import { invoke } from '../main/dispatch';
import { textToDoc } from '../shared/plaintext';
import * as E from './electron-fake';
import { makeServices, storeSnapshot, tempDir } from './helpers';

vi.mock('electron', () => import('./electron-fake'));

async function draft() {
  const services = makeServices();
  const draftId = (await invoke(services.handlers, 'createDraft', { title: 'Maroc — revue nationale' })).id;
  await invoke(services.handlers, 'saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: textToDoc('التنسيق بين الوزارات\n\n- Interior\n- Labour') }, baseRevisionId: null });
  return { services, draftId };
}

beforeEach(() => {
  E.BrowserWindow.instances.length = 0;
  E.dialog.showSaveDialog.mockClear();
  E.dialog.nextSavePath = null;
});

describe('printToPdf', () => {
  it('renders the print HTML in a hidden sandboxed window without JavaScript or preload, and writes the PDF where the dialog says', async () => {
    const { services, draftId } = await draft();
    const main = new E.BrowserWindow({});
    const handlers = { ...services.handlers, printToPdf: printToPdfHandler(services, () => main as never) };
    const unregister = registerApi(handlers, () => main as never);
    const out = path.join(tempDir(), 'review');
    E.dialog.nextSavePath = out; // the user typed a name without .pdf

    const env = (await E.ipcMain.handlers.get(API_CHANNEL)!({ sender: main.webContents, senderFrame: main.webContents.mainFrame }, { method: 'printToPdf', input: { draftId } })) as any;
    expect(env.ok).toBe(true);
    expect(env.value).toMatchObject({ file: `${out}.pdf` });

    const [, printWin] = E.BrowserWindow.instances;
    expect(printWin).toBeDefined();
    const wp = printWin!.options.webPreferences;
    expect(wp).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect('preload' in wp).toBe(false);
    expect(printWin!.options.show).toBe(false);
    expect(printWin!.destroyed).toBe(true); // one window per print, gone afterwards
    // the page is the print HTML, with its own no-script CSP, from a data: URL
    const url = printWin!.loadedUrl!;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    const html = Buffer.from(url.split(',')[1]!, 'base64').toString('utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('التنسيق بين الوزارات');
    expect(html).not.toMatch(/<script/i);
    expect(printWin!.webContents.printOptions).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }]);

    // the bytes printToPDF returned are the file's
    const written = fs.readFileSync(`${out}.pdf`);
    expect(written.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect(written.toString()).toBe(`%PDF-1.7 fake\n${url}`);
    expect(env.value.bytes).toBe(written.length);
    // the dialog was modal to the app window and proposed the draft's title
    expect(E.dialog.showSaveDialog.mock.calls[0]![0]).toBe(main);
    expect((E.dialog.showSaveDialog.mock.calls[0]![1] as { defaultPath: string }).defaultPath).toBe('Maroc — revue nationale.pdf');
    unregister();
    services.close();
  });

  it('cancelling the dialog writes nothing and opens no print window', async () => {
    const { services, draftId } = await draft();
    const r = await invoke({ ...services.handlers, printToPdf: printToPdfHandler(services, () => null) }, 'printToPdf', { draftId });
    expect(r).toEqual({ file: null, bytes: 0 });
    expect(E.BrowserWindow.instances).toHaveLength(0);
    services.close();
  });

  it('without the desktop app (browser mode, CLI) the contract call refuses, changing nothing', async () => {
    const { services, draftId } = await draft();
    const before = storeSnapshot(services);
    await expect(invoke(services.handlers, 'printToPdf', { draftId })).rejects.toMatchObject({ code: 'forbidden', message: 'printing to PDF needs the desktop app; in the browser use Print' });
    expect(storeSnapshot(services)).toBe(before);
    services.close();
  });
});
