/** Field values: validation against the template, plain text, equality. */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import { docText, docTextFacts } from '../../shared/doc';
import { fieldKind, hasField, type Template } from '../../shared/template';

export function checkFieldValue(t: Template, field: string, value: FieldValue): void {
  if (!hasField(t, field)) throw new AppError('not_found', `unknown question ${field} in template ${t.id} ${t.version}`);
  const kind = fieldKind(field);
  if (value.kind !== kind) throw new AppError('invalid_input', `field ${field} takes a value of kind "${kind}", not "${value.kind}"`);
}

/** The searchable plain text of a value. */
export function valueText(value: FieldValue): string {
  switch (value.kind) {
    case 'answer':
      return docText(value.doc);
    case 'objective':
    case 'principle':
      return docText(value.note);
  }
}

/** Whether a value counts as answered (progress counts, the dashboard, workshop decisions). */
export function isFilled(value: FieldValue): boolean {
  return textFacts(value).filled;
}

/**
 * valueText(value)'s length in code points (a revision's text_size) and whether the value counts
 * as answered, without building the text (a save needs only these): an answer or a principle when
 * its text is more than white space; an objective also once its status is past not_started.
 */
export function textFacts(value: FieldValue): { size: number; filled: boolean } {
  const { size, blank } = docTextFacts(value.kind === 'answer' ? value.doc : value.note);
  return { size, filled: value.kind === 'objective' ? value.status !== 'not_started' || !blank : !blank };
}

/** Canonical JSON: key order fixed, so equal values compare equal. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}
