/**
 * The audit trail of a draft: draft-level entries (audit_log: rename, review steps, comments,
 * contribution decisions, merges, imports) together with every field edit (revisions: old = the
 * parent revision's value, new = this one, why = the revision note), oldest first. Consecutive
 * saves of a field by one author are one entry (an editing session, main/history/sessions.ts):
 * old = before its first save, new = after its last, with every revision id it holds.
 */
import type { AuditEntry } from '../../shared/contract/review';
import type { FieldValue } from '../../shared/contract/drafts';
import { toCsv } from '../../shared/csv';
import { docToText } from '../../shared/plaintext';
import type { Drafts } from '../services/drafts';
import { listRevisionRows, parseValue } from '../store/revisions';
import type { Store } from '../store/store';
import { groupSessions } from '../history/sessions';
import { auditTarget } from '../../shared/audit-target';
import { auditSubjects } from './audit-subjects';
import { AUDIT_COLUMNS } from './audit-columns';
import type { Language } from '../../shared/i18n/languages';

export { AUDIT_COLUMNS } from './audit-columns';

export function renderValue(v: FieldValue): string {
  if (v.kind === 'answer') return docToText(v.doc);
  const note = docToText(v.note);
  if (v.kind === 'objective') return note ? `[${v.status}] ${note}` : `[${v.status}]`;
  return note;
}

const withSubject = (subject: string | undefined) => (subject === undefined ? {} : { subject });

export class Audit {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  entries(draftId: string): AuditEntry[] {
    this.drafts.row(draftId, { allowDeleted: true });
    const log = this.store.sql('SELECT * FROM audit_log WHERE draft_id = ? ORDER BY at, id').all(draftId) as Array<{
      at: string;
      actor_name: string;
      actor_org: string;
      installation_id: string;
      action: string;
      target: string | null;
      old_value: string | null;
      new_value: string | null;
      reason: string | null;
    }>;
    const revs = listRevisionRows(this.store, draftId);
    const byId = new Map(revs.map((r) => [r.id, r]));
    const rendered = (id: string | null) => {
      const r = id ? byId.get(id) : undefined;
      return r ? renderValue(parseValue(r.value)) : '';
    };
    // Field edits are grouped into editing sessions, like the history: one entry per session.
    const sessions = groupSessions(revs, 'oldest-first');
    const subject = auditSubjects(this.store);
    const out: AuditEntry[] = [
      ...log.map((l) => ({
        at: l.at,
        who: l.actor_name,
        organisation: l.actor_org,
        installationId: l.installation_id,
        action: l.action,
        target: l.target ?? '',
        ...withSubject(subject(auditTarget(l.action, l.target ?? ''))),
        old: l.old_value ?? '',
        new: l.new_value ?? '',
        why: l.reason ?? '',
      })),
      ...sessions.map((g) => {
        const first = g[0]!;
        const r = g[g.length - 1]!;
        return {
          at: first.created_at,
          until: r.created_at,
          who: r.author_name,
          organisation: r.author_org,
          installationId: r.installation_id,
          action: r.merge_parent_id ? 'field.merge' : r.source_bundle_id && !r.note?.startsWith('accepted contribution') ? 'field.import' : 'field.edit',
          target: r.field,
          old: rendered(first.parent_id),
          new: rendered(r.id),
          why: r.note ?? '',
          revisions: g.map((x) => x.id),
        };
      }),
    ];
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** The entries as AUDIT_COLUMNS' values: the rows of the CSV and of the workbook. */
  private rows(draftId: string): string[][] {
    return this.entries(draftId).map((x) => [x.at, x.who, x.organisation, x.installationId, x.action, x.target, x.old, x.new, x.why, x.until ?? '', (x.revisions ?? []).join(' ')]);
  }

  csv(draftId: string): { csv: string; rows: number } {
    const rows = this.rows(draftId);
    return { csv: toCsv([[...AUDIT_COLUMNS], ...rows]), rows: rows.length };
  }

  /** The same as an Excel workbook, its headers in `lang` (./audit-sheet.ts, loaded with this call only). */
  async workbook(draftId: string, lang: Language): Promise<{ base64: string; rows: number }> {
    const rows = this.rows(draftId);
    const { auditWorkbook } = await import('./audit-sheet');
    return { base64: (await auditWorkbook(rows, lang)).toString('base64'), rows: rows.length };
  }
}
