/** Workshops, participants and fast capture of contributions. */
import { AppError } from '../../shared/contract/common';
import type { Contribution, Participant, ParticipantKind, Workshop } from '../../shared/contract/workshops';
import { docText, isEmptyDoc, type Doc } from '../../shared/doc';
import { DEFAULT_TEMPLATE_ID, hasField, type Template } from '../../shared/template';
import type { Drafts } from '../services/drafts';
import type { Templates } from '../services/templates';
import { newId, nowIso, type Store } from '../store/store';
import { queryContributions, queryParticipants, WORKSHOP_SELECT, workshopFrom, type WorkshopRow } from './rows';

export class Workshops {
  constructor(
    private store: Store,
    private drafts: Drafts,
    private templates: Templates,
  ) {}

  row(workshopId: string): WorkshopRow {
    const r = this.store.sql('SELECT * FROM workshops WHERE id = ?').get(workshopId) as WorkshopRow | undefined;
    if (!r) throw new AppError('not_found', `no workshop with id ${workshopId}`);
    return r;
  }

  template(w: WorkshopRow): Template {
    return this.templates.get(w.template_id, w.template_version);
  }

  create(input: { title: string; date: string; place: string; authority: string; facilitator?: string; draftId?: string }): Workshop {
    const d = input.draftId ? this.drafts.row(input.draftId) : null;
    const t = d ? this.drafts.template(d) : this.templates.get(DEFAULT_TEMPLATE_ID);
    const a = this.store.author();
    const id = newId();
    this.store.tx(() => {
      this.store
        .sql(
          `INSERT INTO workshops (id, draft_id, template_id, template_version, title, date, place, authority, facilitator, created_at, created_by_name, created_by_org, installation_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, d?.id ?? null, t.id, t.version, input.title, input.date, input.place, input.authority, input.facilitator ?? a.name, nowIso(), a.name, a.organisation, a.installationId);
      this.store.audit(d?.id ?? null, 'workshop.create', { target: id, newValue: `${input.title} — ${input.date}, ${input.place} (${input.authority})` });
    });
    return this.get(id).workshop;
  }

  list(draftId?: string): Workshop[] {
    const rows = (draftId ? this.store.sql(`${WORKSHOP_SELECT} WHERE w.draft_id = ? ORDER BY w.date DESC, w.id`).all(draftId) : this.store.sql(`${WORKSHOP_SELECT} ORDER BY w.date DESC, w.id`).all()) as Array<
      WorkshopRow & { n_participants: number; n_contributions: number }
    >;
    return rows.map(workshopFrom);
  }

  get(workshopId: string): { workshop: Workshop; participants: Participant[]; contributions: Contribution[] } {
    const r = this.store.sql(`${WORKSHOP_SELECT} WHERE w.id = ?`).get(workshopId) as (WorkshopRow & { n_participants: number; n_contributions: number }) | undefined;
    if (!r) throw new AppError('not_found', `no workshop with id ${workshopId}`);
    const participants = queryParticipants(this.store, 'workshop_id = ?', workshopId);
    return { workshop: workshopFrom(r), participants, contributions: queryContributions(this.store, 'c.workshop_id = ?', workshopId) };
  }

  addParticipant(input: { workshopId: string; name: string; organisation: string; kind: ParticipantKind; consentToName: boolean }): Participant {
    const w = this.row(input.workshopId);
    const id = newId();
    this.store.tx(() => {
      this.store
        .sql('INSERT INTO participants (id, workshop_id, name, organisation, kind, consent_to_name, created_at, installation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, w.id, input.name, input.organisation, input.kind, input.consentToName ? 1 : 0, nowIso(), this.store.installationId);
      this.store.audit(w.draft_id, 'participant.add', { target: `workshop ${w.id}`, newValue: input.consentToName ? `${input.name} (${input.organisation})` : input.organisation });
    });
    return queryParticipants(this.store, 'id = ?', id)[0]!;
  }

  /** Fast capture: one insert, tagged to fields of the workshop's (or draft's) template. */
  addContribution(input: { workshopId?: string; draftId?: string; targets: string[]; content: Doc; participantId?: string; organisation?: string; clearCapture?: boolean }): Contribution {
    if (!input.workshopId && !input.draftId) throw new AppError('invalid_input', 'a contribution belongs to a workshop or a draft: give one');
    const w = input.workshopId ? this.row(input.workshopId) : null;
    const draftId = input.draftId ?? w?.draft_id ?? null;
    const t = w ? this.template(w) : this.drafts.template(this.drafts.row(draftId!));
    if (draftId && w?.draft_id && w.draft_id !== draftId) throw new AppError('invalid_input', `workshop ${w.id} is held for draft ${w.draft_id}, not ${draftId}`);
    if (draftId) this.drafts.row(draftId);
    const targets = [...new Set(input.targets)];
    for (const f of targets) if (!hasField(t, f)) throw new AppError('not_found', `unknown question or objective ${f} in template ${t.id} ${t.version}`);
    if (isEmptyDoc(input.content)) throw new AppError('invalid_input', 'the contribution is empty');
    let organisation = input.organisation?.trim() ?? '';
    if (input.participantId) {
      const p = this.store.sql('SELECT workshop_id, organisation FROM participants WHERE id = ?').get(input.participantId) as { workshop_id: string; organisation: string } | undefined;
      if (!p || p.workshop_id !== w?.id) throw new AppError('not_found', `no participant ${input.participantId} in this workshop`);
      organisation ||= p.organisation;
    }
    if (!organisation) throw new AppError('invalid_input', 'attribute the contribution to a participant or an organisation');
    const a = this.store.author();
    const id = newId();
    this.store.tx(() => {
      this.store
        .sql(
          `INSERT INTO contributions (id, workshop_id, draft_id, participant_id, organisation, targets, content, text, created_at, author_name, author_org, installation_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, w?.id ?? null, draftId, input.participantId ?? null, organisation, JSON.stringify(targets), JSON.stringify(input.content), docText(input.content), nowIso(), a.name, a.organisation, a.installationId);
      if (input.clearCapture && w) this.store.sql('DELETE FROM capture_drafts WHERE workshop_id = ?').run(w.id);
    });
    return queryContributions(this.store, 'c.id = ?', id)[0]!;
  }
}
