import type { Migration } from './types';

/** Reserved for issue 12: place-by-place conflicts, capture drafts, participants, review rule. The branch that builds that issue fills this in. */
export const m007: Migration = {
  version: 7,
  name: 'consolidation',
  up: () => {},
};
