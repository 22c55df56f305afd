import { ReviewRuleSetting } from '../consolidation/ReviewRuleSetting';
import { KeyPanel } from '../exchange/KeyPanel';

/** The identity screen's settings beyond the name: signing key, trust and the review rule (a chunk of their own). */
export function IdentityExtras() {
  return (
    <>
      <KeyPanel />
      <ReviewRuleSetting />
    </>
  );
}
