/**
 * The French and Arabic interface say one thing one way: the glossary's term for each concept
 * (test/fixtures/i18n-glossary.json), French and Arabic punctuation, the English's placeholders,
 * and every plural form the language needs where a count is shown. The checkers are tried on
 * wrong samples first, so that a pass means the catalogues are right, not the checkers blind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import glossary from './fixtures/i18n-glossary.json';
import { arabicPunctuation, catalogue, frenchTypography, glossaryViolations, placeholderMismatches, pluralForms, pluralGroups, type Concept } from './i18n-lint';

const en = catalogue('en');
const fr = catalogue('fr');
const ar = catalogue('ar');
const concepts = glossary.concepts as Concept[];

const sample = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the checkers find what is wrong', () => {
  it('a concept worded with a ruled-out term, in French and in Arabic (short vowels ignored)', () => {
    const english = sample({ 'x.a': 'Open the draft', 'x.b': 'Versions of this answer', 'x.c': 'Back to the draft', 'x.d': 'Submit for review', 'x.e': 'e.g. Morocco — national review 2020' });
    expect(glossaryViolations(concepts, english, 'fr', sample({ 'x.a': 'Ouvrir le projet', 'x.c': 'Retour au brouillon', 'x.d': 'Soumettre pour revue', 'x.e': 'p. ex. Maroc — examen national 2020' }))).toEqual([
      expect.stringMatching(/^review fr x\.d: “revue”/),
      expect.stringMatching(/^draft fr x\.a: “projet”/),
    ]);
    expect(glossaryViolations(concepts, english, 'ar', sample({ 'x.b': 'نُسَخ هذه الإجابة', 'x.e': 'مثال: المغرب — المراجعة الوطنية 2020' }))).toEqual([
      expect.stringMatching(/^nationalReview ar x\.e: “مراجع”/),
      expect.stringMatching(/^version ar x\.b: “نسخ/),
    ]);
  });

  it('French punctuation without its no-break space, straight apostrophes, other quotes', () => {
    expect(frenchTypography('Pays : Maroc')).toHaveLength(1);
    expect(frenchTypography('Pays: Maroc')).toHaveLength(1);
    expect(frenchTypography('Renvoyer ?')).toHaveLength(1);
    expect(frenchTypography('le « titre »')).toHaveLength(2);
    expect(frenchTypography("l'import")).toHaveLength(1);
    expect(frenchTypography('jusqu’à {{max}} Mo, {{percent}} %')).toHaveLength(2);
    expect(frenchTypography('Pays\u00a0: Maroc\u202f; « titre » ; https://x, mailto:, (?) {{max}}\u00a0Mo {{p}}\u202f%'.replace(/« titre » ;/, '«\u00a0titre\u00a0»\u202f;'))).toEqual([]);
  });

  it('Latin commas, semicolons and question marks in Arabic sentences; quotes; ٪', () => {
    expect(arabicPunctuation('نعم, لا')).toHaveLength(1);
    expect(arabicPunctuation('هل تريد حذفها?')).toHaveLength(1);
    expect(arabicPunctuation('{{name}}, {{time}} في السجل')).toHaveLength(1);
    expect(arabicPunctuation('ورشة "التنسيق"')).toHaveLength(2);
    expect(arabicPunctuation('جارٍ الإرسال: {{percent}} ٪')).toHaveLength(1);
    expect(arabicPunctuation('(127.0.0.1، localhost) استعلامًا (?) ورشة «{{title}}»؛ هل؟ 50%')).toEqual([]);
    // a file extension drawn right to left: "(.docx)" shows as "(docx.)"
    expect(arabicPunctuation('احفظه بصيغة «مستند Word (.docx)»')).toHaveLength(1);
    expect(arabicPunctuation('ملف Word (\u200e.docx\u200e) أو ملف نصي')).toHaveLength(1);
    expect(arabicPunctuation('ملف Word \u200f(\u200e.docx) أو ملف نصي')).toHaveLength(1);
    expect(arabicPunctuation('إصدار أقدم (\u200e.doc\u200e، Word 97-2003)')).toHaveLength(1);
    expect(arabicPunctuation('ملف Word \u200f(\u200e.docx\u200e) أو \u200e.txt\u200e،\u200f GCM Review.')).toEqual([]);
  });

  it('placeholders that differ from the English', () => {
    const english = sample({ 'x.a': 'Open {{title}}', 'x.n_one': '{{count}} word', 'x.n_other': '{{count}} words' });
    expect(placeholderMismatches(english, 'fr', sample({ 'x.a': 'Ouvrir {{titre}}', 'x.n_one': 'un mot', 'x.n_other': 'des mots', 'x.n_many': '{{count}} mots' }))).toEqual([
      expect.stringMatching(/^fr x\.a: \{\{titre\}\}/),
      expect.stringMatching(/^fr x\.n_other: \{\{\}\}/),
    ]);
    expect(placeholderMismatches(english, 'ar', sample({ 'x.a': 'فتح {title}', 'x.n_one': 'كلمة واحدة', 'x.n_two': 'كلمتان {{n}}' }))).toHaveLength(3);
  });
});

describe('the catalogues', () => {
  it('use the glossary’s term for each concept, in French and in Arabic', () => {
    expect(glossaryViolations(concepts, en, 'fr', fr)).toEqual([]);
    expect(glossaryViolations(concepts, en, 'ar', ar)).toEqual([]);
  });

  it('French: no-break spaces before : ; ? ! % and inside « », ’ for the apostrophe', () => {
    expect([...fr].flatMap(([k, v]) => frenchTypography(v).map((p) => `${k}: ${p}`))).toEqual([]);
  });

  it('Arabic: ، ؛ ؟ in Arabic sentences, «» for quotes', () => {
    expect([...ar].flatMap(([k, v]) => arabicPunctuation(v).map((p) => `${k}: ${p}`))).toEqual([]);
  });

  it('French and Arabic keep the English placeholders', () => {
    expect(placeholderMismatches(en, 'fr', fr)).toEqual([]);
    expect(placeholderMismatches(en, 'ar', ar)).toEqual([]);
  });

  it('every plural has the forms its language asks for (Arabic six, French three)', () => {
    const missing: string[] = [];
    const groups = { en: pluralGroups(en), fr: pluralGroups(fr), ar: pluralGroups(ar) };
    for (const base of new Set([...groups.en.keys(), ...groups.fr.keys(), ...groups.ar.keys()])) {
      for (const lang of ['en', 'fr', 'ar'] as const) {
        const have = groups[lang].get(base) ?? new Set();
        for (const f of pluralForms(lang)) if (!have.has(f)) missing.push(`${lang} ${base}_${f}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a string the screens fill with a count has plural forms', () => {
    const counted = new Set<string>();
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    for (const f of walk(path.join(__dirname, '..', 'renderer', 'src'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.]+)',\s*\{[^}]*\bcount\b/g)) counted.add(m[1]!);
    }
    expect(counted.size).toBeGreaterThan(20);
    const plural = pluralGroups(en);
    expect([...counted].filter((k) => !plural.has(k)).sort()).toEqual([]);
  });
});
