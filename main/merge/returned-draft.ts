/**
 * Merging a returned draft into the draft it came from (the department took the master, worked
 * offline and sent it back). All or nothing, in one transaction. Per field:
 *   - theirs already in our history            -> up to date, nothing to do
 *   - theirs older than a text of its history that came before (answered-conflicts.ts) -> up to
 *     date, or waiting in that text's open conflict
 *   - ours is an ancestor of theirs            -> fast-forward (theirs becomes current)
 *   - both moved on                            -> three-way merge against the common ancestor:
 *       clean -> a new revision (parent = ours, merge parent = theirs, note "merged from bundle X")
 *       both changed the same places -> every change only one side made applies (a new revision,
 *         ours kept at those places), theirs is kept as a revision, and a conflict row lists the
 *         places to decide one by one (main/review/conflicts.ts)
 * Incoming revisions keep their ids, authors, installations and times; nothing is overwritten and
 * both versions always stay in the history. Files attached to its questions that the draft does
 * not hold arrive with them (./returned-attachments.ts).
 */
import { insertTravelledRevision } from '../bundle/travelled-revision';
import { topoOrder } from '../bundle/draft-payload';
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import { describeZodError, hasField, fieldKind, type Template } from '../../shared/template';
import { MergeIncoming } from '../../shared/merge-incoming';
import { reopenIfFinal } from '../review/status';
import { writeRevision } from '../services/fields';
import { Templates } from '../services/templates';
import { getHead, getRevisionRow, revisionInDraft, revisionValue, setHead } from '../store/revisions';
import { newId, nowIso, type Store } from '../store/store';
import { RevisionGraph } from './graph';
import { closeAnsweredConflicts, conflictHolding } from './answered-conflicts';
import { takeReturnedAttachments } from './returned-attachments';
import { mergeValues } from './values';
import type { EmptyBase } from './doc';
import { nameVersion } from '../history/named-versions';
import { canonicalJson } from '../services/values';

export interface MergeProvenance {
  bundleId: string;
  /** who sent it, for notes (e.g. "Ministry of the Interior") */
  from?: string;
  /** how texts both sides wrote where the base had none merge (./doc.ts): a bundle's are joined, a Word file's decided */
  emptyBase?: EmptyBase;
}

export type FieldOutcome = 'new' | 'fast-forward' | 'up-to-date' | 'kept-ours' | 'merged' | 'conflict';

export interface FieldMergeResult {
  field: string;
  outcome: FieldOutcome;
  /** the field's current revision after the merge */
  revisionId: string;
  theirsRevisionId: string;
  baseRevisionId: string | null;
  conflictId?: string;
  /** false when the same conflict was already listed (the same bundle merged again) */
  newConflict?: boolean;
  reason?: string;
}

export interface MergeReport {
  draftId: string;
  bundleId: string;
  revisionsAdded: number;
  /** files attached to its questions that the draft did not hold (./returned-attachments.ts) */
  attachmentsAdded: number;
  fields: FieldMergeResult[];
  counts: Record<FieldOutcome, number>;
}

function checkIncoming(t: Template, { fields, attachments }: MergeIncoming): void {
  for (const a of attachments) if (!hasField(t, a.field) || fieldKind(a.field) !== 'answer') throw new AppError('bad_file', `the returned draft attaches a file to ${a.field}, which is not a question of template ${t.id} ${t.version}`);
  const ids = new Set<string>();
  for (const f of fields) {
    if (!hasField(t, f.field)) throw new AppError('bad_file', `the returned draft has a field ${f.field} that template ${t.id} ${t.version} does not have`);
    const own = new Set(f.revisions.map((r) => r.id));
    if (!own.has(f.head)) throw new AppError('bad_file', `the returned draft's head for ${f.field} (${f.head}) is not among its revisions`);
    for (const r of f.revisions) {
      if (ids.has(r.id)) throw new AppError('bad_file', `revision ${r.id} appears twice in the returned draft`);
      ids.add(r.id);
      if (r.value.kind !== fieldKind(f.field)) throw new AppError('bad_file', `revision ${r.id} of ${f.field} holds a ${r.value.kind} value`);
    }
  }
}

