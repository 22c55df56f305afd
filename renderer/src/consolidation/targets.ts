/**
 * The questions and objectives a contribution can be tagged to, in the interface language (the
 * template's translation where it has one), and type-ahead over them.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { foldForMatch, westernDigits } from '../../../shared/text-fold';
import { objectiveField, questions, type Template } from '../../../shared/template/schema';
import { templateText } from '../language/template-text';

/** How the interface language writes an objective's number: "Obj 7", "Obj. 7", "الهدف 7" (catalogue: cons.target.objective). */
export type ObjectiveWord = (n: number) => string;

/** The objective's word of the interface language, from its catalogue. */
export function useObjectiveWord(): ObjectiveWord {
  const { t } = useTranslation();
  return useCallback((n: number) => t('cons.target.objective', { n }), [t]);
}

/** A field's label in the interface language (targetLabel with its objective word). */
export function useTargetLabel(): (field: string) => string {
  const objective = useObjectiveWord();
  return (field) => targetLabel(field, objective);
}

export interface TargetOption {
  field: string;
  /** "II.c", or the objective as the interface language writes it ("Obj 7", "الهدف 7") */
  label: string;
  text: string;
  /** the language `text` is in, and its direction (the source's where the template has no translation) */
  lang: string;
  dir: 'rtl' | 'ltr';
}

/** Every question and objective of the template, their texts in `lang` where the template has them. */
export function targetOptions(source: Template, objective: ObjectiveWord, lang = source.language): TargetOption[] {
  const { local: t, lang: textLang, dir } = templateText(source, lang);
  const out: TargetOption[] = [];
  for (const q of questions(t)) {
    out.push({ field: q.id, label: q.id, text: q.text, lang: textLang, dir });
    if (q.extension === 'objectives') for (const o of t.objectives) out.push({ field: objectiveField(q.id, o.number), label: objective(o.number), text: o.title, lang: textLang, dir });
  }
  return out;
}

export function targetLabel(field: string, objective: ObjectiveWord): string {
  const m = /\/objective\/(\d+)$/.exec(field);
  if (m) return objective(Number(m[1]));
  const p = /\/principle\/([a-z])$/.exec(field);
  return p ? `${field.split('/')[0]} (${p[1]})` : field;
}

/**
 * An objective's number as typed in any of the languages: "Obj 7", "obj. 7", "objective 7",
 * "objectif 7", "o7", "الهدف 7", "هدف 7" or "7".
 */
const TYPED_OBJECTIVE = /^(?:obj(?:ective|ectif)?\.?\s*|o|(?:ال)?هدف\s*)?(\d{1,3})$/u;

/** Best matches first: an id or objective number typed ("ii.c", "obj 7", "الهدف 7", "7"), then words of the text. */
export function matchTargets(options: TargetOption[], query: string, limit = 8): TargetOption[] {
  // Arabic-Indic digits as the numbers they are ("هدف ٧" is objective 7)
  const q = westernDigits(query.trim().toLowerCase());
  if (!q) return [];
  const obj = TYPED_OBJECTIVE.exec(q);
  // words compared as search compares them (shared/text-fold.ts: accents, case, Arabic spellings)
  const words = foldForMatch(q).split(/\s+/).filter(Boolean);
  const scored: Array<[number, TargetOption]> = [];
  for (const o of options) {
    const label = o.label.toLowerCase();
    let score = 0;
    if (obj) {
      // an objective's number typed names that objective only (its words matched "17" for "7", and
      // Enter took objective 17 when 7 was already chosen)
      if (o.field.endsWith(`/objective/${Number(obj[1])}`)) score = 100;
    } else if (label === q) score = 90;
    else if (label.startsWith(q)) score = 80;
    else if (words.every((w) => foldForMatch(o.text).includes(w) || label.includes(w))) score = 10;
    if (score) scored.push([score, o]);
  }
  return scored.sort((a, b) => b[0] - a[0]).slice(0, limit).map(([, o]) => o);
}
