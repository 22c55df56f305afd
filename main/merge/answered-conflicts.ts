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
 *    descends from. A decision already taken in a closed conflict is carried over to the place of
 *    the newer conflict (`keep`) that asks the same thing (the same base, ours and theirs texts);
 *    the others no longer apply, and the newer conflict says how many (`earlierDecisions`): those
 *    at a stretch of text it still asks about, changed further (superseded: to decide again), and
 *    those at a stretch it no longer asks about, which the merge settled by itself with the newer
 *    text (settled: nothing to decide there).
 * Otherwise the user would be asked again about a text the department has moved past, and a
 * decision for it could no longer be taken against the current answer.
 */
import type { Doc } from '../../shared/doc';
import type { RevisionGraph } from './graph';
import { fieldMerge, placeViews, type FieldMerge, type PlaceView } from './places';
import { canonicalJson } from '../services/values';
import { revisionValue } from '../store/revisions';
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
    store.sql('UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ?, answered_by = ? WHERE id = ?').run(at, store.author().name, by.keep ?? null, c.id);
    store.audit(draftId, 'conflict.resolve', { target: field, reason: `answered by the newer text of the same history in bundle ${by.bundleId}` });
    if (by.keep) carryDecisions(store, c.id, by.keep);
  }
}

interface Sides {
  base_revision_id: string | null;
  ours_revision_id: string | null;
  theirs_revision_id: string;
}

interface DecidedPlace {
  place: number;
  choice: string;
  edited: string | null;
  decided_at: string;
  decided_by: string;
}

/** A conflict's places as the screens show them (`views`) and where each stands in its base's blocks (`ranges`: [s, e)). */
interface MergeShape {
  views: PlaceView[];
  ranges: Array<{ s: number; e: number }>;
}

const shapeOf = (m: FieldMerge | null): MergeShape | null => (m ? { views: placeViews(m.docs), ranges: m.docs.places.map(({ s, e }) => ({ s, e })) } : null);

function conflictMerge(store: Store, c: Sides): MergeShape | null {
  return shapeOf(fieldMerge(revisionValue(store, c.base_revision_id), revisionValue(store, c.ours_revision_id), revisionValue(store, c.theirs_revision_id)));
}

const sidesOf = (store: Store, id: string) => store.sql('SELECT base_revision_id, ours_revision_id, theirs_revision_id FROM merge_conflicts WHERE id = ?').get(id) as Sides;
const placeKey = (p: PlaceView) => canonicalJson([p.base, p.ours, p.theirs]);

/** Whether two ranges of one base's blocks meet (an insertion point, s = e, meets a range it touches). */
const meet = (a: { s: number; e: number }, b: { s: number; e: number }) => (a.s < b.e && b.s < a.e) || ((a.s === a.e || b.s === b.e) && a.s <= b.e && b.s <= a.e);

/**
 * The decisions of conflict `from`, each with the place of conflict `to` that asks the same thing
 * (`to`; none: it no longer applies) and, when none does, whether a place of `to` is still asked at
 * that stretch of the text (`askedThere`: the newer text changed it further, to decide again) or
 * none is (with the newer text the merge settled that stretch by itself). Stretches are compared by
 * their position in the base when both conflicts have the same base (the usual case: the export
 * both texts came from); otherwise by a base or ministry text they share, never an empty one (two
 * deletions, or two insertion points, are not the same stretch).
 */
function matchDecisions(store: Store, from: string, to: Pick<Sides, 'base_revision_id'>, toMerge: MergeShape | null): { decision: DecidedPlace; to: number | null; askedThere: boolean }[] {
  const decided = store.sql('SELECT place, choice, edited, decided_at, decided_by FROM merge_conflict_places WHERE conflict_id = ? ORDER BY place').all(from) as DecidedPlace[];
  if (!decided.length) return [];
  const fromSides = sidesOf(store, from);
  const old = conflictMerge(store, fromSides);
  const now = toMerge ?? { views: [], ranges: [] };
  const at = new Map(now.views.map((p) => [placeKey(p), p.index]));
  const sameBase = fromSides.base_revision_id === to.base_revision_id;
  const said = (d: Doc) => (d.content?.length ? canonicalJson(d) : null);
  const bases = new Set(now.views.map((p) => said(p.base)).filter((k) => k !== null));
  const ours = new Set(now.views.map((p) => said(p.ours)).filter((k) => k !== null));
  return decided.map((d) => {
    const was = old?.views[d.place];
    const range = old?.ranges[d.place];
    const place = was ? (at.get(placeKey(was)) ?? null) : null;
    const askedThere =
      place !== null ||
      (!!was && !!range && (sameBase ? now.ranges.some((r) => meet(r, range)) : bases.has(said(was.base) ?? '') || ours.has(said(was.ours) ?? '')));
    return { decision: d, to: place, askedThere };
  });
}

/** Takes the decisions of the answered conflict `from` over to the same places of `to`, as they were taken (who, when). */
function carryDecisions(store: Store, from: string, to: string): void {
  const sides = sidesOf(store, to);
  for (const { decision: d, to: place } of matchDecisions(store, from, sides, conflictMerge(store, sides))) {
    if (place === null) continue;
    store
      .sql('INSERT INTO merge_conflict_places (conflict_id, place, choice, edited, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conflict_id, place) DO NOTHING')
      .run(to, place, d.choice, d.edited, d.decided_at, d.decided_by);
  }
}

/**
 * How many decisions of the conflicts `conflictId` answered were carried over to its places, how
 * many no longer apply where a place is asked again (superseded: to decide again), and how many are
 * no longer needed because, with the newer text, the merge settled that stretch by itself (settled).
 */
export function earlierDecisions(
  store: Store,
  c: { id: string; base_revision_id: string | null },
  /** the conflict's own merge, as its view made it (fieldMerge) */
  merge: FieldMerge | null,
): { carried: number; superseded: number; settled: number } {
  const n = { carried: 0, superseded: 0, settled: 0 };
  const answered = store.sql('SELECT id FROM merge_conflicts WHERE answered_by = ?').all(c.id) as { id: string }[];
  if (!answered.length) return n;
  const shape = shapeOf(merge);
  for (const { id } of answered) {
    for (const m of matchDecisions(store, id, c, shape)) n[m.to !== null ? 'carried' : m.askedThere ? 'superseded' : 'settled']++;
  }
  return n;
}
