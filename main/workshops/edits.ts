/**
 * Changing what was captured: a contribution's text, targets or attribution, deleting it, and a
 * participant's details and consent. Nothing is lost: the text before each change is kept in
 * contribution_history, and every change is in the audit log.
 *  - Only contributions captured here (not those that came in a bundle), and only while no
 *    target has been decided (accepted or dismissed).
 *  - Once a contribution travelled in an exported bundle, a change needs an explicit confirmation;
 *    it is recorded in the audit log with that bundle, and the workshop needs a new export.
 *  - Withdrawing consent stops the name travelling in future bundles; the participant lists the
 *    bundles that already carried it.
 */
import { AppError } from '../../shared/contract/common';
import type { ContributionChange } from '../../shared/contract/capture';
import type { Contribution, Participant, ParticipantKind } from '../../shared/contract/workshops';
import { docText, isEmptyDoc, type Doc } from '../../shared/doc';
import { hasField } from '../../shared/template';
import { newId, nowIso, type Store } from '../store/store';
import { queryContributions, queryParticipants, type ContributionRow, type ParticipantRow } from './rows';
import type { Workshops } from './workshops';
import { coded } from '../../shared/messages';

export class CaptureEdits {
  constructor(
    private store: Store,
    private workshops: Workshops,
  ) {}

  private row(contributionId: string): ContributionRow {
    const r = this.store.sql('SELECT * FROM contributions WHERE id = ?').get(contributionId) as ContributionRow | undefined;
    if (!r || r.deleted_at) throw new AppError('not_found', `no contribution with id ${contributionId}`);
    return r;
  }

  /** The last exported bundle of the workshop that carried this contribution, if any. */
  private travelledIn(r: ContributionRow): { id: string; created_at: string } | null {
    if (!r.workshop_id) return null;
    return (
      (this.store
        .sql(`SELECT id, created_at FROM bundles WHERE direction = 'export' AND json_extract(details, '$.workshopId') = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1`)
        .get(r.workshop_id, r.created_at) as { id: string; created_at: string } | undefined) ?? null
    );
  }

  private checkChangeable(r: ContributionRow, confirmAfterExport: boolean | undefined, verb: string): { id: string; created_at: string } | null {
    if (r.source_bundle_id) throw new AppError('conflict', `this contribution came in bundle ${r.source_bundle_id}; it can only be ${verb} where it was captured`, coded('contribution.fromBundle'));
    const decided = this.store.sql('SELECT field, status FROM contribution_decisions WHERE contribution_id = ?').all(r.id) as Array<{ field: string; status: string }>;
    if (decided.length) throw new AppError('conflict', `this contribution was already ${decided.map((d) => `${d.status} under ${d.field}`).join(', ')}; it can no longer be ${verb}`, coded('contribution.decided', undefined, { detail: true }));
    const b = this.travelledIn(r);
    if (b && !confirmAfterExport) {
      throw new AppError('conflict', `this contribution already travelled in bundle ${b.id} (${b.created_at}); confirm to change it: the change is recorded in the audit log and the workshop needs a new export`, coded('contribution.travelled', undefined, { afterExport: b.id }));
    }
    return b;
  }

