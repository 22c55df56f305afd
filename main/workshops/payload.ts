/** Builds the contributions payload of a workshop: names only where the participant consents (not after withdrawal); deleted contributions never travel. */
import { ContributionsPayload } from '../../shared/contributions-format';
import type { Doc } from '../../shared/doc';
import type { Store } from '../store/store';
import type { ContributionRow, WorkshopRow } from './rows';
import type { ParticipantKind } from '../../shared/contract/workshops';
import { AppError } from '../../shared/contract/common';

export function workshopPayload(store: Store, workshopId: string): ContributionsPayload {
  const w = store.sql('SELECT * FROM workshops WHERE id = ?').get(workshopId) as WorkshopRow | undefined;
  if (!w) throw new AppError('not_found', `no workshop with id ${workshopId}`);
  const participants = store.sql('SELECT * FROM participants WHERE workshop_id = ? ORDER BY created_at, id').all(workshopId) as Array<{
    id: string;
    name: string | null;
    organisation: string;
    kind: ParticipantKind;
    consent_to_name: number;
  }>;
  const contributions = store.sql('SELECT * FROM contributions WHERE workshop_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(workshopId) as ContributionRow[];
  if (!contributions.length) throw new AppError('conflict', `workshop "${w.title}" has no contributions to export yet`);
  return ContributionsPayload.parse({
    kind: 'contributions',
    template: { id: w.template_id, version: w.template_version },
    workshop: {
      id: w.id,
      draftId: w.draft_id,
      title: w.title,
      date: w.date,
      place: w.place,
      authority: w.authority,
      facilitator: w.facilitator,
      createdAt: w.created_at,
      createdByName: w.created_by_name,
      createdByOrganisation: w.created_by_org,
      installationId: w.installation_id,
    },
    participants: participants.map((p) => ({ id: p.id, name: p.consent_to_name ? p.name : null, organisation: p.organisation, kind: p.kind, consentToName: p.consent_to_name === 1 })),
    contributions: contributions.map((c) => ({
      id: c.id,
      participantId: c.participant_id,
      organisation: c.organisation,
      targets: JSON.parse(c.targets) as string[],
      content: JSON.parse(c.content) as Doc,
      createdAt: c.created_at,
      authorName: c.author_name,
      authorOrganisation: c.author_org,
      installationId: c.installation_id,
    })),
  });
}
