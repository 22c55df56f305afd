/** Contract: a field's history in pages and as editing sessions; named versions of a draft and their differences. */
import { z } from 'zod';
import { FieldId } from '../template/schema';
import { IsoTime, Uuid, call } from './common';

export const HistoryCursor = z.object({ createdAt: IsoTime, id: Uuid }).strict();
export type HistoryCursor = z.infer<typeof HistoryCursor>;

const DiffPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });

/** One save, without its value: what history lists show (`size`: characters of plain text). */
export const SaveMeta = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  mergeParentId: Uuid.nullable(),
  authorName: z.string(),
  authorOrganisation: z.string(),
  installationId: z.string(),
  createdAt: IsoTime,
  note: z.string().nullable(),
  size: z.number().int(),
});
export type SaveMeta = z.infer<typeof SaveMeta>;

export const FieldSession = z.object({
  id: Uuid,
  field: z.string(),
  authorName: z.string(),
  authorOrganisation: z.string(),
  installationId: z.string(),
  start: IsoTime,
  end: IsoTime,
  saves: z.number().int(),
  firstRevisionId: Uuid,
  lastRevisionId: Uuid,
  baseRevisionId: Uuid.nullable(),
  size: z.number().int(),
  note: z.string().nullable(),
  kind: z.enum(['edit', 'merge', 'import', 'other']),
  wordsAdded: z.number().int(),
  wordsRemoved: z.number().int(),
  preview: z.array(DiffPart),
  /** The signer of the bundle the newest save came in, as this installation's trust register names it; null: made here. */
  broughtBy: z.object({ bundleId: z.string(), signerName: z.string(), signerOrganisation: z.string(), signerFingerprint: z.string() }).nullable().optional(),
  /** The field's current text is this session's (its head; not always the newest by time: clocks disagree). */
  current: z.boolean().optional(),
});
export type FieldSession = z.infer<typeof FieldSession>;

const FieldRef = { draftId: Uuid, field: FieldId };
const Limit = z.number().int().min(1).max(500).optional();

export const VersionKind = z.enum(['manual', 'export', 'submit', 'return', 'approve', 'import', 'merge']);
export const NamedVersion = z.object({
  id: Uuid,
  draftId: Uuid,
  label: z.string(),
  kind: VersionKind,
  authorName: z.string(),
  authorOrganisation: z.string(),
  createdAt: IsoTime,
  ref: z.string().nullable(),
  fieldCount: z.number().int(),
});
export type NamedVersion = z.infer<typeof NamedVersion>;
/** A version of a draft: a named version's id, or 'current' (the draft as it is now). */
export const VersionRef = z.union([Uuid, z.literal('current')]);
export const FieldChange = z.object({
  field: z.string(),
  fromRevisionId: Uuid.nullable(),
  toRevisionId: Uuid.nullable(),
  before: z.string(),
  after: z.string(),
  wordsAdded: z.number().int(),
  wordsRemoved: z.number().int(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const historyCalls = {
  /** One page of a field's saves, newest first, metadata only. `atOrBefore` starts at (and includes) that save. */
  fieldHistoryPage: call(
    z.object({ ...FieldRef, before: HistoryCursor.optional(), atOrBefore: HistoryCursor.optional(), limit: Limit }).strict(),
    z.object({ saves: z.array(SaveMeta), next: HistoryCursor.nullable() }),
  ),
  /** One page of a field's editing sessions, newest first. */
  fieldSessions: call(
    z.object({ ...FieldRef, before: HistoryCursor.optional(), limit: Limit }).strict(),
    z.object({ sessions: z.array(FieldSession), next: HistoryCursor.nullable() }),
  ),
  /** Names the draft as it is now. */
  createVersion: call(z.object({ draftId: Uuid, label: z.string().trim().min(1, 'a version needs a name').max(300) }).strict(), NamedVersion),
  /** The draft's named versions, newest first (made by hand and at export, submit, return, approve, import, merge). */
  listVersions: call(z.object({ draftId: Uuid }).strict(), z.array(NamedVersion)),
  /** The fields that differ between two versions of a draft. */
  diffVersions: call(z.object({ draftId: Uuid, from: VersionRef, to: VersionRef }).strict(), z.array(FieldChange)),
};
