/**
 * A translated sentence with the values put into it (names, organisations, titles, dates) each
 * isolated in <bdi>: a name in another script than the sentence's ("Amina El Idrissi" on an
 * Arabic screen, "أمينة الإدريسي" on a French one) then never drags the words around it into its
 * own direction (the Unicode bidi algorithm would put "، 3 دجنبر" or ", 3 déc." on the wrong side
 * of it). The sentence itself takes its container's direction. The text is the same as t() gives.
 */
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Private-use characters marking where a value goes (never in a catalogue). */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * `values`: the sentence's placeholders; `count` is passed as it is (it chooses the plural form)
 * and is not isolated.
 */
export function Sentence({ k, values }: { k: string; values: Record<string, string | number> }): ReactNode {
  const { t } = useTranslation();
  const names = Object.keys(values).filter((n) => n !== 'count');
  const marked: Record<string, string | number> = { ...values };
  names.forEach((n, i) => (marked[n] = `${OPEN}${i}${CLOSE}`));
  const parts = t(k, marked).split(MARK);
  // split() with a capture group: text, index, text, index, … text
  return parts.map((p, i) => (i % 2 ? <bdi key={i}>{String(values[names[Number(p)]!])}</bdi> : <Fragment key={i}>{p}</Fragment>));
}
