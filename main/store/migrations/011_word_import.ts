import type { Migration } from './types';

/** Reserved for issue 10: Word import (reserved; removed if unused). The branch that builds that issue fills this in. */
export const m011: Migration = {
  version: 11,
  name: 'word_import',
  up: () => {},
};
