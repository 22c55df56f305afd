import type { Migration } from './types';

/** Reserved for issue 13: draft progress counts, compact revisions, search change log. The branch that builds that issue fills this in. */
export const m008: Migration = {
  version: 8,
  name: 'scale',
  up: () => {},
};
