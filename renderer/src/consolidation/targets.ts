/**
 * The questions and objectives a contribution can be tagged to, in the interface language (the
 * template's translation where it has one), and type-ahead over them.
 */
import { foldForMatch } from '../../../shared/text-fold';
import { objectiveField, questions, type Template } from '../../../shared/template/schema';
import { templateText } from '../language/template-text';

export interface TargetOption {
  field: string;
  /** "II.c" or "Obj 7" */
  label: string;
  text: string;
  /** the language `text` is in, and its direction (the source's where the template has no translation) */
  lang: string;
  dir: 'rtl' | 'ltr';
}

/** Every question and objective of the template, their texts in `lang` where the template has them. */
export function targetOptions(source: Template, lang = source.language): TargetOption[] {
  const { local: t, lang: textLang, dir } = templateText(source, lang);
  const out: TargetOption[] = [];
  for (const q of questions(t)) {
    out.push({ field: q.id, label: q.id, text: q.text, lang: textLang, dir });
    if (q.extension === 'objectives') for (const o of t.objectives) out.push({ field: objectiveField(q.id, o.number), label: `Obj ${o.number}`, text: o.title, lang: textLang, dir });
  }
  return out;
}

export function targetLabel(field: string): string {
  const m = /\/objective\/(\d+)$/.exec(field);
  if (m) return `Obj ${m[1]}`;
  const p = /\/principle\/([a-z])$/.exec(field);
  return p ? `${field.split('/')[0]} (${p[1]})` : field;
}

/** Best matches first: an id or objective number typed ("ii.c", "obj 7", "7"), then words of the text. */
export function matchTargets(options: TargetOption[], query: string, limit = 8): TargetOption[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const obj = /^(?:obj(?:ective)?\.?\s*|o)?(\d{1,3})$/.exec(q);
  // words compared as search compares them (shared/text-fold.ts: accents, case, Arabic spellings)
  const words = foldForMatch(q).split(/\s+/).filter(Boolean);
  const scored: Array<[number, TargetOption]> = [];
  for (const o of options) {
    const label = o.label.toLowerCase();
    let score = 0;
    if (obj && label === `obj ${obj[1]}`) score = 100;
    else if (label === q) score = 90;
    else if (label.startsWith(q)) score = 80;
    else if (words.every((w) => foldForMatch(o.text).includes(w) || label.includes(w))) score = 10;
    if (score) scored.push([score, o]);
  }
  return scored.sort((a, b) => b[0] - a[0]).slice(0, limit).map(([, o]) => o);
}
