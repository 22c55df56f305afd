/**
 * Print to PDF in the desktop app (issue 5): the draft's print HTML (renderPrintHtml: no scripts,
 * its own CSP PRINT_CSP: no script, inline styles, data: pictures) is served once from
 * memory on our own scheme (print-pages.ts: no size limit, unlike a data: URL's 2 MB) to a hidden,
 * sandboxed window with JavaScript disabled and no preload, printed with webContents.printToPDF,
 * and written where the user chose in the save dialog. The window is created per print and
 * destroyed afterwards. This overrides the plain-Node `printToPdf` handler (which refuses: browser
 * mode prints with the browser) in the handlers given to registerApi, so there is still one contract.
 */
import { BrowserWindow, dialog } from 'electron';
import type { Handlers } from '../../shared/contract';
import type { Services } from '../services';
import { writeOutput } from '../output-file';
import { safeFileName } from '../services/interchange';
import type { DesktopText } from './desktop-text';
import type { OneTimePages } from './print-pages';

/** Renders `html` to PDF bytes in a hidden window that runs no script and has no access to the app. */
export async function renderPdf(html: string, pages: OneTimePages): Promise<Buffer> {
  const url = pages.add(html);
  const win = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    title: 'GCM Review — print',
    // the hardened list of web-preferences.ts, as literals for the static checker (see there)
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
    },
  });
  try {
    await win.loadURL(url);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return Buffer.from(pdf);
  } finally {
    pages.drop(url);
    if (!win.isDestroyed()) win.destroy();
  }
}

export function printToPdfHandler(services: Pick<Services, 'loaded'> & { store?: { file: string } }, getWindow: () => BrowserWindow | null, pages: OneTimePages, text: () => DesktopText): Handlers['printToPdf'] {
  return async ({ draftId }) => {
    const { title, html } = (await services.loaded()).interchange.printHtml(draftId);
    const parent = getWindow();
    const options = { title: text().print.dialogTitle, defaultPath: `${safeFileName(title)}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { file: null, bytes: 0 };
    const file = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
    const pdf = await renderPdf(html, pages);
    // The save dialog asked before replacing a file; the store's own files are refused all the same.
    writeOutput(file, pdf, { store: services.store?.file, force: true });
    return { file, bytes: pdf.length };
  };
}
