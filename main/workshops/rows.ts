/** Reading workshops, participants and contributions (with provenance) from the store. */
import type { Contribution, Participant, ParticipantKind, Workshop } from '../../shared/contract/workshops';
import type { Doc } from '../../shared/doc';
import type { SignerTrust } from '../../shared/contract/trust';
import { TrustRegister } from '../keys/trust';
import type { Store } from '../store/store';
import { sourceLabel } from '../../shared/source-label';

export interface WorkshopRow {
  id: string;
  draft_id: string | null;
  template_id: string;
  template_version: string;
  title: string;
  date: string;
  place: string;
  authority: string;
  facilitator: string;
  created_at: string;
  created_by_name: string;
  created_by_org: string;
  installation_id: string;
  source_bundle_id: string | null;
}

export interface ContributionRow {
  id: string;
  workshop_id: string | null;
  draft_id: string | null;
  participant_id: string | null;
  organisation: string;
  targets: string;
  content: string;
  text: string;
  created_at: string;
  author_name: string;
  author_org: string;
  installation_id: string;
  source_bundle_id: string | null;
  status: 'pending' | 'accepted' | 'dismissed';
  decided_at: string | null;
  decided_by: string | null;
  dismiss_reason: string | null;
  accepted_revision_id: string | null;
  updated_at: string | null;
  deleted_at: string | null;
}

interface ContributionJoined extends ContributionRow {
  decisions_json: string;
  p_name: string | null;
  p_kind: ParticipantKind | null;
  p_consent: number | null;
  p_org: string | null;
  w_title: string | null;
  w_date: string | null;
  w_place: string | null;
  w_authority: string | null;
  b_signer_name: string | null;
  b_signer_org: string | null;
  b_signer_fp: string | null;
  b_trust: string | null;
  b_recorded_at: string | null;
}

export const CONTRIBUTION_SELECT = `
SELECT c.*, p.name AS p_name, p.kind AS p_kind, p.consent_to_name AS p_consent, p.organisation AS p_org,
       w.title AS w_title, w.date AS w_date, w.place AS w_place, w.authority AS w_authority,
       b.signer_name AS b_signer_name, b.signer_org AS b_signer_org, b.signer_fingerprint AS b_signer_fp,
       COALESCE(json_extract(b.details, '$.trust.status'), json_extract(b.details, '$.trust')) AS b_trust, b.recorded_at AS b_recorded_at,
       (SELECT json_group_array(json_object('field', d.field, 'status', d.status, 'decidedAt', d.decided_at, 'decidedBy', d.decided_by, 'reason', d.reason, 'revisionId', d.revision_id))
          FROM contribution_decisions d WHERE d.contribution_id = c.id) AS decisions_json
FROM contributions c
LEFT JOIN participants p ON p.id = c.participant_id
LEFT JOIN workshops w ON w.id = c.workshop_id
LEFT JOIN bundles b ON b.id = c.source_bundle_id AND b.direction = 'import'`;


/** A contribution with its provenance; `signerTrust` decides how far a bundle's signer is trusted now. */
export function contributionFrom(r: ContributionJoined, signerTrust: (fingerprint: string) => SignerTrust): Contribution {
  const consent = r.p_consent === 1;
  const organisation = r.organisation || r.p_org || '';
  const targets = JSON.parse(r.targets) as string[];
  const decisions = (JSON.parse(r.decisions_json) as Contribution['decisions']).sort((a, b) => targets.indexOf(a.field) - targets.indexOf(b.field));
  const decided = new Set(decisions.map((d) => d.field));
  return {
    id: r.id,
    workshopId: r.workshop_id,
    draftId: r.draft_id,
    participantId: r.participant_id,
    targets,
    pendingTargets: targets.filter((f) => !decided.has(f)),
    decisions,
    content: JSON.parse(r.content) as Doc,
    text: r.text,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    authorName: r.author_name,
    authorOrganisation: r.author_org,
    status: r.status,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    dismissReason: r.dismiss_reason,
    acceptedRevisionId: r.accepted_revision_id,
    provenance: {
      source: sourceLabel(r.p_name, consent, organisation),
      participantName: consent ? r.p_name : null,
      participantKind: r.p_kind,
      organisation,
      workshop: r.workshop_id && r.w_title !== null ? { id: r.workshop_id, title: r.w_title, date: r.w_date ?? '', place: r.w_place ?? '', authority: r.w_authority ?? '' } : null,
      bundle: r.source_bundle_id
        ? {
            id: r.source_bundle_id,
            signerName: r.b_signer_name,
            signerOrganisation: r.b_signer_org,
            signerFingerprint: r.b_signer_fp,
            trustStatus: r.b_trust,
            signerTrust: r.b_signer_fp ? signerTrust(r.b_signer_fp) : null,
            recordedAt: r.b_recorded_at,
          }
        : null,
    },
  };
}

/** Contributions matching `where`; deleted ones only with `includeDeleted` (their history stays). */
export function queryContributions(store: Store, where: string, ...params: unknown[]): Contribution[] {
  const register = new TrustRegister(store);
  const decided = new Map<string, SignerTrust>();
  const signerTrust = (fp: string) => decided.get(fp) ?? decided.set(fp, register.decide(fp)).get(fp)!;
  return (store.sql(`${CONTRIBUTION_SELECT} WHERE c.deleted_at IS NULL AND (${where}) ORDER BY c.created_at, c.id`).all(...params) as ContributionJoined[]).map((r) => contributionFrom(r, signerTrust));
}

export function workshopFrom(r: WorkshopRow & { n_participants: number; n_contributions: number }): Workshop {
  return {
    id: r.id,
    draftId: r.draft_id,
    templateId: r.template_id,
    templateVersion: r.template_version,
    title: r.title,
    date: r.date,
    place: r.place,
    authority: r.authority,
    facilitator: r.facilitator,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    createdByOrganisation: r.created_by_org,
    installationId: r.installation_id,
    sourceBundleId: r.source_bundle_id,
    participants: r.n_participants,
    contributions: r.n_contributions,
  };
}

export const WORKSHOP_SELECT = `
SELECT w.*, (SELECT count(*) FROM participants p WHERE p.workshop_id = w.id) AS n_participants,
       (SELECT count(*) FROM contributions c WHERE c.workshop_id = w.id AND c.deleted_at IS NULL) AS n_contributions
FROM workshops w`;

export interface ParticipantRow {
  id: string;
  workshop_id: string;
  name: string | null;
  organisation: string;
  kind: ParticipantKind;
  consent_to_name: number;
  created_at: string;
  consent_withdrawn_at: string | null;
}

/** The participants of a workshop, each with the exported bundles that carried their name. */
export function queryParticipants(store: Store, where: string, ...params: unknown[]): Participant[] {
  const rows = store.sql(`SELECT * FROM participants WHERE ${where} ORDER BY created_at, id`).all(...params) as ParticipantRow[];
  const carried = store.sql(
    `SELECT b.id, b.created_at, b.file_name FROM bundles b, json_each(b.details, '$.namedParticipants') n
     WHERE b.direction = 'export' AND n.value = ? ORDER BY b.created_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    workshopId: r.workshop_id,
    name: r.name,
    organisation: r.organisation,
    kind: r.kind,
    consentToName: r.consent_to_name === 1,
    createdAt: r.created_at,
    consentWithdrawnAt: r.consent_withdrawn_at,
    nameCarriedIn: (carried.all(r.id) as Array<{ id: string; created_at: string; file_name: string }>).map((b) => ({ bundleId: b.id, createdAt: b.created_at, file: b.file_name })),
  }));
}
