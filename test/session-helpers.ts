/** Sessions worked out the long way, to compare kept summaries with, and the stores' shapes that test them (session-summaries and summary-backfill tests). */
import { sessionOf } from '../main/history/field-sessions';
import { groupSessions } from '../main/history/sessions';
import type { Services } from '../main/services';
import { getRevisionRow, insertRevision, listRevisionRows } from '../main/store/revisions';
import { changeSummary } from '../shared/change-summary';
import type { FieldSession } from '../shared/contract';
import { answer } from './merge-helpers';

/** What the summaries decide (the kind and the bundle's signer are read from the rows, and tested elsewhere). */
export type Compared = Omit<FieldSession, 'kind' | 'broughtBy' | 'current'>;

/** A field's sessions worked out the long way: every revision's text, grouped, each session diffed. */
export function recomputed(s: Services, draftId: string, field: string): Compared[] {
  const rows = listRevisionRows(s.store, draftId, field); // newest first, with texts
  return groupSessions(rows, 'newest-first').map((g) => {
    const last = g[0]!;
    const first = g[g.length - 1]!;
    const before = first.parent_id ? getRevisionRow(s.store, first.parent_id)!.text : '';
    const { kind: _k, broughtBy: _b, current: _c, ...session } = sessionOf(g, field, { size: last.text.length, ...changeSummary(before, last.text) });
    return session;
  });
}

/** Every field with a revision in the store. */
export const fieldsOf = (s: Services) =>
  s.store.db.prepare('SELECT DISTINCT d.id AS draftId, f.name AS field FROM revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field ORDER BY 1, 2').all() as Array<{ draftId: string; field: string }>;

/** The field with the most revisions. */
export const busiestField = (s: Services) =>
  s.store.db
    .prepare('SELECT d.id AS draftId, f.name AS field FROM revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1')
    .get() as { draftId: string; field: string };

/**
 * A save imported from another installation into the field's oldest plain session of 3 saves or
 * more, dated in its middle and made on its first save: it splits that session in three. Returns
 * the session as it was.
 */
export function splitOldSession(s: Services, where: { draftId: string; field: string }, id: string): Compared {
  const [target] = recomputed(s, where.draftId, where.field).filter((x) => x.saves >= 3 && x.note === null).slice(-1);
  const text = 'Une phrase écrite ailleurs — نص من مكان آخر';
  s.store.tx(() =>
    insertRevision(s.store, {
      id,
      draft_id: where.draftId,
      field: where.field,
      parent_id: target!.firstRevisionId,
      merge_parent_id: null,
      value: JSON.stringify(answer(text)),
      text,
      author_name: 'Karim Benali',
      author_org: 'Ministry of the Interior',
      installation_id: 'another-installation',
      created_at: new Date((Date.parse(target!.start) + Date.parse(target!.end)) / 2).toISOString(),
      note: null,
      source_bundle_id: null,
    }),
  );
  return target!;
}
