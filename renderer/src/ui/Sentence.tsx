/**
 * A translated sentence with the values put into it (names, organisations, titles, dates) each
 * isolated in <bdi>: a name in another script than the sentence's ("Amina El Idrissi" on an
 * Arabic screen, "أمينة الإدريسي" on a French one) then never drags the words around it into its
 * own direction (the Unicode bidi algorithm would put "، 3 دجنبر" or ", 3 déc." on the wrong side
 * of it). The sentence itself takes its container's direction. The text is the same as t() gives.
 */
import { Fragment, isValidElement, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { formatNumber } from '../format';

/** A value as the sentence shows it: a number as the language writes numbers (as i18n.ts does for t()). */
const shown = (v: string | number, lang: Language) => (typeof v === 'number' ? formatNumber(v, lang) : v);

/** Private-use characters marking where a value goes (never in a catalogue). */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * `values`: the sentence's placeholders; `count` is passed as it is (it chooses the plural form)
 * and is not isolated. A value that is an element (another sentence of the same language, e.g. a
 * reason inside "Refused: …") is put in as it is.
 */
export function Sentence({ k, values }: { k: string; values: Record<string, string | number | ReactElement> }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const names = Object.keys(values).filter((n) => n !== 'count');
  const marked: Record<string, string | number> = {};
  if (typeof values.count === 'number') marked.count = values.count;
  names.forEach((n, i) => (marked[n] = `${OPEN}${i}${CLOSE}`));
  const parts = t(k, marked).split(MARK);
  // split() with a capture group: text, index, text, index, … text
  return parts.map((p, i) => {
    if (i % 2 === 0) return <Fragment key={i}>{p}</Fragment>;
    const v = values[names[Number(p)]!]!;
    return isValidElement(v) ? <Fragment key={i}>{v}</Fragment> : <bdi key={i}>{shown(v, lang)}</bdi>;
  });
}
