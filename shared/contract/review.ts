/** Contract: review workflow, frozen versions, comments, audit log, merge conflicts, consolidation dashboard. */
import { z } from 'zod';
import { DocSchema } from '../doc';
import { FieldId } from '../template/schema';
import { IsoTime, Uuid, call } from './common';
import { FieldState, FieldValue } from './drafts';
import { LANGUAGES } from '../i18n/languages';

export const ReviewAction = z.enum(['submit', 'return', 'approve']);

export const StatusChange = z.object({
  id: Uuid,
  version: z.number().int(),
  fromStatus: z.string(),
  toStatus: z.string(),
  action: z.string(),
  at: IsoTime,
  actorName: z.string(),
  actorOrganisation: z.string(),
  comment: z.string().nullable(),
});

export const DraftVersion = z.object({
  version: z.number().int(),
  status: z.string(),
  title: z.string(),
  approvedAt: IsoTime,
  approvedByName: z.string(),
  approvedByOrganisation: z.string(),
  comment: z.string().nullable(),
  fieldCount: z.number().int(),
});

export const Comment = z.object({
  id: Uuid,
  draftId: Uuid,
  field: z.string(),
  parentId: Uuid.nullable(),
  /** the thread's first comment (itself for a thread start) */
  threadId: Uuid,
  depth: z.number().int(),
  body: z.string(),
  authorName: z.string(),
  authorOrganisation: z.string(),
  createdAt: IsoTime,
  resolvedAt: IsoTime.nullable(),
  resolvedBy: z.string().nullable(),
});
export type Comment = z.infer<typeof Comment>;

