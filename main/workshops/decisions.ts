/**
 * The ministry's decisions on contributions, per target: accept into the master answer (a new
 * revision whose note records where the text came from, plus a row in contribution_sources) or
 * dismiss with a reason. A contribution tagged to several questions keeps waiting under those not
 * yet decided. Both are in the audit log.
 */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { Contribution } from '../../shared/contract/workshops';
import { docText, emptyDoc, isEmptyDoc, type Doc } from '../../shared/doc';
import { valueDoc } from '../../shared/note';
import { fieldKind, hasField } from '../../shared/template';
import type { Drafts } from '../services/drafts';
import { writeRevision } from '../services/fields';
import { isFilled } from '../services/values';
import { getHead, parseValue } from '../store/revisions';
import { nowIso, type Store } from '../store/store';
import { queryContributions } from './rows';
import { coded } from '../../shared/messages';

export type AcceptMode = 'append' | 'insert' | 'replace-none';

function one(store: Store, id: string): Contribution {
  const c = queryContributions(store, 'c.id = ?', id)[0];
  if (!c) throw new AppError('not_found', `no contribution with id ${id}`);
  return c;
}

/** The provenance line written into the revision note (names only with consent). */
export function provenanceNote(c: Contribution): string {
  const w = c.provenance.workshop;
  const parts = [`from ${c.provenance.source}`];
  if (w) parts.push(`workshop "${w.title}", ${w.date}, ${w.place}`);
  if (c.provenance.bundle) parts.push(`bundle ${c.provenance.bundle.id}${c.provenance.bundle.signerName ? ` signed by ${c.provenance.bundle.signerName}` : ''}`);
  return `accepted contribution ${c.id} ${parts.join('; ')}`;
}

function combine(current: FieldValue | null, field: string, kindOf: FieldValue['kind'], doc: Doc, mode: AcceptMode, at: number | undefined): FieldValue {
  if (mode === 'replace-none' && current && isFilled(current)) {
    throw new AppError('conflict', `${field} already has an answer; use append (or insert) so nothing in it is replaced`, coded('contribution.answerExists', { question: field }));
  }
  // Answers and notes are both documents: the contribution's paragraphs go in at the same place.
  const base = current && current.kind === kindOf && mode !== 'replace-none' ? valueDoc(current) : emptyDoc();
  const i = mode === 'insert' ? Math.min(at ?? base.content.length, base.content.length) : base.content.length;
  const joined: Doc = { type: 'doc', content: [...base.content.slice(0, i), ...doc.content, ...base.content.slice(i)] };
  if (kindOf === 'answer') return { kind: 'answer', doc: joined };
  return kindOf === 'objective' ? { kind: 'objective', status: current?.kind === 'objective' ? current.status : 'not_started', note: joined } : { kind: 'principle', note: joined };
}

export class Decisions {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  list(draftId: string, field?: string, status?: string): Contribution[] {
    this.drafts.row(draftId, { allowDeleted: true });
    if (!field) return queryContributions(this.store, `c.draft_id = ?${status ? ' AND c.status = ?' : ''}`, ...[draftId, status].filter((x) => x !== undefined));
    const tagged = 'EXISTS (SELECT 1 FROM json_each(c.targets) t WHERE t.value = ?)';
    const decided = 'EXISTS (SELECT 1 FROM contribution_decisions d WHERE d.contribution_id = c.id AND d.field = ?';
    if (!status) return queryContributions(this.store, `c.draft_id = ? AND ${tagged}`, draftId, field);
    if (status === 'pending') return queryContributions(this.store, `c.draft_id = ? AND ${tagged} AND NOT ${decided})`, draftId, field, field);
    return queryContributions(this.store, `c.draft_id = ? AND ${decided} AND d.status = ?)`, draftId, field, status);
  }

  /** The fields to decide: those given, or every target it still waits under; none decided already. */
  private toDecide(c: Contribution, fields: string[] | undefined): string[] {
    const out = [...new Set(fields ?? c.pendingTargets)];
    if (!out.length) {
      const all = new Set(c.decisions.map((d) => d.status));
      const what = all.size === 1 ? [...all][0] : 'decided';
      throw new AppError('conflict', `contribution ${c.id} was already ${what} under every target (${c.decisions.map((d) => `${d.field}: ${d.status} ${d.decidedAt} by ${d.decidedBy}`).join('; ')})${what === 'accepted' ? '; edit the answer instead' : ''}`);
    }
    for (const f of out) {
      const d = c.decisions.find((x) => x.field === f);
      if (d) throw new AppError('conflict', `contribution ${c.id} was already ${d.status} under ${f} (${d.decidedAt} by ${d.decidedBy})${d.status === 'accepted' ? '; edit the answer instead' : ''}`);
    }
    return out;
  }

  /** toDecide, for a contribution not queued for another draft than `draftId`. */
  private toAccept(c: Contribution, draftId: string, fields: string[] | undefined): string[] {
    if (c.draftId && c.draftId !== draftId) throw new AppError('conflict', `contribution ${c.id} is queued for draft ${c.draftId}, not ${draftId}`);
    return this.toDecide(c, fields);
  }

