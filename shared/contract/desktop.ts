/**
 * Calls only the desktop app can carry out, because they need the main process's own windows
 * (system dialogs). Elsewhere (browser mode, CLI) they answer 'forbidden' and change nothing.
 */
import { z } from 'zod';
import { FieldId } from '../template/schema';
import { AttachmentInfo } from './attachments';
import { Uuid, call } from './common';

export const desktopCalls = {
  /**
   * The user picks files in the system's open dialog and each is attached by path: streamed and
   * hashed like `addAttachment`, with no upload size cap. Empty when the dialog was cancelled.
   */
  attachFilesFromDisk: call(z.object({ draftId: Uuid, field: FieldId }).strict(), z.array(AttachmentInfo)),
};
