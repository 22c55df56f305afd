/** Contract: field workshops, participants, contributions and their provenance. */
import { z } from 'zod';
import { DocSchema } from '../doc';
import { FieldId } from '../template/schema';
import { AgeRecipient, IsoTime, Uuid, call } from './common';
import { ImportIntoResult } from './import-into';
import { PARTICIPANT_KINDS } from './plain-values';
import { SignerTrust } from './signer-trust';

export { PARTICIPANT_KINDS };
export const ParticipantKind = z.enum(PARTICIPANT_KINDS);
export type ParticipantKind = z.infer<typeof ParticipantKind>;
export const CONTRIBUTION_STATUSES = ['pending', 'accepted', 'dismissed'] as const;
export const ContributionStatus = z.enum(CONTRIBUTION_STATUSES);

/** A workshop's date as the app takes it (the form's date field gives YYYY-MM-DD) and as a bundle must carry it. */
export const WorkshopDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

const Text = (what: string, max = 300) => z.string().trim().min(1, `${what} is required`).max(max);

export const Workshop = z.object({
  id: Uuid,
  draftId: Uuid.nullable(),
  templateId: z.string(),
  templateVersion: z.string(),
  title: z.string(),
  date: z.string(),
  place: z.string(),
  authority: z.string(),
  facilitator: z.string(),
  createdAt: IsoTime,
  createdByName: z.string(),
  createdByOrganisation: z.string(),
  installationId: z.string(),
  sourceBundleId: z.string().nullable(),
  participants: z.number().int(),
  contributions: z.number().int(),
});
export type Workshop = z.infer<typeof Workshop>;

export const Participant = z.object({
  id: Uuid,
  workshopId: Uuid,
  /** null when the participant came from another installation without consent to be named */
  name: z.string().nullable(),
  organisation: z.string(),
  kind: ParticipantKind,
  consentToName: z.boolean(),
  createdAt: IsoTime,
  /** when consent to be named was withdrawn (the name no longer travels) */
  consentWithdrawnAt: IsoTime.nullable(),
  /** the bundles exported from here that carried this participant's name */
  nameCarriedIn: z.array(z.object({ bundleId: z.string(), createdAt: IsoTime, file: z.string() })),
});
export type Participant = z.infer<typeof Participant>;

/** Where a contribution came from, for the side-by-side view and the sources of an answer. */
export const Provenance = z.object({
  /** "Name (Organisation)" when the participant consented to be named, else the organisation */
  source: z.string(),
  participantName: z.string().nullable(),
  participantKind: ParticipantKind.nullable(),
  organisation: z.string(),
  workshop: z.object({ id: Uuid, title: z.string(), date: z.string(), place: z.string(), authority: z.string() }).nullable(),
  bundle: z
    /**
     * trustStatus: the signer's trust status at import (trusted, or unknown/expired as confirmed by the user);
     * signerTrust: the signer's trust now, decided as an import decides it (null when unsigned)
     */
    .object({
      id: z.string(),
      signerName: z.string().nullable(),
      signerOrganisation: z.string().nullable(),
      signerFingerprint: z.string().nullable(),
      trustStatus: z.string().nullable(),
      signerTrust: SignerTrust.nullable(),
      recordedAt: z.string().nullable(),
    })
    .nullable(),
});
export type Provenance = z.infer<typeof Provenance>;

/** A decision for one target of a contribution: accepted into that field, or dismissed there. */
export const TargetDecision = z.object({
  field: z.string(),
  status: z.enum(['accepted', 'dismissed']),
  decidedAt: IsoTime,
  decidedBy: z.string(),
  reason: z.string().nullable(),
  revisionId: Uuid.nullable(),
});

export const Contribution = z.object({
  id: Uuid,
  workshopId: Uuid.nullable(),
  draftId: Uuid.nullable(),
  participantId: Uuid.nullable(),
  targets: z.array(z.string()),
  /** the targets it still waits under (each target is accepted or dismissed on its own) */
  pendingTargets: z.array(z.string()),
  decisions: z.array(TargetDecision),
  content: DocSchema,
  text: z.string(),
  createdAt: IsoTime,
  /** when its text, targets or attribution were last changed after capture */
  updatedAt: IsoTime.nullable(),
  authorName: z.string(),
  authorOrganisation: z.string(),
  /** pending while any target waits; then accepted (under at least one target) or dismissed */
  status: ContributionStatus,
  decidedAt: IsoTime.nullable(),
  decidedBy: z.string().nullable(),
  dismissReason: z.string().nullable(),
  acceptedRevisionId: Uuid.nullable(),
  provenance: Provenance,
});
export type Contribution = z.infer<typeof Contribution>;

