/** The consolidation dashboard: per question, what is waiting and from whom; per objective, what every source said. */
import type { Dashboard, WorkshopLabel } from '../../shared/contract/review';
import { docToText } from '../../shared/plaintext';
import type { Contribution } from '../../shared/contract/workshops';
import { fieldKind, objectiveField, questions } from '../../shared/template';
import type { Drafts } from '../services/drafts';
import { isFilled } from '../services/values';
import { listHeads, parseValue } from '../store/revisions';
import type { Store } from '../store/store';
import { queryContributions } from '../workshops/rows';

/** A contribution's status under one of its targets (each target is decided on its own). */
export const targetStatus = (c: Contribution, field: string): Contribution['status'] => c.decisions.find((d) => d.field === field)?.status ?? 'pending';

/** The workshop a contribution was said at (title, day, place), or null when it came otherwise. */
const workshopLabel = (c: Contribution): WorkshopLabel | null => {
  const w = c.provenance.workshop;
  return w ? { title: w.title, date: w.date, place: w.place } : null;
};

export function buildDashboard(store: Store, drafts: Drafts, draftId: string): Dashboard {
  const row = drafts.row(draftId, { allowDeleted: true });
  const t = drafts.template(row);
  const d = store.sql('SELECT status, version FROM drafts WHERE id = ?').get(draftId) as { status: string; version: number };
  const heads = new Map(listHeads(store, draftId).map((h) => [h.field, parseValue(h.value)]));
  const byField = new Map<string, Contribution[]>();
  for (const c of queryContributions(store, 'c.draft_id = ?', draftId)) for (const f of c.targets) byField.set(f, [...(byField.get(f) ?? []), c]);
  const count = (sql: string) => (store.sql(sql).get(draftId) as { n: number }).n;
  const qs = questions(t).map((q) => {
    const cs = byField.get(q.id) ?? [];
    const pending = cs.filter((c) => targetStatus(c, q.id) === 'pending');
    const from = new Map<string, Dashboard['questions'][number]['from'][number]>();
    for (const c of pending) {
      const k = `${c.provenance.source}\u0000${c.provenance.workshop?.id ?? ''}`;
      const e = from.get(k) ?? { source: c.provenance.source, workshop: workshopLabel(c), count: 0 };
      e.count++;
      from.set(k, e);
    }
    const v = heads.get(q.id);
    return {
      field: q.id,
      answered: !!v && isFilled(v),
      pending: pending.length,
      accepted: cs.filter((c) => targetStatus(c, q.id) === 'accepted').length,
      dismissed: cs.filter((c) => targetStatus(c, q.id) === 'dismissed').length,
      from: [...from.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    };
  });
  const objectiveQuestion = questions(t).find((q) => q.extension === 'objectives');
  const objectives = objectiveQuestion
    ? t.objectives.map((o) => {
        const field = objectiveField(objectiveQuestion.id, o.number);
        const v = heads.get(field);
        return {
          field,
          number: o.number,
          master: v && fieldKind(field) === 'objective' && v.kind === 'objective' ? { status: v.status, note: docToText(v.note) } : null,
          said: (byField.get(field) ?? []).map((c) => ({
            contributionId: c.id,
            source: c.provenance.source,
            workshop: workshopLabel(c),
            status: targetStatus(c, field),
            text: c.text,
          })),
        };
      })
    : [];
  return {
    draftId,
    status: d.status,
    version: d.version,
    openConflicts: count('SELECT count(*) AS n FROM merge_conflicts WHERE draft_id = ? AND resolved_at IS NULL'),
    openComments: count('SELECT count(*) AS n FROM comments WHERE draft_id = ? AND parent_id IS NULL AND resolved_at IS NULL'),
    questions: qs,
    objectives,
  };
}
