/**
 * The audit log's filter: a row matches when the words it shows (in the interface language:
 * the action's label, the reason as worded) contain what was typed, compared as search compares
 * text (shared/text-fold.ts: case, accents, Arabic spellings and digits). Pure.
 */
import { foldForMatch } from '../../../shared/text-fold';
import { dateLocale, type Language } from '../../../shared/i18n/languages';

/** Each row's shown words folded once, so typing in the filter folds only the query. */
export function auditMatcher<T>(rows: readonly T[], words: (row: T) => string[]): (query: string) => T[] {
  const keys = rows.map((r) => foldForMatch(words(r).join('\n')));
  return (query) => {
    const q = foldForMatch(query.trim());
    return q ? rows.filter((_, i) => keys[i]!.includes(q)) : [...rows];
  };
}

/** The action codes, ordered by their label as the interface language sorts words. */
export function sortedByLabel(codes: Iterable<string>, label: (code: string) => string, lang: Language): string[] {
  const collator = new Intl.Collator(dateLocale(lang));
  return [...new Set(codes)].map((c) => [c, label(c)] as const).sort((a, b) => collator.compare(a[1], b[1])).map(([c]) => c);
}
