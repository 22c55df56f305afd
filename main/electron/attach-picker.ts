/**
 * `attachFilesFromDisk` in the desktop app: the system's open dialog (modal to the app window),
 * then each chosen file is attached by path through the contract's `addAttachment` (validated,
 * streamed and hashed; no upload cap). The renderer never sees or supplies a path.
 */
import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import { invoke, toWireError } from '../dispatch';
import type { DesktopText } from './desktop-text';

export function attachFilesFromDiskHandler(handlers: Pick<Handlers, 'addAttachment' | 'getDraft'>, getWindow: () => BrowserWindow | null, text: () => DesktopText): Handlers['attachFilesFromDisk'] {
  return async ({ draftId, field }) => {
    await invoke(handlers as Handlers, 'getDraft', { draftId }); // an unknown draft fails before any dialog
    const t = text().attach;
    const parent = getWindow();
    const options = { title: t.dialogTitle, properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>, filters: [{ name: t.allFiles, extensions: ['*'] }] };
    const choice = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    if (choice.canceled) return [];
    const added = [];
    for (const filePath of choice.filePaths) {
      try {
        added.push(await invoke(handlers as Handlers, 'addAttachment', { draftId, field, filePath }));
      } catch (e) {
        const done = added.length ? ` (${added.map((a) => a.name).join(', ')} attached)` : '';
        throw new AppError(toWireError(e).code, `${path.basename(filePath)}: ${toWireError(e).message}${done}`);
      }
    }
    return added;
  };
}