export const AnswerSource = z.object({
  field: z.string(),
  revisionId: Uuid,
  acceptedAt: IsoTime,
  acceptedBy: z.string(),
  mode: z.string(),
  contribution: Contribution,
});

export const ACCEPT_MODES = ['append', 'insert', 'replace-none'] as const;

export const workshopCalls = {
  createWorkshop: call(
    z
      .object({
        title: Text('title'),
        date: WorkshopDate,
        place: Text('place', 200),
        authority: Text('organising authority'),
        facilitator: z.string().trim().max(200).optional(),
        draftId: Uuid.optional(),
      })
      .strict(),
    Workshop,
  ),
  listWorkshops: call(z.object({ draftId: Uuid.optional() }).strict().optional().default({}), z.array(Workshop)),
  getWorkshop: call(
    z.object({ workshopId: Uuid }).strict(),
    z.object({ workshop: Workshop, participants: z.array(Participant), contributions: z.array(Contribution) }),
  ),
  addParticipant: call(
    z
      .object({ workshopId: Uuid, name: Text('name', 200), organisation: Text('organisation'), kind: ParticipantKind, consentToName: z.boolean().optional().default(false) })
      .strict(),
    Participant,
  ),
  /** Fast capture while people speak: tagged to questions/objectives, attributed to a participant or an organisation. */
  addContribution: call(
    z
      .object({
        workshopId: Uuid.optional(),
        draftId: Uuid.optional(),
        targets: z.array(FieldId).min(1, 'tag at least one question or objective').max(50),
        content: DocSchema,
        participantId: Uuid.optional(),
        organisation: z.string().trim().max(300).optional(),
        /** clears the workshop's saved capture box in the same transaction */
        clearCapture: z.boolean().optional(),
      })
      .strict(),
    Contribution,
  ),
  /** With a field, the status is that target's (pending: not yet decided there). */
  listContributions: call(
    z.object({ draftId: Uuid, field: FieldId.optional(), status: ContributionStatus.optional() }).strict(),
    z.array(Contribution),
  ),
  /** Takes a contribution into the master answer(s) as a new revision whose note records its provenance. */
  acceptContribution: call(
    z
      .object({
        contributionId: Uuid,
        draftId: Uuid,
        /** default: every target it still waits under */
        fields: z.array(FieldId).min(1).max(50).optional(),
        mode: z.enum(ACCEPT_MODES).optional().default('append'),
        /** for mode 'insert': the block index (the cursor) in the answer */
        at: z.number().int().min(0).optional(),
        /** the contribution as edited by the user before taking it in (default: as captured) */
        content: DocSchema.optional(),
      })
      .strict(),
    z.object({ contribution: Contribution, revisions: z.array(z.object({ field: z.string(), revisionId: Uuid })) }),
  ),
  /** Dismisses a contribution under the given targets (default: every target it still waits under). */
  dismissContribution: call(z.object({ contributionId: Uuid, reason: Text('reason', 2000), fields: z.array(FieldId).min(1).max(50).optional() }).strict(), Contribution),
  /** The accepted contributions behind an answer, with their provenance. */
  answerSources: call(z.object({ draftId: Uuid, field: FieldId }).strict(), z.array(AnswerSource)),
  /** Signed contribution bundle of a workshop (rides on the signed bundle format). */
  exportWorkshopBundle: call(
    z.object({ workshopId: Uuid, file: z.string().min(1).max(4096), recipients: z.array(AgeRecipient).max(50).optional() }).strict(),
    z.object({ file: z.string(), bundleId: z.string(), contributions: z.number().int() }),
  ),
  /** Imports a bundle into an existing draft: contributions are queued, a returned draft is merged three ways. */
  importBundleInto: call(
    z.object({ file: z.string().min(1).max(4096), draftId: Uuid, identityFile: z.string().max(4096).optional(), acceptUnknownSigner: z.boolean().optional() }).strict(),
    ImportIntoResult,
  ),
};
