/**
 * Byte transfer for browser mode, where the renderer cannot hand main a file path: uploads and
 * downloads travel as base64 inside the call, up to MAX_TRANSFER_BYTES (the HTTP host caps a
 * request body at 32 MB; base64 adds a third). Larger files: the CLI or the desktop app.
 */
import { z } from 'zod';
import { AttachmentInfo } from './attachments';
import { AgeRecipient, ExportResult, VerifyReport } from './bundles';
import { ImportIntoResult } from './import-into';
import { Uuid, call } from './common';
import { FieldId } from '../template/schema';
import { MAX_TRANSFER_BYTES, MAX_TRANSFER_MB } from './limits';

export { MAX_TRANSFER_BYTES, MAX_TRANSFER_MB } from './limits';

const Base64 = z
  .string()
  .max(Math.ceil(MAX_TRANSFER_BYTES / 3) * 4, `file larger than ${MAX_TRANSFER_MB} MB: use the desktop app or the CLI for larger files`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const FileName = z.string().trim().min(1, 'file name is required').max(255);
/** An age identity (AGE-SECRET-KEY-1…), pasted as text; only ever written to a private temp file. */
const AgeIdentityText = z.string().max(64 * 1024).optional();
const Download = z.object({ fileName: z.string(), mediaType: z.string(), size: z.number().int(), base64: z.string() });

export const transferCalls = {
  /** Adds an attachment from uploaded bytes (the same streaming attach service as addAttachment). */
  addAttachmentData: call(z.object({ draftId: Uuid, field: FieldId, name: FileName, base64: Base64 }).strict(), AttachmentInfo),
  /** An attachment's bytes, if no larger than MAX_TRANSFER_BYTES. */
  readAttachmentData: call(z.object({ attachmentId: Uuid }).strict(), Download),
  /** Where exports go when the user does not choose a path: a folder beside the store. */
  outboxFolder: call(z.object({}).strict().optional().default({}), z.object({ path: z.string() })),
  /** Exports a bundle into the outbox folder under a name made by the app. */
  exportBundleToOutbox: call(
    z
      .object({
        draftId: Uuid,
        sections: z.array(z.string().regex(/^[A-Z]{1,6}$/, 'section ids look like "II"')).min(1).max(50).optional(),
        recipients: z.array(AgeRecipient).max(50).optional(),
      })
      .strict(),
    ExportResult,
  ),
  /** The bytes of a bundle this installation exported (from the outbox record), up to the cap. */
  readOutboxBundle: call(z.object({ bundleId: Uuid }).strict(), Download),
  /** A workshop's contributions as a signed bundle in the outbox folder (then readOutboxBundle to download). */
  exportWorkshopToOutbox: call(
    z.object({ workshopId: Uuid, recipients: z.array(AgeRecipient).max(50).optional() }).strict(),
    z.object({ file: z.string(), bundleId: z.string(), contributions: z.number().int() }),
  ),
  verifyBundleData: call(z.object({ fileName: FileName, base64: Base64, identity: AgeIdentityText }).strict(), VerifyReport),
  /** Uploaded bundle into an existing draft: contributions are queued, a returned draft merged three ways. */
  importBundleDataInto: call(
    z.object({ fileName: FileName, base64: Base64, identity: AgeIdentityText, draftId: Uuid, acceptUnknownSigner: z.boolean().optional() }).strict(),
    ImportIntoResult,
  ),
  importBundleData: call(
    z.object({ fileName: FileName, base64: Base64, identity: AgeIdentityText, acceptUnknownSigner: z.boolean().optional() }).strict(),
    z.object({ draftId: Uuid, report: VerifyReport, remappedRevisions: z.number().int() }),
  ),
};