export const AuditEntry = z.object({
  at: IsoTime,
  who: z.string(),
  organisation: z.string(),
  installationId: z.string(),
  /** e.g. draft.rename, field.edit, review.approve, contribution.accept, draft.merge */
  action: z.string(),
  /** a field id, a version, a bundle... as stored (the CSV and support read it; shared/audit-target.ts reads what it names) */
  target: z.string(),
  /**
   * The data's own words for what the target names, where the log knows it: a contribution or a
   * participant by name and organisation (the name only with consent), a workshop by its title, a
   * named version by its label. The screen shows it instead of the id.
   */
  subject: z.string().optional(),
  old: z.string(),
  new: z.string(),
  why: z.string(),
  /** an editing session (field edits): when its last save was made, and every revision it holds */
  until: IsoTime.optional(),
  revisions: z.array(z.string()).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const RevisionSide = z.object({ revisionId: Uuid, value: FieldValue, text: z.string(), authorName: z.string(), authorOrganisation: z.string(), createdAt: IsoTime }).nullable();

export const PLACE_CHOICES = ['ours', 'theirs', 'both', 'edit'] as const;
export const PlaceChoice = z.enum(PLACE_CHOICES);
export type PlaceChoice = z.infer<typeof PlaceChoice>;

/** One place of an answer both sides changed: a paragraph, a list item, a table, or a run of them. */
export const ConflictPlace = z.object({
  index: z.number().int(),
  kind: z.enum(['paragraph', 'list item', 'table', 'blocks']),
  base: DocSchema,
  ours: DocSchema,
  theirs: DocSchema,
  choice: PlaceChoice.nullable(),
  /** the text written by hand, when choice is 'edit' */
  edited: DocSchema.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: IsoTime.nullable(),
});
export type ConflictPlace = z.infer<typeof ConflictPlace>;

/** The answer as it stands: settled text (both sides' changes that did not overlap) and places, in order. */
export const MergeSegment = z.union([z.object({ doc: DocSchema }).strict(), z.object({ place: z.number().int() }).strict()]);
export type MergeSegment = z.infer<typeof MergeSegment>;

export const MergeConflict = z.object({
  id: Uuid,
  draftId: Uuid,
  field: z.string(),
  reason: z.string(),
  sourceBundleId: z.string().nullable(),
  createdAt: IsoTime,
  base: RevisionSide,
  ours: RevisionSide,
  theirs: RevisionSide,
  /** the field's current revision (ours, unless it was edited since) */
  currentRevisionId: Uuid.nullable(),
  /** the field as it is now: a text written by hand starts from it (it may be newer than ours) */
  current: RevisionSide,
  /**
   * decisions taken in the earlier conflicts a newer text of the same history answered
   * (main/merge/answered-conflicts.ts): carried over to the same place here; superseded (that
   * stretch is asked again, with other texts: to decide again); settled (with the newer text the
   * merge settled that stretch by itself: nothing to decide)
   */
  earlierDecisions: z.object({ carried: z.number().int(), superseded: z.number().int(), settled: z.number().int() }),
  resolvedAt: IsoTime.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedRevisionId: Uuid.nullable(),
  /**
   * closed without a decision: a newer text of the same history, in a later bundle, answered it
   * (main/merge/answered-conflicts.ts); nothing was chosen here, the newer text asks or merged instead
   */
  answered: z.boolean(),
  /** the revision the merge wrote with every change that did not overlap (null: none was needed) */
  mergedRevisionId: Uuid.nullable(),
  /** answers: the places both sides changed, each decided on its own; empty for other values (decided as a whole) */
  places: z.array(ConflictPlace),
  /** answers: the merged answer with the places in it; null for other values */
  segments: z.array(MergeSegment).nullable(),
});
export type MergeConflict = z.infer<typeof MergeConflict>;

/** The workshop a contribution was said at, as data: the renderer words it (and its date) in the interface language. */
export const WorkshopLabel = z.object({ title: z.string(), date: z.string(), place: z.string() });
export type WorkshopLabel = z.infer<typeof WorkshopLabel>;

export const Dashboard = z.object({
  draftId: Uuid,
  status: z.string(),
  version: z.number().int(),
  openConflicts: z.number().int(),
  openComments: z.number().int(),
  questions: z.array(
    z.object({
      field: z.string(),
      answered: z.boolean(),
      pending: z.number().int(),
      accepted: z.number().int(),
      dismissed: z.number().int(),
      /** who the waiting contributions come from (source label and workshop) -> count */
      from: z.array(z.object({ source: z.string(), workshop: WorkshopLabel.nullable(), count: z.number().int() })),
    }),
  ),
  objectives: z.array(
    z.object({
      field: z.string(),
      number: z.number().int(),
      master: z.object({ status: z.string(), note: z.string() }).nullable(),
      said: z.array(z.object({ contributionId: Uuid, source: z.string(), workshop: WorkshopLabel.nullable(), status: z.string(), text: z.string() })),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;

const DraftRef = z.object({ draftId: Uuid }).strict();

export const reviewCalls = {
  reviewTransition: call(
    z.object({ draftId: Uuid, action: ReviewAction, comment: z.string().trim().max(5000).optional() }).strict(),
    z.object({ status: z.string(), version: z.number().int() }),
  ),
  reviewHistory: call(DraftRef, z.array(StatusChange)),
  listDraftVersions: call(DraftRef, z.array(DraftVersion)),
  /** An approved (final) version as it was approved, even after the draft was edited again. */
  getDraftVersion: call(z.object({ draftId: Uuid, version: z.number().int().min(1) }).strict(), DraftVersion.extend({ fields: z.record(z.string(), FieldState) })),

  addComment: call(
    z.object({ draftId: Uuid, field: FieldId, body: z.string().trim().min(1, 'the comment is empty').max(20000), replyTo: Uuid.optional() }).strict(),
    Comment,
  ),
  listComments: call(z.object({ draftId: Uuid, field: FieldId.optional(), includeResolved: z.boolean().optional() }).strict(), z.array(Comment)),
  /** Resolves the whole thread the comment belongs to. */
  resolveComment: call(z.object({ commentId: Uuid }).strict(), z.array(Comment)),

  auditLog: call(DraftRef, z.array(AuditEntry)),
  auditCsv: call(DraftRef, z.object({ csv: z.string(), rows: z.number().int() })),
  /** The audit trail as an Excel workbook (.xlsx, base64): every cell text, headers in `language`, right to left in Arabic. */
  auditWorkbook: call(z.object({ draftId: Uuid, language: z.enum(LANGUAGES) }).strict(), z.object({ base64: z.string(), rows: z.number().int() })),

  listConflicts: call(z.object({ draftId: Uuid, includeResolved: z.boolean().optional() }).strict(), z.array(MergeConflict)),
  /**
   * Resolves a whole conflict: `take` decides every place not yet decided (ours or theirs: the
   * changes that did not overlap stay merged either way); `value` replaces the field by hand, and
   * only if the field is still at `baseRevisionId` (the revision the text was written from; left
   * out: the text as the merge left it), so no edit made meanwhile is overwritten.
   */
  resolveConflict: call(
    z
      .object({ conflictId: Uuid, take: z.enum(['ours', 'theirs']).optional(), value: FieldValue.optional(), baseRevisionId: Uuid.nullable().optional() })
      .strict()
      .refine((x) => (x.take === undefined) !== (x.value === undefined), 'give exactly one of take (ours|theirs) or value'),
    z.object({ revisionId: Uuid, conflict: MergeConflict }),
  ),
  /**
   * Decides one place of an answer in conflict: ours, theirs, both (ours first), or edited text.
   * A decision can be changed until the last place is decided; that one writes the resolved answer.
   */
  decideConflictPlace: call(
    z
      .object({ conflictId: Uuid, place: z.number().int().min(0), choice: PlaceChoice, edited: DocSchema.optional() })
      .strict()
      .refine((x) => (x.choice === 'edit') === (x.edited !== undefined), 'give the edited text (edited) with choice edit, and only then'),
    z.object({ revisionId: Uuid.nullable(), conflict: MergeConflict }),
  ),

  dashboard: call(DraftRef, Dashboard),
};
