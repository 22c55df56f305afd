/**
 * The payload of a contributions bundle (kind 'contributions', file contributions.json): one
 * workshop, its participants and its contributions, with their ids so importing twice adds
 * nothing. A participant's name travels only with their consent; otherwise organisation and kind.
 * The signed envelope (manifest, SHA256SUMS, signature) is the bundle format's (issue 3).
 */
import { z } from 'zod';
import { IsoInstant, Uuid } from './contract/common';
import { ParticipantKind, WorkshopDate } from './contract/workshops';
import { DocSchema } from './doc';
import { FieldId } from './template/schema';

export const CONTRIBUTIONS_PAYLOAD_FILE = 'contributions.json';

const Str = (max: number) => z.string().max(max);

export const PayloadParticipant = z
  .object({ id: Uuid, name: Str(200).nullable(), organisation: Str(300), kind: ParticipantKind, consentToName: z.boolean() })
  .strict()
  .refine((p) => p.consentToName || p.name === null, { message: 'a participant who did not consent to be named must not carry a name' });

export const PayloadContribution = z
  .object({
    id: Uuid,
    participantId: Uuid.nullable(),
    organisation: Str(300),
    targets: z.array(FieldId).min(1).max(50),
    content: DocSchema,
    createdAt: IsoInstant,
    authorName: Str(200),
    authorOrganisation: Str(300),
    installationId: Str(64),
  })
  .strict();

export const ContributionsPayload = z
  .object({
    kind: z.literal('contributions'),
    template: z.object({ id: Str(64), version: Str(20) }).strict(),
    workshop: z
      .object({
        id: Uuid,
        /** the draft the workshop was held for on the facilitator's laptop, if any (informative) */
        draftId: Uuid.nullable(),
        title: Str(300),
        date: WorkshopDate,
        place: Str(200),
        authority: Str(300),
        facilitator: Str(200),
        createdAt: IsoInstant,
        createdByName: Str(200),
        createdByOrganisation: Str(300),
        installationId: Str(64),
      })
      .strict(),
    participants: z.array(PayloadParticipant).max(10_000),
    contributions: z.array(PayloadContribution).max(100_000),
  })
  .strict()
  .superRefine((p, ctx) => {
    const pids = new Set(p.participants.map((x) => x.id));
    if (pids.size !== p.participants.length) ctx.addIssue({ code: 'custom', path: ['participants'], message: 'a participant id appears twice' });
    const cids = new Set(p.contributions.map((x) => x.id));
    if (cids.size !== p.contributions.length) ctx.addIssue({ code: 'custom', path: ['contributions'], message: 'a contribution id appears twice' });
    p.contributions.forEach((c, i) => {
      if (c.participantId && !pids.has(c.participantId)) ctx.addIssue({ code: 'custom', path: ['contributions', i, 'participantId'], message: 'names a participant not in the bundle' });
    });
  });
export type ContributionsPayload = z.infer<typeof ContributionsPayload>;
