/**
 * The review workflow on a draft, as data: in progress -> submitted -> returned (with comments)
 * -> submitted -> approved (final). Editing an approved draft reopens it as the next version; the
 * approved one stays frozen in draft_versions.
 */
import { AppError } from '../../shared/contract/common';
import { newId, nowIso, type Store } from '../store/store';
import { nameVersion } from '../history/named-versions';
import { coded } from '../../shared/messages';

export const REVIEW_STATUSES = ['in_progress', 'submitted', 'returned', 'approved'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_ACTIONS = ['submit', 'return', 'approve'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** action -> from which statuses it is allowed -> the status it leads to */
const TRANSITIONS: Record<ReviewAction, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  submit: { from: ['in_progress', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
};

const LABEL: Record<ReviewStatus, string> = { in_progress: 'in progress', submitted: 'submitted for review', returned: 'returned with comments', approved: 'approved (final)' };

/** The status an action leads to, or a clear refusal. */
export function nextStatus(current: string, action: ReviewAction): ReviewStatus {
  const t = TRANSITIONS[action];
  if (!(t.from as readonly string[]).includes(current)) {
    const label = LABEL[current as ReviewStatus] ?? current;
    throw new AppError('conflict', `cannot ${action} a draft that is ${label}; ${action} is possible only when it is ${t.from.map((s) => LABEL[s]).join(' or ')}`, coded('reviewFlow.wrongState', undefined, { detail: true }));
  }
  return t.to;
}

export function recordTransition(
  store: Store,
  e: { draftId: string; version: number; from: string; to: string; action: string; comment?: string | null },
): void {
  const a = store.author();
  store
    .sql(
      `INSERT INTO draft_status_history (id, draft_id, version, from_status, to_status, action, at, actor_name, actor_org, installation_id, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(newId(), e.draftId, e.version, e.from, e.to, e.action, nowIso(), a.name, a.organisation, a.installationId, e.comment ?? null);
  store.audit(e.draftId, `review.${e.action}`, { target: `version ${e.version}`, oldValue: e.from, newValue: e.to, reason: e.comment ?? undefined });
  if (Object.hasOwn(REVIEW_VERSION_LABELS, e.action)) nameVersion(store, e.draftId, e.action as ReviewAction, `${REVIEW_VERSION_LABELS[e.action as ReviewAction]} (version ${e.version})`, `version ${e.version}`);
}

/** Each review step names the draft as it was submitted, returned or approved. */
const REVIEW_VERSION_LABELS: Record<ReviewAction, string> = { submit: 'Submitted for review', return: 'Returned with comments', approve: 'Approved' };

/**
 * Called (inside the writing transaction) before a field of a draft changes: an approved draft
 * goes back to in progress as version N+1. Its approved version N is already frozen in
 * draft_versions, so it stays intact and exportable.
 */
export function reopenIfFinal(store: Store, draftId: string, comment?: string): void {
  const d = store.sql('SELECT status, version FROM drafts WHERE id = ?').get(draftId) as { status: string; version: number } | undefined;
  if (!d || d.status !== 'approved') return;
  store.sql("UPDATE drafts SET status = 'in_progress', version = version + 1 WHERE id = ?").run(draftId);
  recordTransition(store, { draftId, version: d.version + 1, from: 'approved', to: 'in_progress', action: 'reopen', comment: comment ?? `edited after approval; version ${d.version} stays final` });
}
