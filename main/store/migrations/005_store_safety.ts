import type { Migration } from './types';

/** Reserved for issue 9: data safety (application_id, store checks). The branch that builds that issue fills this in. */
export const m005: Migration = {
  version: 5,
  name: 'store_safety',
  up: () => {},
};
