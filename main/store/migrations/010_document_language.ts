import type { Migration } from './types';

/** Reserved for issue 8: draft document language and submitting authority. The branch that builds that issue fills this in. */
export const m010: Migration = {
  version: 10,
  name: 'document_language',
  up: () => {},
};
