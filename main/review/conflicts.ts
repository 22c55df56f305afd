/**
 * Merge conflicts of returned drafts, place by place. The merge already applied every change only
 * one side made (merged_revision_id); what is left are the places both sides changed, each shown
 * with base, ours and theirs and decided on its own (ours, theirs, both, or edited text). The last
 * decision writes the resolved answer on top of the current one, with theirs as merge parent.
 * If the answer was edited since the merge, the resolution is merged into that edit three ways,
 * so deciding a place never undoes anything else; an edit of the same place is refused.
 */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { MergeConflict, PlaceChoice } from '../../shared/contract/review';
import type { Doc } from '../../shared/doc';
import { fieldMerge, placeViews, resolvedValue, segments, type Decision } from '../merge/places';
import { mergeValues } from '../merge/values';
import type { Drafts } from '../services/drafts';
import { writeRevision } from '../services/fields';
import { checkFieldValue } from '../services/values';
import { getHead, getRevisionRow, parseValue, revisionValue } from '../store/revisions';
import { earlierDecisions } from '../merge/answered-conflicts';
import { nowIso, type Store } from '../store/store';
import { renderValue } from './audit';
import { coded } from '../../shared/messages';

interface ConflictRow {
  id: string;
  draft_id: string;
  field: string;
  base_revision_id: string | null;
  ours_revision_id: string | null;
  theirs_revision_id: string;
  source_bundle_id: string | null;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolved_revision_id: string | null;
  merged_revision_id: string | null;
}

interface PlaceRow {
  place: number;
  choice: PlaceChoice;
  edited: string | null;
  decided_at: string;
  decided_by: string;
}

export class Conflicts {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  private row(conflictId: string): ConflictRow {
    const r = this.store.sql('SELECT * FROM merge_conflicts WHERE id = ?').get(conflictId) as ConflictRow | undefined;
    if (!r) throw new AppError('not_found', `no merge conflict with id ${conflictId}`);
    return r;
  }

  private value(id: string | null): FieldValue | null {
    return revisionValue(this.store, id);
  }

  private side(id: string | null) {
    const r = id ? getRevisionRow(this.store, id) : undefined;
    if (!r) return null;
    return { revisionId: r.id, value: parseValue(r.value), text: r.text, authorName: r.author_name, authorOrganisation: r.author_org, createdAt: r.created_at };
  }

  private merge(r: ConflictRow) {
    return fieldMerge(this.value(r.base_revision_id), this.value(r.ours_revision_id), this.value(r.theirs_revision_id));
  }

  private decisions(conflictId: string): Map<number, Decision & { at: string; by: string }> {
    const rows = this.store.sql('SELECT * FROM merge_conflict_places WHERE conflict_id = ?').all(conflictId) as PlaceRow[];
    return new Map(rows.map((p) => [p.place, { choice: p.choice, edited: p.edited ? (JSON.parse(p.edited) as Doc) : null, at: p.decided_at, by: p.decided_by }]));
  }

  private view(r: ConflictRow): MergeConflict {
    const m = this.merge(r);
    const decided = this.decisions(r.id);
    const current = getHead(this.store, r.draft_id, r.field)?.revision_id ?? null;
    const places = m ? placeViews(m.docs) : [];
    return {
      id: r.id,
      draftId: r.draft_id,
      field: r.field,
      reason: r.reason,
      sourceBundleId: r.source_bundle_id,
      createdAt: r.created_at,
      base: this.side(r.base_revision_id),
      ours: this.side(r.ours_revision_id),
      theirs: this.side(r.theirs_revision_id),
      currentRevisionId: current,
      current: this.side(current),
      earlierDecisions: earlierDecisions(this.store, r, m),
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
      resolvedRevisionId: r.resolved_revision_id,
      // a decision always writes the resolved revision; a conflict a newer text answered has none
      answered: r.resolved_at !== null && r.resolved_revision_id === null,
      mergedRevisionId: r.merged_revision_id,
      places: places.map((p) => {
        const d = decided.get(p.index);
        return { ...p, choice: d?.choice ?? null, edited: d?.edited ?? null, decidedBy: d?.by ?? null, decidedAt: d?.at ?? null };
      }),
      segments: m ? segments(m.docs) : null,
    };
  }

  list(draftId: string, includeResolved = false): MergeConflict[] {
    this.drafts.row(draftId, { allowDeleted: true });
    const rows = this.store.sql(`SELECT * FROM merge_conflicts WHERE draft_id = ?${includeResolved ? '' : ' AND resolved_at IS NULL'} ORDER BY created_at, field`).all(draftId) as ConflictRow[];
    return rows.map((r) => this.view(r));
  }

  get(conflictId: string): MergeConflict {
    return this.view(this.row(conflictId));
  }

  private open(conflictId: string): ConflictRow {
    const r = this.row(conflictId);
    if (r.resolved_at) throw new AppError('conflict', `this conflict was already resolved (${r.resolved_at} by ${r.resolved_by})`, coded('reviewFlow.conflictResolved', { by: r.resolved_by ?? '' }));
    this.drafts.row(r.draft_id);
    return r;
  }

