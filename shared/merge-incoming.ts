/**
 * What a returned draft brings to a three-way merge: each field's revision history (ids, parents,
 * authors, installation, values) and head, and the revision each field had when the draft was
 * taken (its base). The shapes are those of the signed bundle's draft.json (`DraftPayload.fields`,
 * issue 3, shared/bundle-format.ts FieldRecord/RevisionRecord) and its manifest's `baseRevisions`,
 * so the bundle layer passes them through unchanged:
 *   mergeReturnedDraft(store, draftId, { fields: payload.fields, baseRevisions: manifest.baseRevisions }, { bundleId })
 * Once both branches are merged these may simply re-export bundle-format's schemas.
 */
import { z } from 'zod';
import { IsoTime, Uuid } from './contract/common';
import { FieldValue } from './contract/drafts';
import { FieldId } from './template/schema';

export const IncomingRevision = z
  .object({
    id: Uuid,
    parentId: Uuid.nullable(),
    mergeParentId: Uuid.nullable(),
    value: FieldValue,
    authorName: z.string().max(200),
    authorOrganisation: z.string().max(300),
    installationId: z.string().max(64),
    createdAt: IsoTime,
    note: z.string().max(2000).nullable(),
  })
  .strict();
export type IncomingRevision = z.infer<typeof IncomingRevision>;

export const IncomingField = z.object({ field: FieldId, head: Uuid, revisions: z.array(IncomingRevision).min(1).max(100_000) }).strict();
export type IncomingField = z.infer<typeof IncomingField>;

export const MergeIncoming = z
  .object({
    fields: z.array(IncomingField).max(10_000),
    /** field -> the head revision the draft had when it was exported to the other side */
    baseRevisions: z.record(FieldId, Uuid),
  })
  .strict();
export type MergeIncoming = z.infer<typeof MergeIncoming>;
