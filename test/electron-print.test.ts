/**
 * Print to PDF in the desktop app, with the Electron fake: the hidden window runs no script, is
 * sandboxed, has no preload, loads the print HTML once from memory on our own scheme (any size;
 * a data: URL stopped at 2 MB), and the bytes printToPDF returns land where the save dialog says.
 * The plain-Node handler (browser mode, CLI) refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL } from '../main/electron/channels';
import { registerApi } from '../main/electron/ipc';
import { desktopText } from '../main/electron/desktop-text';
import { printToPdfHandler } from '../main/electron/print-pdf';
import { OneTimePages, PRINT_CSP } from '../main/electron/print-pages';
import { windowPreferencesDrift } from '../main/electron/web-preferences';
import { serveApp } from '../main/electron/protocol';
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

const text = () => desktopText(null, 'en-US');
let pages: OneTimePages;

beforeEach(() => {
  pages = new OneTimePages();
  serveApp(tempDir(), pages);
  E.BrowserWindow.instances.length = 0;
  E.dialog.showSaveDialog.mockClear();
  E.dialog.nextSavePath = null;
});

describe('printToPdf', () => {
  it('renders the print HTML in a hidden sandboxed window without JavaScript or preload, and writes the PDF where the dialog says', async () => {
    const { services, draftId } = await draft();
    const main = new E.BrowserWindow({});
    const handlers = { ...services.handlers, printToPdf: printToPdfHandler(services, () => main as never, pages, text) };
    const unregister = registerApi(handlers, () => main as never);
    const out = path.join(tempDir(), 'review');
    E.dialog.nextSavePath = out; // the user typed a name without .pdf

    const env = (await E.ipcMain.handlers.get(API_CHANNEL)!({ sender: main.webContents, senderFrame: main.webContents.mainFrame }, { method: 'printToPdf', input: { draftId } })) as any;
    expect(env.ok).toBe(true);
    expect(env.value).toMatchObject({ file: `${out}.pdf` });

    const [, printWin] = E.BrowserWindow.instances;
    expect(printWin).toBeDefined();
    const wp = printWin!.options.webPreferences;
    expect(windowPreferencesDrift(wp)).toEqual([]);
    expect(wp).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect('preload' in wp).toBe(false);
    expect(printWin!.options.show).toBe(false);
    expect(printWin!.destroyed).toBe(true); // one window per print, gone afterwards
    // the page is the print HTML, served once from memory on our scheme, with its own no-script CSP
    const url = printWin!.loadedUrl!;
    expect(url).toMatch(/^app:\/\/gcm\/__print\/[0-9a-f]{32}\.html$/);
    const page = printWin!.webContents.loadedPage!;
    expect(page.status).toBe(200);
    expect(page.csp).toBe(PRINT_CSP);
    const html = page.body;
    expect(html).toContain(`content="${PRINT_CSP}"`); // the page's own policy is the one served
    expect(html).toContain('التنسيق بين الوزارات');
    expect(html).not.toMatch(/<script/i);
    expect(printWin!.webContents.printOptions).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }]);
    expect(pages.size).toBe(0); // nothing kept after printing
    expect((await E.protocol.handlers.get('app')!(new Request(url))).status).toBe(404); // served once

    // the bytes printToPDF returned are the file's
    const written = fs.readFileSync(`${out}.pdf`);
    expect(written.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect(written.toString()).toBe(`%PDF-1.7 fake\n${html}`);
    expect(env.value.bytes).toBe(written.length);
    // the dialog was modal to the app window and proposed the draft's title
    expect(E.dialog.showSaveDialog.mock.calls[0]![0]).toBe(main);
    expect(E.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({ title: 'Save as PDF', defaultPath: 'Maroc — revue nationale.pdf' });
    unregister();
    services.close();
  });

  it('cancelling the dialog writes nothing and opens no print window', async () => {
    const { services, draftId } = await draft();
    const r = await invoke({ ...services.handlers, printToPdf: printToPdfHandler(services, () => null, pages, text) }, 'printToPdf', { draftId });
    expect(r).toEqual({ file: null, bytes: 0 });
    expect(E.BrowserWindow.instances).toHaveLength(0);
    services.close();
  });

  it('prints a draft whose print HTML is far over the 2 MB a data: URL could carry', async () => {
    const { services, draftId } = await draft();
    for (const [n, field] of ['II.a', 'III.a', 'IV.a'].entries()) {
      const long = Array.from({ length: 500 }, (_, i) => `Paragraphe ${n * 500 + i} : ${'la coordination interministérielle '.repeat(60)}`).join('\n\n'); // ~1 MB each
      await invoke(services.handlers, 'saveField', { draftId, field, value: { kind: 'answer', doc: textToDoc(long) }, baseRevisionId: null });
    }
    expect((await services.loaded()).interchange.printHtml(draftId).html.length).toBeGreaterThan(3 * 1024 * 1024);
    const out = path.join(tempDir(), 'long.pdf');
    E.dialog.nextSavePath = out;
    const r = await invoke({ ...services.handlers, printToPdf: printToPdfHandler(services, () => null, pages, text) }, 'printToPdf', { draftId });
    expect(r.file).toBe(out);
    expect(fs.readFileSync(out).toString()).toContain('Paragraphe 1499 :');
    services.close();
  });

  it('a one-time print page: served once, to our scheme only, and forgotten after a minute if never fetched', async () => {
    let now = 1_000_000;
    const p = new OneTimePages(() => now);
    const url = p.add('<p>x</p>');
    const pathname = new URL(url).pathname;
    expect(p.take('/__print/other.html')).toBeNull();
    expect(p.take(pathname)).toBe('<p>x</p>');
    expect(p.take(pathname)).toBeNull();
    const late = new URL(p.add('<p>y</p>')).pathname;
    now += 60_001;
    expect(p.take(late)).toBeNull();
    p.add('<p>z</p>'); // adding sweeps expired pages
    now += 60_001;
    p.add('<p>w</p>');
    expect(p.size).toBe(1);
  });

  it('without the desktop app (browser mode, CLI) the contract call refuses, changing nothing', async () => {
    const { services, draftId } = await draft();
    const before = storeSnapshot(services);
    await expect(invoke(services.handlers, 'printToPdf', { draftId })).rejects.toMatchObject({ code: 'forbidden', message: 'printing to PDF needs the desktop app; in the browser use Print' });
    expect(storeSnapshot(services)).toBe(before);
    services.close();
  });
});
