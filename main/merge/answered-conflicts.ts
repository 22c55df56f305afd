/**
 * A conflict asks about one returned text (its theirs). The same department may send that history
 * again, further on: a newer export after an older one, or an older one after a newer (the newest
 * sent first, a laptop restored from a backup), or the master merged twice into a department's
 * copy. Within one history the newest text answers the earlier ones, so:
 *  - a returned text that an open conflict's theirs already holds asks nothing new: it waits in
 *    that conflict (`conflictHolding`); one that any other newer text here holds (merged, taken, or
 *    found to change nothing: a change the department withdrew) changes nothing
 *    (RevisionGraph.hasDescendant, in returned-draft.ts);
 *  - a newer text (merged, taken or in conflict itself) answers every open conflict over a text it
 *    holds: those are closed (`closeAnsweredConflicts`), recorded as resolved by the import, with
 *    an audit entry naming the bundle; their texts stay in the history, which the newer text
 *    descends from.
 * Otherwise the user would be asked again about a text the department has moved past, and a
 * decision for it could no longer be taken against the current answer.
 */
import type { RevisionGraph } from './graph';
import { nowIso, type Store } from '../store/store';

interface OpenConflict {
  id: string;
  theirs_revision_id: string;
}

const openConflicts = (store: Store, draftId: string, field: string) =>
  store.sql('SELECT id, theirs_revision_id FROM merge_conflicts WHERE draft_id = ? AND field = ? AND resolved_at IS NULL ORDER BY created_at').all(draftId, field) as OpenConflict[];

/** The open conflict of the field whose returned text holds `theirs` (is it or descends from it), if any. */
export function conflictHolding(store: Store, draftId: string, field: string, graph: RevisionGraph, theirs: string): string | null {
  return openConflicts(store, draftId, field).find((c) => graph.isAncestor(theirs, c.theirs_revision_id))?.id ?? null;
}

/** Closes the open conflicts of the field over an earlier text of `theirs`' history (not the one `keep` names). */
export function closeAnsweredConflicts(store: Store, draftId: string, field: string, graph: RevisionGraph, theirs: string, by: { bundleId: string; keep?: string }): void {
  const at = nowIso();
  for (const c of openConflicts(store, draftId, field)) {
    if (c.id === by.keep || c.theirs_revision_id === theirs || !graph.isAncestor(c.theirs_revision_id, theirs)) continue;
    // no resolved_revision_id: nothing was decided (listConflicts tells it as `answered`)
    store.sql('UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(at, store.author().name, c.id);
    store.audit(draftId, 'conflict.resolve', { target: field, reason: `answered by the newer text of the same history in bundle ${by.bundleId}` });
  }
}
