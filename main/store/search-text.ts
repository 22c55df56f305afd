/**
 * The words of search: how the index and a query see text, so that a word is found however an
 * Arabic- or French-speaking official writes it. One rule serves the index (indexText), the
 * query (queryTerms, ftsQuery) and the marks of a result's snippet (main/services/search-snippet.ts).
 * Characters as shared/text-fold.ts folds them (Arabic spellings, digits, case, ligatures); besides:
 * - the Arabic definite article and the prepositions fused with it (ال، وال، بال، كال، فال، لل، ولل)
 *   are not needed: "هجرة" finds "الهجرة", "للهجرة", "بالهجرة" and back;
 * - an elided French article or pronoun in the query (l’, d’, qu’… with either apostrophe) is
 *   dropped: "l’intégration" searches for "intégration".
 */
import { normaliseForSearch } from '../../shared/text-fold';

export { normaliseForSearch };

/** Bump when what the index holds for a text changes: stores indexed before are indexed again (search-reindex.ts). */
export const SEARCH_WORDS_VERSION = 2;

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
