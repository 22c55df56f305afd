/**
 * Constants of the contract that screens need without its schemas (no zod here): the renderer's
 * first screen uses them without loading zod (issue 13). The schema modules re-export them.
 */

/** The language of a draft's documents (print view, Word export); the screens follow the interface language. */
export const DOCUMENT_LANGUAGES = ['en', 'fr', 'ar'] as const;

/** Longest title, country and submitting authority of a draft (characters). */
export const DRAFT_TEXT_MAX = { title: 300, country: 200, authority: 300 } as const;

/** Largest file carried in one call (bytes, before base64). */
export const MAX_TRANSFER_BYTES = 20 * 1024 * 1024;
export const MAX_TRANSFER_MB = MAX_TRANSFER_BYTES / 1024 / 1024;
