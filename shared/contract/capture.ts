/**
 * Contract (issue 12): a capture box that never loses a word, captured contributions edited or
 * deleted with their history, participants edited and consent withdrawn.
 */
import { z } from 'zod';
import { DocSchema } from '../doc';
import { FieldId } from '../template/schema';
import { IsoTime, Uuid, call } from './common';
import { Contribution, Participant, ParticipantKind } from './workshops';

/** What is in a workshop's capture box, saved as it is typed. */
export const CaptureState = z
  .object({
    text: z.string().max(200_000),
    targets: z.array(FieldId).max(50),
    participantId: Uuid.nullable(),
    organisation: z.string().max(300),
  })
  .strict();
export type CaptureState = z.infer<typeof CaptureState>;

/** A captured contribution as it was before one change (edit or delete). */
export const ContributionChange = z.object({
  id: Uuid,
  action: z.enum(['edit', 'delete']),
  at: IsoTime,
  byName: z.string(),
  byOrganisation: z.string(),
  oldText: z.string(),
  oldTargets: z.array(z.string()),
  oldOrganisation: z.string(),
  /** the bundle it had already travelled in, when changed after an export */
  afterBundleId: z.string().nullable(),
});
export type ContributionChange = z.infer<typeof ContributionChange>;

const AfterExport = {
  /** required once the contribution travelled in a bundle: the change is recorded in the audit log, and the workshop needs a new export */
  confirmAfterExport: z.boolean().optional(),
};

export const captureCalls = {
  getCaptureDraft: call(z.object({ workshopId: Uuid }).strict(), z.object({ state: CaptureState, updatedAt: IsoTime }).nullable()),
  /** Saves the capture box's content (an empty text and no targets clears it). */
  saveCaptureDraft: call(z.object({ workshopId: Uuid, state: CaptureState }).strict(), z.object({ updatedAt: IsoTime.nullable() })),
  updateContribution: call(
    z
      .object({
        contributionId: Uuid,
        content: DocSchema.optional(),
        targets: z.array(FieldId).min(1, 'tag at least one question or objective').max(50).optional(),
        participantId: Uuid.nullable().optional(),
        organisation: z.string().trim().max(300).optional(),
        ...AfterExport,
      })
      .strict(),
    Contribution,
  ),
  deleteContribution: call(z.object({ contributionId: Uuid, ...AfterExport }).strict(), z.object({ contributionId: Uuid, deletedAt: IsoTime })),
  contributionHistory: call(z.object({ contributionId: Uuid }).strict(), z.array(ContributionChange)),
  /** Changes a participant; consentToName false withdraws consent: the name stops travelling in future bundles. */
  updateParticipant: call(
    z
      .object({
        participantId: Uuid,
        name: z.string().trim().min(1, 'name is required').max(200).optional(),
        organisation: z.string().trim().min(1, 'organisation is required').max(300).optional(),
        kind: ParticipantKind.optional(),
        consentToName: z.boolean().optional(),
      })
      .strict(),
    Participant,
  ),
};
