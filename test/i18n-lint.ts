/**
 * Checks of the interface's French and Arabic wording (test/i18n-terms.test.ts): the glossary's
 * terms (test/fixtures/i18n-glossary.json), French and Arabic punctuation, placeholders and plural
 * forms. Pure functions over the catalogues, each returning what it found wrong.
 */
import { resources } from '../shared/i18n';
import { DOCUMENT_TEXT } from '../shared/document-text';

export type Lang = 'en' | 'fr' | 'ar';
type Tree = { [k: string]: string | Tree };

/** Every string of a language, by its dotted key (the Word and print documents' words under "document."). */
export function catalogue(lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (t: Tree, p: string) => {
    for (const [k, v] of Object.entries(t)) typeof v === 'string' ? out.set(p + k, v) : walk(v, `${p}${k}.`);
  };
  walk(resources[lang].translation as unknown as Tree, '');
  walk(DOCUMENT_TEXT[lang] as unknown as Tree, 'document.');
  return out;
}

export const PLURAL = /_(zero|one|two|few|many|other)$/;
/** The plural forms i18next asks each language for: Intl.PluralRules' categories, which it uses. */
export const pluralForms = (lang: Lang): string[] => new Intl.PluralRules(lang).resolvedOptions().pluralCategories;

/** A regular expression from the glossary: flags i and u, \b a Unicode word boundary. */
export function pattern(source: string): RegExp {
  const w = '[\\p{L}\\p{N}_]';
  return new RegExp(source.replaceAll('\\b', `(?:(?<!${w})(?=${w})|(?<=${w})(?!${w}))`), 'iu');
}

/** Arabic as compared: without short vowels, tanwin, shadda, sukun, dagger alif or tatweel. */
export const foldArabic = (s: string): string => s.replace(/[\u064B-\u065F\u0670\u0640]/g, '');

/** A placeholder, taken out before matching: {{bundle}} is not the word "bundle". */
const HOLE = /\{\{\w+\}\}/g;

export type Concept = { id: string; enMatch: string; unless?: string; frForbidden: string[]; arForbidden: string[]; exceptKeys?: Record<string, string> };

/** The English string a French or Arabic form translates (an Arabic "few" translates the English "other"). */
export function englishFor(en: Map<string, string>, key: string): string | undefined {
  if (en.has(key)) return en.get(key);
  const m = key.match(PLURAL);
  return m ? en.get(key.replace(PLURAL, '_other')) : undefined;
}

/** Where a French or Arabic string words a concept of the English one with a term the glossary rules out. */
export function glossaryViolations(concepts: Concept[], en: Map<string, string>, lang: 'fr' | 'ar', texts: Map<string, string>): string[] {
  const found: string[] = [];
  for (const c of concepts) {
    const enMatch = pattern(c.enMatch);
    const unless = c.unless ? pattern(c.unless) : null;
    const forbidden = (lang === 'fr' ? c.frForbidden : c.arForbidden).map((f) => pattern(lang === 'ar' ? foldArabic(f) : f));
    for (const [key, text] of texts) {
      const english = englishFor(en, key)?.replaceAll('GCM Review', '').replace(HOLE, '{{}}');
      if (english === undefined || c.exceptKeys?.[key.replace(PLURAL, '')] || !enMatch.test(english) || unless?.test(english)) continue;
      const t = (lang === 'ar' ? foldArabic(text) : text).replace(HOLE, '{{}}');
      for (const f of forbidden) {
        const m = t.match(f);
        if (m) found.push(`${c.id} ${lang} ${key}: “${m[0]}” in “${text}”`);
      }
    }
  }
  return found;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** French punctuation as the catalogues write it (the glossary's "typography"). */
export function frenchTypography(text: string): string[] {
  const found: string[] = [];
  const at = (i: number, why: string) => found.push(`${why}: “${text.slice(Math.max(0, i - 12), i + 6)}”`);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const before = text[i - 1];
    if (c === "'") at(i, 'straight apostrophe (’)');
    else if (c === '"' || c === '“' || c === '”') at(i, 'quotes other than « »');
    else if (c === ':') {
      if (text.startsWith('//', i + 1) || /\d/.test(before ?? '') || text.slice(0, i).endsWith('mailto')) continue; // https://, 10:30, mailto:
      if (before !== NBSP) at(i, 'a colon needs a no-break space (U+00A0) before it');
    } else if (c === ';' || c === '?' || c === '!') {
      if (before === '(' && text[i + 1] === ')') continue; // the character itself, "(?)"
      if (before !== NNBSP) at(i, `“${c}” needs a narrow no-break space (U+202F) before it`);
    } else if (c === '«' && text[i + 1] !== NBSP) at(i, '« needs a no-break space after it');
    else if (c === '»' && before !== NBSP) at(i, '» needs a no-break space before it');
    else if (c === '%' && before !== NNBSP) at(i, '% needs a narrow no-break space (U+202F) before it');
  }
  for (const m of text.matchAll(/(\}\}|\d)([ \u202f]?)(Mo|Go|Ko|s|min)(?![\p{L}])/gu)) if (m[2] !== NBSP) at(m.index!, 'a number and its unit need a no-break space');
  return found;
}