export function mergeReturnedDraft(store: Store, targetDraftId: string, incomingRaw: unknown, provenance: MergeProvenance): MergeReport {
  const parsed = MergeIncoming.safeParse(incomingRaw);
  if (!parsed.success) throw new AppError('bad_file', `the returned draft is not valid: ${describeZodError(parsed.error)}`);
  const incoming = parsed.data;
  const draft = store.sql('SELECT template_id, template_version, deleted_at, title FROM drafts WHERE id = ?').get(targetDraftId) as
    | { template_id: string; template_version: string; deleted_at: string | null; title: string }
    | undefined;
  if (!draft) throw new AppError('not_found', `no draft with id ${targetDraftId}`);
  if (draft.deleted_at) throw new AppError('conflict', `draft "${draft.title}" is in the trash; restore it first`);
  checkIncoming(new Templates(store).get(draft.template_id, draft.template_version), incoming);

  return store.tx(() => {
    const results: FieldMergeResult[] = [];
    let added = 0;
    for (const f of incoming.fields) {
      const graph = RevisionGraph.load(store, targetDraftId, f.field);
      const idMap = new Map<string, string>();
      // an id that travels may sit here under that id, or as a copy that remembers it (origin_revision_id)
      const local = (travel: string): string | null => revisionInDraft(store, targetDraftId, travel);
      const mapped = (id: string | null) => (id ? (idMap.get(id) ?? local(id) ?? id) : null);
      // parents outside the record must already be here: checked as each revision is written
      for (const r of topoOrder(f.revisions, f.field, () => true)) {
        const known = local(r.id);
        if (known) {
          const row = getRevisionRow(store, known)!;
          if (row.field !== f.field) throw new AppError('bad_file', `revision ${r.id} belongs to ${row.field} here, not ${f.field}`);
          idMap.set(r.id, known);
          continue;
        }
        const existing = getRevisionRow(store, r.id);
        for (const p of [r.parentId, r.mergeParentId]) {
          if (p && !graph.has(mapped(p)!)) throw new AppError('bad_file', `revision ${r.id} of ${f.field} names a parent ${p} that is neither in the bundle nor in this draft`);
        }
        // the same revision already sits in another draft of this store: keep a copy under a new id
        const id = existing ? newId() : r.id;
        idMap.set(r.id, id);
        insertTravelledRevision(store, r, {
          id,
          draftId: targetDraftId,
          field: f.field,
          local: mapped,
          bundleId: provenance.bundleId,
          note: existing ? [r.note, `copy of revision ${r.id}`].filter(Boolean).join('; ') : r.note,
        });
        graph.add(id, mapped(r.parentId), mapped(r.mergeParentId));
        added++;
      }
      results.push(mergeField(store, targetDraftId, f.field, graph, mapped(f.head)!, mapped(incoming.baseRevisions[f.field] ?? null), provenance));
    }
    const attachmentsAdded = takeReturnedAttachments(store, targetDraftId, incoming.attachments, provenance.bundleId);
    const counts = { new: 0, 'fast-forward': 0, 'up-to-date': 0, 'kept-ours': 0, merged: 0, conflict: 0 } as Record<FieldOutcome, number>;
    for (const r of results) counts[r.outcome]++;
    const newConflicts = results.filter((r) => r.outcome === 'conflict' && r.newConflict).length;
    const changed = added > 0 || attachmentsAdded > 0 || newConflicts > 0 || results.some((r) => r.outcome !== 'up-to-date' && r.outcome !== 'kept-ours' && r.outcome !== 'conflict');
    // a merge that changes nothing (the same bundle again) leaves no trace
    if (changed) store.audit(targetDraftId, 'draft.merge', {
      target: `bundle ${provenance.bundleId}`,
      newValue: [...Object.entries(counts), ['attachment(s) added', attachmentsAdded] as const]
        .filter(([, n]) => n)
        .map(([k, n]) => `${n} ${k}`)
        .join(', '),
      reason: provenance.from ? `returned by ${provenance.from}` : undefined,
    });
    if (changed) nameVersion(store, targetDraftId, 'merge', provenance.from ? `Merged from ${provenance.from}` : 'Merged a returned bundle', provenance.bundleId);
    return { draftId: targetDraftId, bundleId: provenance.bundleId, revisionsAdded: added, attachmentsAdded, fields: results, counts };
  });
}

