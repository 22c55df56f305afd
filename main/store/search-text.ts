/**
 * The words of search: how the index and a query see text, so that a word is found however an
 * Arabic- or French-speaking official writes it. One rule serves the index (indexText), the
 * query (queryTerms, ftsQuery) and the marks of a result's snippet (main/services/search-snippet.ts).
 *
 * - Arabic: diacritics, tatweel, alef forms (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), taa marbuta
 *   (ة -> ه), the hamza's carriers (ؤ ئ -> ء: مسؤولية = مسئولية), Persian/Urdu yeh and keheh
 *   (ی -> ي, ک -> ك); the definite article and the prepositions fused with it (ال، وال، بال، كال،
 *   فال، لل، ولل) are not needed: "هجرة" finds "الهجرة", "للهجرة", "بالهجرة" and back.
 * - Digits: Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) are 0-9.
 * - French: case, accents (the index's tokenizer folds them; so does the snippet), the ligatures
 *   œ and æ (oe, ae), and an elided article or pronoun in the query (l’, d’, qu’… with either
 *   apostrophe): "l’intégration" searches for "intégration".
 */

/** Bump when what the index holds for a text changes: stores indexed before are indexed again (search-reindex.ts). */
export const SEARCH_WORDS_VERSION = 2;

const ARABIC_INDIC_ZERO = 0x0660;
const EASTERN_ARABIC_INDIC_ZERO = 0x06f0;

/** Character-level normalisation (also used by the Word/text import's matcher). */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '') // harakat, Quranic marks, tatweel
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef variants -> bare alef
    .replace(/[\u0649\u06CC]/g, '\u064A') // alef maqsura, Persian yeh -> yaa
    .replace(/\u06A9/g, '\u0643') // keheh -> kaf
    .replace(/\u0629/g, '\u0647') // taa marbuta -> haa
    .replace(/[\u0624\u0626]/g, '\u0621') // hamza on waw / on yaa -> hamza
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - ARABIC_INDIC_ZERO))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - EASTERN_ARABIC_INDIC_ZERO))
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

const WORDS = /[\p{L}\p{N}]+/gu;
/** The article and the prepositions fused with it, longest first (a normalised word's start). */
const ARTICLES = ['\u0648\u0627\u0644', '\u0628\u0627\u0644', '\u0643\u0627\u0644', '\u0641\u0627\u0644', '\u0648\u0644\u0644', '\u0644\u0644', '\u0627\u0644'];
/** Letters a word keeps after its article at least: "الي" (from الى) is no article. */
const MIN_STEM = 2;

/** A normalised word without its Arabic article (وال، بال، كال، فال، ولل، لل، ال), or null when it has none. */
export function withoutArticle(word: string): string | null {
  for (const a of ARTICLES) {
    if (word.length >= a.length + MIN_STEM && word.startsWith(a)) return word.slice(a.length);
  }
  return null;
}

/**
 * What the index holds for a text: its normalised words, each word with an article followed by
 * the same word without it. So both "الالتزام" (al + iltizam) and "التزام" are found by either.
 */
export function indexText(text: string): string {
  return normaliseForSearch(text).replace(WORDS, (w) => {
    const bare = withoutArticle(w);
    return bare ? `${w} ${bare}` : w;
  });
}

/** A French elided article or pronoun before an apostrophe (’ or '), dropped from a query. */
const ELISION = /(?<![\p{L}\p{N}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019\u02BC](?=\p{L})/giu;

/**
 * A query's words, each as the alternatives any of which it may match as a prefix: the word as
 * typed (normalised) and, when it has an Arabic article, the word without it.
 */
export function queryTerms(query: string): string[][] {
  const words = normaliseForSearch(query.replace(ELISION, ' ')).match(WORDS) ?? [];
  return words.map((w) => {
    const bare = withoutArticle(w);
    return bare ? [w, bare] : [w];
  });
}

/** An FTS5 MATCH expression: every word must occur (as a prefix); no FTS syntax passes through. */
export function ftsQuery(query: string): string | null {
  const terms = queryTerms(query);
  if (!terms.length) return null;
  return terms.map((alts) => (alts.length === 1 ? `"${alts[0]}"*` : `(${alts.map((a) => `"${a}"*`).join(' OR ')})`)).join(' ');
}
