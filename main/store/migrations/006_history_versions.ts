import type { Migration } from './types';

/** Reserved for issue 11: named versions, editing sessions, rich objective/principle notes. The branch that builds that issue fills this in. */
export const m006: Migration = {
  version: 6,
  name: 'history_versions',
  up: () => {},
};