  /** Decides one place; the last decision resolves the conflict. */
  decide(conflictId: string, place: number, choice: PlaceChoice, edited?: Doc): { revisionId: string | null; conflict: MergeConflict } {
    const r = this.open(conflictId);
    const m = this.merge(r);
    if (!m) throw new AppError('invalid_input', `${r.field} must be decided as a whole (both sides set a different status): take ours or theirs, or write its value`, coded('reviewFlow.wholeOnly'));
    const n = m.docs.places.length;
    if (place >= n) throw new AppError('not_found', `this conflict has ${n} place${n > 1 ? 's' : ''}; there is no place ${place + 1}`);
    return this.store.tx(() => {
      // again inside the write transaction (it holds the write lock): another process may have resolved it meanwhile
      this.open(conflictId);
      this.record(r.id, place, choice, edited ?? null);
      const decided = this.decisions(r.id);
      if (decided.size < n) return { revisionId: null, conflict: this.view(r) };
      return this.finish(r, resolvedValue(m, decided), this.how(decided));
    });
  }

  private record(conflictId: string, place: number, choice: PlaceChoice, edited: Doc | null): void {
    this.store
      .sql(
        `INSERT INTO merge_conflict_places (conflict_id, place, choice, edited, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (conflict_id, place) DO UPDATE SET choice = excluded.choice, edited = excluded.edited, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
      )
      .run(conflictId, place, choice, edited ? JSON.stringify(edited) : null, nowIso(), this.store.author().name);
  }

  private how(decided: Map<number, Decision>): string {
    return [...decided.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, d]) => `place ${i + 1}: ${d.choice === 'edit' ? 'edited' : d.choice}`)
      .join(', ');
  }

  /**
   * Resolves the whole conflict: `take` decides every place not yet decided (for values that are
   * not answers, the value as a whole); `value` is written as the field's value by hand, written
   * from `baseRevisionId` (left out: from the field as the merge left it, what the conflict shows).
   */
  resolve(conflictId: string, choice: { take?: 'ours' | 'theirs'; value?: FieldValue; baseRevisionId?: string | null }): { revisionId: string; conflict: MergeConflict } {
    const r = this.open(conflictId);
    if (!choice.take && !choice.value) throw new AppError('invalid_input', 'give exactly one of take (ours|theirs) or value');
    const m = this.merge(r);
    return this.store.tx(() => {
      this.open(conflictId); // again under the write lock, as decide
      if (choice.value) {
        // like saveField: a text written from an older state of the field never replaces a newer one
        const head = getHead(this.store, r.draft_id, r.field)?.revision_id ?? null;
        const from = choice.baseRevisionId === undefined ? (r.merged_revision_id ?? r.ours_revision_id) : choice.baseRevisionId;
        if (head !== from) {
          throw new AppError('conflict', `${r.field} was changed since the text written by hand began (it is now revision ${head}); nothing was overwritten: write it again from the current text`, coded('reviewFlow.changedSinceCombine', undefined, { currentRevisionId: head }));
        }
        return this.finish(r, choice.value, 'combined by hand', { whole: true });
      }
      if (!m) {
        // decided as a whole, but merged into what was written since the merge like any decision
        const pick = choice.take === 'ours' ? r.ours_revision_id : r.theirs_revision_id;
        return this.finish(r, this.value(pick)!, `kept ${choice.take}`);
      }
      for (let i = 0; i < m.docs.places.length; i++) if (!this.decisions(r.id).has(i)) this.record(r.id, i, choice.take!, null);
      const decided = this.decisions(r.id);
      return this.finish(r, resolvedValue(m, decided), this.how(decided));
    });
  }

  /**
   * Writes the resolution on top of the current revision. `resolved` was computed against the
   * answer as the merge left it; if it was edited since, both are merged three ways. A value
   * given by hand (`whole`) replaces the field, checked by `resolve` to be written from it as it is now.
   */
  private finish(r: ConflictRow, resolved: FieldValue, how: string, opts: { whole?: boolean } = {}): { revisionId: string; conflict: MergeConflict } {
    const d = this.drafts.row(r.draft_id);
    checkFieldValue(this.drafts.template(d), r.field, resolved);
    const head = getHead(this.store, r.draft_id, r.field)?.revision_id ?? null;
    const since = r.merged_revision_id ?? r.ours_revision_id;
    let value = resolved;
    if (!opts.whole && head !== since) {
      const m = mergeValues(this.value(since), this.value(head), resolved);
      if (m.outcome === 'conflict') {
        throw new AppError('conflict', `${r.field} was edited at the same place since the merge; keep ours at that place (keeps the edit), keep the current text, or write the whole answer from the current text (resolve with a value and its baseRevisionId)`, coded('reviewFlow.editedSinceMerge'));
      }
      value = m.value ?? resolved;
    }
    const w = writeRevision(this.store, { draftId: r.draft_id, field: r.field, value, parentId: head, mergeParentId: r.theirs_revision_id, note: `merge conflict resolved: ${how}`, sourceBundleId: r.source_bundle_id });
    this.store.sql('UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ?, resolved_revision_id = ? WHERE id = ?').run(nowIso(), this.store.author().name, w.revisionId, r.id);
    this.store.audit(r.draft_id, 'conflict.resolve', { target: r.field, oldValue: head ? renderValue(this.value(head)!) : '', newValue: renderValue(value), reason: how });
    return { revisionId: w.revisionId, conflict: this.view(this.row(r.id)) };
  }
}
