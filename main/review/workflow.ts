/** Review transitions on a draft and the frozen approved versions. */
import { AppError } from '../../shared/contract/common';
import type { FieldState } from '../../shared/contract/drafts';
import { headState, type Drafts } from '../services/drafts';
import { listHeads, revisionAsHead } from '../store/revisions';
import { newId, nowIso, type Store } from '../store/store';
import { ReviewRules } from './rules';
import { nextStatus, recordTransition, reopenIfFinal, type ReviewAction } from './status';
import { coded } from '../../shared/messages';

interface VersionRow {
  version: number;
  status: string;
  title: string;
  fields: string;
  approved_at: string;
  approved_by_name: string;
  approved_by_org: string;
  comment: string | null;
}

export class Review {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  transition(draftId: string, action: ReviewAction, comment?: string): { status: string; version: number } {
    const row = this.drafts.row(draftId);
    return this.store.tx(() => {
      const d = this.store.sql('SELECT status, version, title FROM drafts WHERE id = ?').get(draftId) as { status: string; version: number; title: string };
      const to = nextStatus(d.status, action);
      if (action === 'approve') {
        new ReviewRules(this.store).checkApprover(draftId, d.version);
        const open = (this.store.sql('SELECT count(*) AS n FROM merge_conflicts WHERE draft_id = ? AND resolved_at IS NULL').get(draftId) as { n: number }).n;
        if (open) throw new AppError('conflict', `resolve the ${open} open merge conflict${open > 1 ? 's' : ''} before approving`, coded('reviewFlow.openConflicts', { count: open }));
        const snapshot = Object.fromEntries(listHeads(this.store, draftId).map((h) => [h.field, h.revision_id]));
        const a = this.store.author();
        this.store
          .sql(
            `INSERT INTO draft_versions (id, draft_id, version, status, title, fields, approved_at, approved_by_name, approved_by_org, installation_id, comment)
             VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(newId(), draftId, d.version, row.title, JSON.stringify(snapshot), nowIso(), a.name, a.organisation, a.installationId, comment ?? null);
      }
      this.store.sql('UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?').run(to, nowIso(), draftId);
      recordTransition(this.store, { draftId, version: d.version, from: d.status, to, action, comment });
      return { status: to, version: d.version };
    });
  }

  /** Opens version N+1 of an approved draft for editing, when the user asked for it; version N stays final. */
  reopen(draftId: string): { status: string; version: number } {
    this.drafts.row(draftId);
    return this.store.tx(() => {
      const d = this.store.sql('SELECT status, version FROM drafts WHERE id = ?').get(draftId) as { status: string; version: number };
      if (d.status !== 'approved') throw new AppError('conflict', `this draft is not approved (it is ${d.status.replace('_', ' ')}); it can be edited as it is`, coded('reviewFlow.notApproved'));
      reopenIfFinal(this.store, draftId, `opened for editing by ${this.store.author().name}; version ${d.version} stays final`);
      return this.store.sql('SELECT status, version FROM drafts WHERE id = ?').get(draftId) as { status: string; version: number };
    });
  }

  history(draftId: string) {
    this.drafts.row(draftId, { allowDeleted: true });
    const rows = this.store.sql('SELECT * FROM draft_status_history WHERE draft_id = ? ORDER BY at, id').all(draftId) as Array<{
      id: string;
      version: number;
      from_status: string;
      to_status: string;
      action: string;
      at: string;
      actor_name: string;
      actor_org: string;
      comment: string | null;
    }>;
    return rows.map((r) => ({ id: r.id, version: r.version, fromStatus: r.from_status, toStatus: r.to_status, action: r.action, at: r.at, actorName: r.actor_name, actorOrganisation: r.actor_org, comment: r.comment }));
  }

  private versionMeta(r: VersionRow) {
    return {
      version: r.version,
      status: r.status,
      title: r.title,
      approvedAt: r.approved_at,
      approvedByName: r.approved_by_name,
      approvedByOrganisation: r.approved_by_org,
      comment: r.comment,
      fieldCount: Object.keys(JSON.parse(r.fields) as object).length,
    };
  }

  versions(draftId: string) {
    this.drafts.row(draftId, { allowDeleted: true });
    return (this.store.sql('SELECT * FROM draft_versions WHERE draft_id = ? ORDER BY version').all(draftId) as VersionRow[]).map((r) => this.versionMeta(r));
  }

  /** The approved version exactly as approved: each field at the revision it had then. */
  version(draftId: string, version: number) {
    this.drafts.row(draftId, { allowDeleted: true });
    const r = this.store.sql('SELECT * FROM draft_versions WHERE draft_id = ? AND version = ?').get(draftId, version) as VersionRow | undefined;
    if (!r) throw new AppError('not_found', `draft ${draftId} has no approved version ${version}`);
    const map = JSON.parse(r.fields) as Record<string, string>;
    const fields: Record<string, FieldState> = {};
    for (const [field, rev] of Object.entries(map)) fields[field] = headState(revisionAsHead(this.store, rev)!);
    return { ...this.versionMeta(r), fields };
  }
}
