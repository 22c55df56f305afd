import type { Migration } from './types';

/**
 * Issue 8: each draft has a document language (the language of its print view and Word export,
 * chosen at creation and changeable later) and a submitting authority named in the title block.
 * Existing drafts keep English documents and no authority.
 */
export const m010: Migration = {
  version: 10,
  name: 'document_language',
  up: `
ALTER TABLE drafts ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'ar'));
ALTER TABLE drafts ADD COLUMN authority TEXT NOT NULL DEFAULT '';
`,
};
