/**
 * The plain-Node side of the desktop-only calls (shared/contract/desktop.ts): they refuse, and
 * change nothing. The Electron layer replaces them (main/electron/attach-picker.ts).
 */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import { coded } from '../../shared/messages';

export const desktopOnlyHandlers: Pick<Handlers, 'attachFilesFromDisk'> = {
  attachFilesFromDisk: () => {
    throw new AppError('forbidden', 'choosing files from this computer needs the desktop app; in the browser, upload the file', coded('errors.desktopOnly'));
  },
};
