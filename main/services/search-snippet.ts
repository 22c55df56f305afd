/**
 * What a search result shows: the paragraph where the query's words occur (the one with most of
 * them), cut around the first match when it is long, with every matching word marked, so the user
 * sees what matched in its context. Words match as the index matches them (main/store/search-text.ts:
 * Arabic spellings, articles and digits, Latin accents, ligatures and case), as a prefix. Pure.
 */
import { foldForMatch as fold, INVISIBLE_CLASS } from '../../shared/text-fold';
import { queryTerms, withoutArticle } from '../store/search-text';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchSnippet {
  /** the paragraph (or the part of it shown), as plain text */
  snippet: string;
  /** the same text in parts, the matching words marked */
  parts: SnippetPart[];
  /** text of the paragraph left out before / after what is shown */
  cutBefore: boolean;
  cutAfter: boolean;
}

/** A word of the text: letters, digits and marks, with the invisible characters between them (a soft hyphen, a zero-width joiner: shared/text-fold.ts drops them) but not around them. */
const WORD = new RegExp(`[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}]|${INVISIBLE_CLASS}+(?=[\\p{L}\\p{N}\\p{M}]))*`, 'gu');

/**
 * The snippet maker for one query: every result of a search shares it, and with it one cache of
 * folded words (the words of a store's answers repeat, so each is folded once per search).
 */
export function snippetMaker(query: string, width = 240): (text: string) => SearchSnippet {
  // each query word as its alternatives (queryTerms), keyed by the first
  const terms = queryTerms(query).map((alts) => alts.map(fold));
  const folded = new Map<string, string | null>();
  /** The query word a text's word matches as a prefix, or null (cached per distinct word). */
  const termOf = (w: string) => {
    let t = folded.get(w);
    if (t === undefined) {
      if (folded.size > 50_000) folded.clear();
      const n = fold(w);
      const forms = [n, withoutArticle(n) ?? n];
      folded.set(w, (t = terms.find((alts) => alts.some((a) => forms.some((f) => f.startsWith(a))))?.[0] ?? null));
    }
    return t;
  };
  const hitsIn = (p: string) => {
    const spans: Array<[number, number, string]> = [];
    for (const m of p.matchAll(WORD)) {
      const term = termOf(m[0]);
      if (term) spans.push([m.index, m.index + m[0].length, term]);
    }
    return spans;
  };
  return (text) => {
    const paragraphs = text.split('\n').filter((p) => p.trim());
    let best = { p: paragraphs[0] ?? '', score: -1 };
    for (const p of paragraphs) {
      const spans = hitsIn(p);
      const score = new Set(spans.map((s) => s[2])).size * 1000 + spans.length;
      if (score > best.score) best = { p, score };
    }
    // runs of breaking white space become one space; no-break spaces (French typography: « », " :") stay
    const p = best.p.replace(/[^\S\u00a0\u202f]+/g, ' ');
    const spans = hitsIn(p);
    let start = 0;
    let end = p.length;
    if (p.length > width) {
      const first = spans[0]?.[0] ?? 0;
      start = Math.max(0, first - Math.floor(width / 3));
      if (start > 0) start = p.indexOf(' ', start) + 1 || start; // at a word boundary
      end = Math.min(p.length, start + width);
      if (end < p.length) end = p.lastIndexOf(' ', end) > start ? p.lastIndexOf(' ', end) : end;
    }
    const parts: SnippetPart[] = [];
    let at = start;
    for (const [s, e] of spans) {
      if (e <= start || s >= end) continue;
      if (s > at) parts.push({ text: p.slice(at, s), hit: false });
      parts.push({ text: p.slice(Math.max(s, at), Math.min(e, end)), hit: true });
      at = Math.min(e, end);
    }
    if (at < end) parts.push({ text: p.slice(at, end), hit: false });
    return { snippet: p.slice(start, end), parts, cutBefore: start > 0, cutAfter: end < p.length };
  };
}

export function searchSnippet(text: string, query: string, width = 240): SearchSnippet {
  return snippetMaker(query, width)(text);
}
