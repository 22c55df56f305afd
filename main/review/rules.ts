/**
 * The review rule of a store (issue 12): the approver must not be the person who last submitted
 * the draft. On by default for a new store (migration 007), shown in settings, enforced here, so
 * the screens, the CLI and the host all obey it. People are told apart by name and organisation.
 */
import { AppError } from '../../shared/contract/common';
import type { Store } from '../store/store';
import { coded } from '../../shared/messages';

const KEY = 'review.approver_not_submitter';
const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export class ReviewRules {
  constructor(private store: Store) {}

  get(): { approverNotSubmitter: boolean } {
    return { approverNotSubmitter: this.store.getSetting(KEY) === '1' };
  }

  set(approverNotSubmitter: boolean): { approverNotSubmitter: boolean } {
    const before = this.get().approverNotSubmitter;
    if (before !== approverNotSubmitter) {
      this.store.tx(() => {
        this.store.setSetting(KEY, approverNotSubmitter ? '1' : '0');
        this.store.audit(null, 'settings.review-rule', { target: 'the approver must not be the last submitter', oldValue: before ? 'on' : 'off', newValue: approverNotSubmitter ? 'on' : 'off' });
      });
    }
    return this.get();
  }

  /** Refuses an approval by the person who last submitted this version, when the rule is on. */
  checkApprover(draftId: string, version: number): void {
    if (!this.get().approverNotSubmitter) return;
    const last = this.store
      .sql("SELECT actor_name, actor_org, at FROM draft_status_history WHERE draft_id = ? AND version = ? AND action = 'submit' ORDER BY at DESC, id DESC LIMIT 1")
      .get(draftId, version) as { actor_name: string; actor_org: string; at: string } | undefined;
    const me = this.store.author();
    if (last && same(last.actor_name, me.name) && same(last.actor_org, me.organisation)) {
      throw new AppError('forbidden', `${me.name} (${me.organisation}) submitted version ${version} (${last.at}); under this store's review rule someone else approves it (the rule is in the settings)`, coded('reviewFlow.selfApproval', { version }));
    }
  }
}
