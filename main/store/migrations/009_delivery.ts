import type { Migration } from './types';

/** Reserved for issue 14: delivery queue and receipts. The branch that builds that issue fills this in. */
export const m009: Migration = {
  version: 9,
  name: 'delivery',
  up: () => {},
};
