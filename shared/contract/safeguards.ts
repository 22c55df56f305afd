/** Contract (issue 12): the review loop's safeguards. */
import { z } from 'zod';
import { Nothing, Uuid, call } from './common';

export const ReviewRulesState = z.object({
  /** the approver must not be the person who last submitted the draft */
  approverNotSubmitter: z.boolean(),
});

export const safeguardCalls = {
  getReviewRules: call(Nothing, ReviewRulesState),
  setReviewRules: call(ReviewRulesState.strict(), ReviewRulesState),
  /** Opens version N+1 of an approved draft for editing (asked first in the UI); version N stays final. */
  reopenDraft: call(z.object({ draftId: Uuid }).strict(), z.object({ status: z.string(), version: z.number().int() })),
};
