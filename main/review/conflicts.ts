/** Merge conflicts of returned drafts: listed with base, ours and theirs side by side; resolved by choosing or combining. */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { MergeConflict } from '../../shared/contract/review';
import type { Drafts } from '../services/drafts';
import { writeRevision } from '../services/fields';
import { checkFieldValue } from '../services/values';
import { getHead, getRevisionRow, parseValue } from '../store/revisions';
import { nowIso, type Store } from '../store/store';
import { renderValue } from './audit';

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
}

export class Conflicts {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  private side(id: string | null) {
    const r = id ? getRevisionRow(this.store, id) : undefined;
    if (!r) return null;
    return { revisionId: r.id, value: parseValue(r.value), text: r.text, authorName: r.author_name, authorOrganisation: r.author_org, createdAt: r.created_at };
  }

  private view(r: ConflictRow): MergeConflict {
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
      currentRevisionId: getHead(this.store, r.draft_id, r.field)?.revision_id ?? null,
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
      resolvedRevisionId: r.resolved_revision_id,
    };
  }

  list(draftId: string, includeResolved = false): MergeConflict[] {
    this.drafts.row(draftId, { allowDeleted: true });
    const rows = this.store.sql(`SELECT * FROM merge_conflicts WHERE draft_id = ?${includeResolved ? '' : ' AND resolved_at IS NULL'} ORDER BY created_at, field`).all(draftId) as ConflictRow[];
    return rows.map((r) => this.view(r));
  }

  /**
   * Resolving writes a new revision on top of the current one with theirs as merge parent, so
   * the history joins both sides; its value is ours, theirs, or a combination the user made.
   */
  resolve(conflictId: string, choice: { take?: 'ours' | 'theirs'; value?: FieldValue }): { revisionId: string; conflict: MergeConflict } {
    const r = this.store.sql('SELECT * FROM merge_conflicts WHERE id = ?').get(conflictId) as ConflictRow | undefined;
    if (!r) throw new AppError('not_found', `no merge conflict with id ${conflictId}`);
    if (r.resolved_at) throw new AppError('conflict', `this conflict was already resolved (${r.resolved_at} by ${r.resolved_by})`);
    const d = this.drafts.row(r.draft_id);
    const pick = choice.take === 'ours' ? r.ours_revision_id : choice.take === 'theirs' ? r.theirs_revision_id : null;
    const value = choice.value ?? (pick ? parseValue(getRevisionRow(this.store, pick)!.value) : null);
    if (!value) throw new AppError('invalid_input', 'give exactly one of take (ours|theirs) or value');
    checkFieldValue(this.drafts.template(d), r.field, value);
    return this.store.tx(() => {
      const head = getHead(this.store, r.draft_id, r.field)?.revision_id ?? null;
      const how = choice.take ? `kept ${choice.take}` : 'combined by hand';
      const w = writeRevision(this.store, { draftId: r.draft_id, field: r.field, value, parentId: head, mergeParentId: r.theirs_revision_id, note: `merge conflict resolved: ${how}`, sourceBundleId: r.source_bundle_id });
      const who = this.store.author().name;
      this.store.sql('UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ?, resolved_revision_id = ? WHERE id = ?').run(nowIso(), who, w.revisionId, r.id);
      this.store.audit(r.draft_id, 'conflict.resolve', { target: r.field, oldValue: head ? renderValue(parseValue(getRevisionRow(this.store, head)!.value)) : '', newValue: renderValue(value), reason: how });
      return { revisionId: w.revisionId, conflict: this.view(this.store.sql('SELECT * FROM merge_conflicts WHERE id = ?').get(r.id) as ConflictRow) };
    });
  }
}
