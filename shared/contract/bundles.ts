import { z } from 'zod';
import { ImportIntoResult } from './import-into';
import { BUNDLE_KINDS, Fingerprint, Sha256Hex } from '../bundle-format';
import { AgeRecipient, IsoTime, Uuid, call } from './common';
import { SignerTrust } from './signer-trust';

const FilePath = z.string().min(1).max(4096);
export { AgeRecipient };

export const VerifyReport = z.object({
  bundleId: Uuid,
  kind: z.enum(BUNDLE_KINDS),
  createdAt: IsoTime,
  appVersion: z.string(),
  encrypted: z.boolean(),
  signer: z.object({ name: z.string(), organisation: z.string(), fingerprint: Fingerprint }),
  trust: SignerTrust,
  template: z.object({ id: z.string(), version: z.string() }),
  /** kind 'draft': the draft it carries; kind 'contributions': the draft the workshop was held for, if known */
  draft: z.object({ id: Uuid, title: z.string() }).nullable(),
  /** kind 'contributions': the workshop */
  workshop: z.object({ id: Uuid, title: z.string(), date: z.string(), place: z.string(), authority: z.string() }).nullable(),
  sections: z.array(z.string()).nullable(),
  counts: z.object({
    fields: z.number().int(),
    answers: z.number().int(),
    objectives: z.number().int(),
    principles: z.number().int(),
    revisions: z.number().int(),
    attachments: z.number().int(),
    attachmentBytes: z.number().int(),
    /** kind 'contributions' (0 otherwise) */
    contributions: z.number().int(),
    participants: z.number().int(),
    namedParticipants: z.number().int(),
  }),
  /** This bundle id was imported here before (as this bundle or, see `otherImported`, another one). */
  alreadyImported: z.boolean(),
  /** What was imported under this id is another bundle (its signed SHA256SUMS differs): importing this one is refused. */
  otherImported: z.boolean(),
  /** The draft this bundle was already imported as, if it was (and that draft still exists). */
  importedAs: Uuid.nullable(),
  /** That draft's title. */
  importedAsTitle: z.string().nullable(),
  /** A returned draft that made that draft as a NEW draft: it may still be merged into another draft, the master (importBundleInto; main/bundle/moved-import.ts). */
  importedAsNew: z.boolean(),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const OutboxEntry = z.object({
  bundleId: Uuid,
  draftId: Uuid.nullable(),
  draftTitle: z.string().nullable(),
  file: z.string(),
  sha256: Sha256Hex,
  size: z.number().int().nullable(),
  recipients: z.array(z.string()),
  sections: z.array(z.string()).nullable(),
  createdAt: IsoTime,
  fields: z.number().int(),
  attachments: z.number().int(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const ExportResult = OutboxEntry.extend({ encrypted: z.boolean(), signer: Fingerprint });

/**
 * A draft made by importing a returned draft as a NEW draft (by mistake): the master it came back
 * from, as that import recorded it (imports from before it was recorded name none). To merge it, its
 * bundle file is imported again into the master (importBundleInto; main/bundle/moved-import.ts).
 */
export const ReturnedCopy = z.object({
  master: z.object({
    draftId: Uuid,
    /** its title now; once gone, the title it had at the import */
    title: z.string(),
    /** 'trash': to restore before merging into it; 'gone': no longer in this store */
    state: z.enum(['here', 'trash', 'gone']),
  }),
  /** The bundle file's name as the import recorded it (without its folder). */
  fileName: z.string(),
  /** This draft was changed since its import and is not in the trash: the merge refuses it until it is moved there. */
  trashFirst: z.boolean(),
  /** The file the import read is still where it was (a full path; not encrypted): mergeReturnedCopy merges it without asking for it. */
  fileHere: z.boolean(),
  /** Who signed the bundle, and whether the trust register trusts the key now (if not, the merge asks the user to confirm, as the import page does). */
  signer: z.object({ name: z.string(), organisation: z.string(), fingerprint: z.string(), trust: SignerTrust }),
});
export type ReturnedCopy = z.infer<typeof ReturnedCopy>;

export const bundleCalls = {
  exportBundle: call(
    z
      .object({
        draftId: Uuid,
        outFile: FilePath,
        sections: z.array(z.string().regex(/^[A-Z]{1,6}$/, 'section ids look like "II"')).min(1).max(50).optional(),
        recipients: z.array(AgeRecipient).max(50).optional(),
      })
      .strict(),
    ExportResult,
  ),
  verifyBundle: call(z.object({ file: FilePath, identityFile: FilePath.optional() }).strict(), VerifyReport),
  importBundle: call(
    z.object({ file: FilePath, identityFile: FilePath.optional(), acceptUnknownSigner: z.boolean().optional() }).strict(),
    z.object({ draftId: Uuid, report: VerifyReport, remappedRevisions: z.number().int() }),
  ),
  listOutbox: call(z.object({ draftId: Uuid.optional() }).strict().optional().default({}), z.array(OutboxEntry)),
  /** What changed in a draft since its last export: fields whose head moved, attachments added or removed. */
  changesSinceExport: call(
    z.object({ draftId: Uuid }).strict(),
    z.object({ lastExport: OutboxEntry.nullable(), changedFields: z.array(z.string()), addedAttachments: z.array(Uuid), removedAttachments: z.array(Uuid) }),
  ),
  /** The master a draft is a returned copy of (imported as a new draft by mistake), or null. */
  returnedCopy: call(z.object({ draftId: Uuid }).strict(), ReturnedCopy.nullable()),
  /**
   * Merges a returned copy into its master from the file its import read (ReturnedCopy.fileHere):
   * importBundleInto of that file into the master, verified again; the copy goes to the trash.
   */
  mergeReturnedCopy: call(z.object({ draftId: Uuid, acceptUnknownSigner: z.boolean().optional() }).strict(), ImportIntoResult),
};
