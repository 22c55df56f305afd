/**
 * The audit trail of a draft: draft-level entries (audit_log: rename, review steps, comments,
 * contribution decisions, merges, imports) together with every field edit (revisions: old = the
 * parent revision's value, new = this one, why = the revision note), oldest first.
 */
import type { AuditEntry } from '../../shared/contract/review';
import type { FieldValue } from '../../shared/contract/drafts';
import { toCsv } from '../../shared/csv';
import { docToText } from '../../shared/plaintext';
import type { Drafts } from '../services/drafts';
import { listRevisionRows, parseValue } from '../store/revisions';
import type { Store } from '../store/store';

export const AUDIT_COLUMNS = ['when', 'who', 'organisation', 'installation', 'action', 'target', 'old', 'new', 'why'] as const;

export function renderValue(v: FieldValue): string {
  if (v.kind === 'answer') return docToText(v.doc);
  const note = docToText(v.note);
  if (v.kind === 'objective') return note ? `[${v.status}] ${note}` : `[${v.status}]`;
  return note;
}

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
    const rendered = new Map(revs.map((r) => [r.id, renderValue(parseValue(r.value))]));
    const out: AuditEntry[] = [
      ...log.map((l) => ({
        at: l.at,
        who: l.actor_name,
        organisation: l.actor_org,
        installationId: l.installation_id,
        action: l.action,
        target: l.target ?? '',
        old: l.old_value ?? '',
        new: l.new_value ?? '',
        why: l.reason ?? '',
      })),
      ...revs.map((r) => ({
        at: r.created_at,
        who: r.author_name,
        organisation: r.author_org,
        installationId: r.installation_id,
        action: r.merge_parent_id ? 'field.merge' : r.source_bundle_id && !r.note?.startsWith('accepted contribution') ? 'field.import' : 'field.edit',
        target: r.field,
        old: r.parent_id ? (rendered.get(r.parent_id) ?? '') : '',
        new: rendered.get(r.id) ?? '',
        why: r.note ?? '',
      })),
    ];
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  csv(draftId: string): { csv: string; rows: number } {
    const e = this.entries(draftId);
    return { csv: toCsv([[...AUDIT_COLUMNS], ...e.map((x) => [x.at, x.who, x.organisation, x.installationId, x.action, x.target, x.old, x.new, x.why])]), rows: e.length };
  }
}