  private decide(c: Contribution, field: string, status: 'accepted' | 'dismissed', at: string, reason: string | null, revisionId: string | null): void {
    this.store
      .sql('INSERT INTO contribution_decisions (contribution_id, field, status, decided_at, decided_by, reason, revision_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, field, status, at, this.store.author().name, reason, revisionId);
  }

  /** The contribution's own status follows its targets: pending while any waits. */
  private settle(id: string, draftId: string): void {
    const c = one(this.store, id);
    if (c.pendingTargets.length) return;
    const accepted = c.decisions.filter((d) => d.status === 'accepted');
    const last = [...c.decisions].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt)).pop()!;
    this.store
      .sql('UPDATE contributions SET status = ?, draft_id = ?, decided_at = ?, decided_by = ?, accepted_revision_id = ?, dismiss_reason = ? WHERE id = ?')
      .run(accepted.length ? 'accepted' : 'dismissed', draftId, last.decidedAt, last.decidedBy, accepted[0]?.revisionId ?? null, accepted.length ? null : last.reason, c.id);
  }

  accept(input: { contributionId: string; draftId: string; fields?: string[]; mode: AcceptMode; at?: number; content?: Doc }): { contribution: Contribution; revisions: Array<{ field: string; revisionId: string }> } {
    const c = one(this.store, input.contributionId);
    const row = this.drafts.row(input.draftId);
    const t = this.drafts.template(row);
    const fields = this.toAccept(c, input.draftId, input.fields);
    for (const f of fields) if (!hasField(t, f)) throw new AppError('not_found', `unknown question or objective ${f} in template ${t.id} ${t.version}`);
    if (input.content && isEmptyDoc(input.content)) throw new AppError('invalid_input', 'the edited contribution is empty; dismiss it instead', coded('contribution.editedEmpty'));
    const note = provenanceNote(c) + (input.content ? ' (edited when accepted)' : '');
    const who = this.store.author();
    const at = nowIso();
    const revisions = this.store.tx(() => {
      // again under the write lock: another process may have decided it, queued it elsewhere or updated its text meanwhile (then said by name, not a raw key error)
      const now = one(this.store, c.id);
      this.toAccept(now, input.draftId, fields); // the fields taken above, each still open (not the pending ones now)
      const out: Array<{ field: string; revisionId: string }> = [];
      for (const field of fields) {
        const head = getHead(this.store, input.draftId, field);
        const value = combine(head ? parseValue(head.value) : null, field, fieldKind(field), input.content ?? now.content, input.mode, input.at);
        const w = writeRevision(this.store, { draftId: input.draftId, field, value, parentId: head?.revision_id ?? null, note, sourceBundleId: c.provenance.bundle?.id ?? null });
        this.store
          .sql('INSERT INTO contribution_sources (contribution_id, draft_id, field, revision_id, accepted_at, accepted_by, mode) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(c.id, input.draftId, field, w.revisionId, at, who.name, input.mode);
        this.decide(c, field, 'accepted', at, null, w.revisionId);
        out.push({ field, revisionId: w.revisionId });
      }
      this.store.sql('UPDATE contributions SET draft_id = ? WHERE id = ?').run(input.draftId, c.id);
      this.settle(c.id, input.draftId);
      this.store.audit(input.draftId, 'contribution.accept', { target: fields.join(', '), newValue: now.text.slice(0, 2000), reason: note });
      return out;
    });
    return { contribution: one(this.store, c.id), revisions };
  }

  dismiss(contributionId: string, reason: string, fields?: string[]): Contribution {
    const which = this.toDecide(one(this.store, contributionId), fields);
    const c = this.store.tx(() => {
      const c = one(this.store, contributionId); // again under the write lock, as accept (another process may have queued it for a draft meanwhile)
      this.toDecide(c, which);
      const at = nowIso();
      for (const f of which) this.decide(c, f, 'dismissed', at, reason, null);
      if (c.draftId) this.settle(c.id, c.draftId);
      else if (!one(this.store, c.id).pendingTargets.length) {
        this.store.sql("UPDATE contributions SET status = 'dismissed', decided_at = ?, decided_by = ?, dismiss_reason = ? WHERE id = ?").run(at, this.store.author().name, reason, c.id);
      }
      this.store.audit(c.draftId, 'contribution.dismiss', { target: which.join(', '), oldValue: docText(c.content).slice(0, 2000), reason });
      return c;
    });
    return one(this.store, c.id);
  }

  sources(draftId: string, field: string) {
    this.drafts.row(draftId, { allowDeleted: true });
    const rows = this.store
      .sql('SELECT * FROM contribution_sources WHERE draft_id = ? AND field = ? ORDER BY accepted_at, contribution_id')
      .all(draftId, field) as Array<{ contribution_id: string; field: string; revision_id: string; accepted_at: string; accepted_by: string; mode: string }>;
    return rows.map((r) => ({ field: r.field, revisionId: r.revision_id, acceptedAt: r.accepted_at, acceptedBy: r.accepted_by, mode: r.mode, contribution: one(this.store, r.contribution_id) }));
  }
}