function moveHead(store: Store, draftId: string, field: string, revisionId: string): void {
  const at = nowIso();
  reopenIfFinal(store, draftId);
  setHead(store, draftId, field, revisionId, at);
  store.sql('UPDATE drafts SET updated_at = ? WHERE id = ?').run(at, draftId);
}

const valueOf = revisionValue;

/** A field's result, from its outcome, current revision and base. */
type Result = (outcome: FieldOutcome, revisionId: string, baseRevisionId: string | null, extra?: Partial<FieldMergeResult>) => FieldMergeResult;

function mergeField(store: Store, draftId: string, field: string, graph: RevisionGraph, theirs: string, recordedBase: string | null, p: MergeProvenance): FieldMergeResult {
  const ours = getHead(store, draftId, field)?.revision_id ?? null;
  const res: Result = (outcome, revisionId, baseRevisionId, extra = {}) => ({
    field,
    outcome,
    revisionId,
    theirsRevisionId: theirs,
    baseRevisionId,
    ...extra,
  });
  if (ours === null) {
    moveHead(store, draftId, field, theirs);
    return res('new', theirs, null);
  }
  if (graph.isAncestor(theirs, ours)) return res('up-to-date', ours, theirs);
  // a newer text of the same history already waits for a decision here, or came before and was
  // merged, taken or found to change nothing (a change the department withdrew): it answers this one
  const holding = conflictHolding(store, draftId, field, graph, theirs);
  if (holding) return res('conflict', ours, graph.commonAncestor(ours, theirs), { conflictId: holding, newConflict: false });
  if (graph.hasDescendant(theirs)) return res('up-to-date', ours, theirs);
  const r = mergeAgainst(store, draftId, field, graph, ours, theirs, recordedBase, p, res);
  closeAnsweredConflicts(store, draftId, field, graph, theirs, { bundleId: p.bundleId, keep: r.conflictId });
  return r;
}

function mergeAgainst(
  store: Store,
  draftId: string,
  field: string,
  graph: RevisionGraph,
  ours: string,
  theirs: string,
  recordedBase: string | null,
  p: MergeProvenance,
  res: Result,
): FieldMergeResult {
  if (graph.isAncestor(ours, theirs)) {
    moveHead(store, draftId, field, theirs);
    return res('fast-forward', theirs, ours);
  }
  // The nearest common ancestor in the graph; else the base recorded when we exported the master,
  // but only if it is in our own history (an ancestor of ours): a base taken from the other side
  // (e.g. their head) would make their changes look like no change and drop them.
  const base = graph.commonAncestor(ours, theirs) ?? (recordedBase && recordedBase !== theirs && graph.isAncestor(recordedBase, ours) ? recordedBase : null);
  const m = mergeValues(valueOf(store, base), valueOf(store, ours), valueOf(store, theirs), p.emptyBase);
  const from = `bundle ${p.bundleId}${p.from ? ` (${p.from})` : ''}`;
  if (m.outcome === 'same' || m.outcome === 'ours') return res('kept-ours', ours, base);
  if (m.outcome === 'theirs' || m.outcome === 'merged') {
    const w = writeRevision(store, { draftId, field, value: m.value!, parentId: ours, mergeParentId: theirs, note: `merged from ${from}`, sourceBundleId: p.bundleId });
    return res('merged', w.revisionId, base);
  }
  // every change only one side made applies now; ours stays at the places both sides changed
  let merged: string | null = null;
  if (m.partial && canonicalJson(m.partial) !== canonicalJson(valueOf(store, ours))) {
    const n = m.places ?? 0;
    merged = writeRevision(store, {
      draftId,
      field,
      value: m.partial,
      parentId: ours,
      note: `merged from ${from}: the changes that did not overlap; ${n} place${n > 1 ? 's' : ''} wait${n > 1 ? '' : 's'} for a decision`,
      sourceBundleId: p.bundleId,
    }).revisionId;
  }
  const conflictId = newId();
  store
    .sql(
      `INSERT INTO merge_conflicts (id, draft_id, field, base_revision_id, ours_revision_id, theirs_revision_id, source_bundle_id, reason, created_at, merged_revision_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(conflictId, draftId, field, base, ours, theirs, p.bundleId, m.reason, nowIso(), merged);
  return res('conflict', merged ?? ours, base, { conflictId, newConflict: true, reason: m.reason });
}
