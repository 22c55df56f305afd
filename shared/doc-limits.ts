/**
 * The limits of the answer document model (shared/doc.ts), in a module of their own so that the
 * schema and its fast path (doc-canonical.ts) share them without importing each other.
 */
export const MAX_LIST_DEPTH = 8;
export const MAX_DOC_CHARS = 2_000_000;
/** Objects and arrays in one document, counted before validation (a 2 MB answer needs far fewer). */
export const MAX_DOC_NODES = 200_000;
/** Nesting of raw JSON a valid document can have: four levels per list, six for a table, plus paragraph, text and marks. */
export const MAX_RAW_DEPTH = 4 * MAX_LIST_DEPTH + 6 + 8;
export const MAX_TABLE_ROWS = 1000;
export const MAX_TABLE_COLUMNS = 50;
/** The largest colspan or rowspan a table cell may have. */
export const MAX_SPAN = MAX_TABLE_COLUMNS * 20;
export const MAX_HREF = 2048;
export const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;
/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF; lone
 * surrogates): a DOCX holding one is not well-formed and Word and LibreOffice refuse to open it.
 */
export const NON_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** NON_XML, to test for one (no `g`: no state between calls). */
export const HAS_NON_XML = new RegExp(NON_XML.source, 'u');
