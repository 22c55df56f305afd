/**
 * Values of the contract that need no schema, for code that must not load zod schemas to know them
 * (the CLI's command table, read at every start: issue 13). The contract's modules re-export them.
 */
export const PARTICIPANT_KINDS = [
  'region',
  'prefecture',
  'province',
  'municipality',
  'civil_society',
  'migrant_association',
  'private_sector',
  'union',
  'academia',
  'un_agency',
  'government',
  'other',
] as const;

/** Largest DOCX accepted for import (bytes). */
export const MAX_DOCX_BYTES = 20 * 1024 * 1024; // base64 of it fits the HTTP host's 32 MB body cap
