/**
 * What a returned draft brings to a three-way merge: each field's revision history (ids, parents,
 * authors, installation, values) and head, and the revision each field had when the draft was
 * taken (its base). The shapes are those of the signed bundle's draft.json (`DraftPayload.fields`,
 * issue 3, shared/bundle-format.ts FieldRecord/RevisionRecord) and its manifest's `baseRevisions`,
 * so the bundle layer passes them through unchanged, with the attachments whose bytes it placed:
 *   mergeReturnedDraft(store, draftId, { fields: payload.fields, baseRevisions: manifest.baseRevisions, attachments: payload.attachments }, { bundleId })
 */
import { z } from 'zod';
import { Uuid } from './contract/common';
import { AttachmentRecord, FieldRecord, RevisionRecord } from './bundle-format';
import { FieldId } from './template/schema';

/** A revision as it travels: the same record a bundle's draft.json carries. */
export const IncomingRevision = RevisionRecord;
export type IncomingRevision = z.infer<typeof IncomingRevision>;

export const IncomingField = FieldRecord;
export type IncomingField = z.infer<typeof IncomingField>;

export const MergeIncoming = z
  .object({
    fields: z.array(IncomingField).max(10_000),
    /** field -> the head revision the draft had when it was exported to the other side */
    baseRevisions: z.record(FieldId, Uuid),
    /** the files attached to its questions (draft.json's attachments; their bytes already stored) */
    attachments: z.array(AttachmentRecord).max(10_000).default([]),
  })
  .strict();
export type MergeIncoming = z.infer<typeof MergeIncoming>;