  private keep(r: ContributionRow, action: 'edit' | 'delete', afterBundle: string | null): void {
    const a = this.store.author();
    this.store
      .sql(
        `INSERT INTO contribution_history (id, contribution_id, action, old_content, old_targets, old_participant_id, old_organisation, at, by_name, by_org, installation_id, after_bundle_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId(), r.id, action, r.content, r.targets, r.participant_id, r.organisation, nowIso(), a.name, a.organisation, a.installationId, afterBundle);
  }

  private draftOf(r: ContributionRow): string | null {
    return r.draft_id ?? (r.workshop_id ? this.workshops.row(r.workshop_id).draft_id : null);
  }

  update(input: { contributionId: string; content?: Doc; targets?: string[]; participantId?: string | null; organisation?: string; confirmAfterExport?: boolean }): Contribution {
    const r = this.row(input.contributionId);
    const b = this.checkChangeable(r, input.confirmAfterExport, 'changed');
    if (input.content && isEmptyDoc(input.content)) throw new AppError('invalid_input', 'the contribution is empty; delete it instead', coded('contribution.empty'));
    const w = r.workshop_id ? this.workshops.row(r.workshop_id) : null;
    const targets = input.targets ? [...new Set(input.targets)] : (JSON.parse(r.targets) as string[]);
    if (w) {
      const t = this.workshops.template(w);
      for (const f of targets) if (!hasField(t, f)) throw new AppError('not_found', `unknown question or objective ${f} in template ${t.id} ${t.version}`);
    }
    const participantId = input.participantId === undefined ? r.participant_id : input.participantId;
    if (participantId) {
      const p = this.store.sql('SELECT workshop_id FROM participants WHERE id = ?').get(participantId) as { workshop_id: string } | undefined;
      if (!p || p.workshop_id !== r.workshop_id) throw new AppError('not_found', `no participant ${participantId} in this workshop`);
    }
    const organisation = input.organisation ?? r.organisation;
    if (!participantId && !organisation.trim()) throw new AppError('invalid_input', 'attribute the contribution to a participant or an organisation', coded('contribution.unattributed'));
    const content = input.content ?? (JSON.parse(r.content) as Doc);
    this.store.tx(() => {
      this.keep(r, 'edit', b?.id ?? null);
      this.store
        .sql('UPDATE contributions SET content = ?, text = ?, targets = ?, participant_id = ?, organisation = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(content), docText(content), JSON.stringify(targets), participantId, organisation, nowIso(), r.id);
      this.store.audit(this.draftOf(r), b ? 'contribution.edit-after-export' : 'contribution.edit', {
        target: `contribution ${r.id}`,
        oldValue: r.text.slice(0, 2000),
        newValue: docText(content).slice(0, 2000),
        reason: b ? `already exported in bundle ${b.id}; export the workshop again` : undefined,
      });
    });
    return queryContributions(this.store, 'c.id = ?', r.id)[0]!;
  }

  delete(contributionId: string, confirmAfterExport?: boolean): { contributionId: string; deletedAt: string } {
    const r = this.row(contributionId);
    const b = this.checkChangeable(r, confirmAfterExport, 'deleted');
    const at = nowIso();
    this.store.tx(() => {
      this.keep(r, 'delete', b?.id ?? null);
      this.store.sql('UPDATE contributions SET deleted_at = ? WHERE id = ?').run(at, r.id);
      this.store.audit(this.draftOf(r), b ? 'contribution.delete-after-export' : 'contribution.delete', {
        target: `contribution ${r.id}`,
        oldValue: r.text.slice(0, 2000),
        reason: b ? `already exported in bundle ${b.id}; export the workshop again` : undefined,
      });
    });
    return { contributionId: r.id, deletedAt: at };
  }

  history(contributionId: string): ContributionChange[] {
    const exists = this.store.sql('SELECT 1 FROM contributions WHERE id = ?').get(contributionId);
    if (!exists) throw new AppError('not_found', `no contribution with id ${contributionId}`);
    const rows = this.store.sql('SELECT * FROM contribution_history WHERE contribution_id = ? ORDER BY at, id').all(contributionId) as Array<{
      id: string;
      action: 'edit' | 'delete';
      at: string;
      by_name: string;
      by_org: string;
      old_content: string;
      old_targets: string;
      old_organisation: string;
      after_bundle_id: string | null;
    }>;
    return rows.map((h) => ({
      id: h.id,
      action: h.action,
      at: h.at,
      byName: h.by_name,
      byOrganisation: h.by_org,
      oldText: docText(JSON.parse(h.old_content) as Doc),
      oldTargets: JSON.parse(h.old_targets) as string[],
      oldOrganisation: h.old_organisation,
      afterBundleId: h.after_bundle_id,
    }));
  }

  updateParticipant(input: { participantId: string; name?: string; organisation?: string; kind?: ParticipantKind; consentToName?: boolean }): Participant {
    const p = this.store.sql('SELECT * FROM participants WHERE id = ?').get(input.participantId) as ParticipantRow | undefined;
    if (!p) throw new AppError('not_found', `no participant with id ${input.participantId}`);
    const w = this.workshops.row(p.workshop_id);
    const consent = input.consentToName ?? p.consent_to_name === 1;
    const name = input.name ?? p.name;
    if (consent && !name) throw new AppError('invalid_input', 'a participant can consent to be named only with a name', coded('contribution.consentNeedsName'));
    const withdrawn = p.consent_to_name === 1 && !consent;
    const at = nowIso();
    const label = (n: string | null, o: string, c: boolean) => (c && n ? `${n} (${o})` : o);
    this.store.tx(() => {
      this.store
        .sql('UPDATE participants SET name = ?, organisation = ?, kind = ?, consent_to_name = ?, consent_withdrawn_at = ?, updated_at = ? WHERE id = ?')
        .run(name, input.organisation ?? p.organisation, input.kind ?? p.kind, consent ? 1 : 0, withdrawn ? at : consent ? null : p.consent_withdrawn_at, at, p.id);
      this.store.audit(w.draft_id, withdrawn ? 'participant.consent-withdrawn' : 'participant.edit', {
        target: `participant ${p.id} (workshop ${w.id})`,
        oldValue: label(p.name, p.organisation, p.consent_to_name === 1),
        newValue: label(name, input.organisation ?? p.organisation, consent),
        reason: withdrawn ? 'consent to be named withdrawn: the name no longer travels in bundles' : undefined,
      });
    });
    return queryParticipants(this.store, 'id = ?', p.id)[0]!;
  }
}