const ARABIC = /[\u0600-\u06FF]/;

/** Latin commas, semicolons and question marks in an Arabic sentence; quotes other than «»; ٪ rather than %. */
export function arabicPunctuation(text: string): string[] {
  const found: string[] = [];
  if (!ARABIC.test(text)) return found;
  const near = (from: number, step: -1 | 1): string => {
    let i = from;
    while (i >= 0 && i < text.length && /[\s()«»‎‏]/.test(text[i]!)) i += step;
    if (step === -1 && text.slice(0, i + 1).endsWith('}}')) return '}}';
    if (step === 1 && text.startsWith('{{', i)) return '{{';
    return text[i] ?? '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ',' || c === ';' || c === '?') {
      if (c === '?' && text[i - 1] === '(' && text[i + 1] === ')') continue; // the character itself, "(?)"
      const b = near(i - 1, -1);
      const a = near(i + 1, 1);
      if (ARABIC.test(b) || ARABIC.test(a) || b === '}}' || a === '{{') found.push(`Latin “${c}” in Arabic: “${text.slice(Math.max(0, i - 12), i + 8)}”`);
    } else if (c === '"' || c === '“' || c === '”') found.push(`quotes other than «»: “${text.slice(Math.max(0, i - 12), i + 8)}”`);
    else if (c === '٪') found.push(`“٪” where Intl writes “%”: “${text.slice(Math.max(0, i - 12), i + 4)}”`);
  }
  // a file extension set left to right (U+200E on both sides), and after a Latin word its opening
  // bracket right to left (U+200F before it): otherwise "Word (.docx)" is drawn "Word (docx.)" with mismatched brackets;
  // an Arabic comma (a separator, of no direction) between it and a Latin word right to left too (U+200F after it),
  // or "(.doc، Word 97-2003)" is one left-to-right run, read from its end
  const ext = String.raw`\.[a-z]{2,5}(?:\.[a-z]{2,5})*\b`;
  const unmarked = new RegExp(String.raw`(?<![\w./\u200e-])${ext}|(?<=\u200e)${ext}(?![\u200e.a-z])|(?<=[A-Za-z0-9] ?)\(\u200e${ext}|(?<=\u200e)${ext}\u200e،(?= ?[A-Za-z0-9])(?!\u200f)`, 'g');
  for (const m of text.matchAll(unmarked)) {
    found.push(`a file extension without its direction marks (U+200F before “(”, U+200E around the extension): “${text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 4)}”`);
  }
  return found;
}

/** The {{placeholders}} of a string, and any brace that is not one. */
export function placeholders(text: string): { names: Set<string>; stray: string[] } {
  const names = new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));
  const stray = [...text.replace(/\{\{\w+\}\}/g, '').matchAll(/[{}]/g)].map((m) => text.slice(Math.max(0, m.index! - 8), m.index! + 8));
  return { names, stray };
}

/** Keys and their plural forms: "a.b_one", "a.b_other" → "a.b" → {one, other}. */
export function pluralGroups(texts: Map<string, string>): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const key of texts.keys()) {
    const m = key.match(PLURAL);
    if (!m) continue;
    const base = key.replace(PLURAL, '');
    if (!groups.has(base)) groups.set(base, new Set());
    groups.get(base)!.add(m[1]!);
  }
  return groups;
}

const NUMBER_IN_WORDS: Record<'fr' | 'ar', string[]> = { fr: ['one'], ar: ['zero', 'one', 'two'] };

/** Where a language's placeholders differ from the English (a form for one number may leave out the number: {{count}}, {{n}}). */
export function placeholderMismatches(en: Map<string, string>, lang: 'fr' | 'ar', texts: Map<string, string>): string[] {
  const found: string[] = [];
  const enGroups = pluralGroups(en);
  const namesOf = (s: string | undefined) => placeholders(s ?? '').names;
  const sorted = (s: Set<string>) => [...s].sort().join(',');
  for (const [key, text] of texts) {
    const { names, stray } = placeholders(text);
    if (stray.length) found.push(`${lang} ${key}: a brace that is not a {{placeholder}}: “${stray[0]}”`);
    const base = key.replace(PLURAL, '');
    let expected: Set<string>;
    if (PLURAL.test(key) && enGroups.has(base)) {
      expected = new Set([...enGroups.get(base)!].flatMap((f) => [...namesOf(en.get(`${base}_${f}`))]));
      // a form for one number (French "one", Arabic "zero", "one", "two") may say it in words
      if (NUMBER_IN_WORDS[lang].includes(key.match(PLURAL)![1]!)) for (const n of ['count', 'n']) if (expected.has(n)) names.add(n);
    } else expected = namesOf(en.get(key));
    if (sorted(names) !== sorted(expected)) found.push(`${lang} ${key}: {{${sorted(names)}}} where English has {{${sorted(expected)}}}`);
  }
  return found;
}
