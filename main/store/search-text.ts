/**
 * Text normalisation shared by the search index and search queries, so that Arabic words are
 * found whatever their diacritics, tatweel or alef/yaa/taa-marbuta spelling, and Latin words
 * whatever their accents or case.
 */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '') // harakat, Quranic marks, tatweel
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef variants -> bare alef
    .replace(/\u0649/g, '\u064A') // alef maqsura -> yaa
    .replace(/\u0629/g, '\u0647') // taa marbuta -> haa
    .toLowerCase();
}

/** An FTS5 MATCH expression: every word must occur (as a prefix); no FTS syntax passes through. */
export function ftsQuery(query: string): string | null {
  const words = normaliseForSearch(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
