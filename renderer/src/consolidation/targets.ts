/** The questions and objectives a contribution can be tagged to, and type-ahead over them. */
import { objectiveField, questions, type Template } from '../../../shared/template/schema';

export interface TargetOption {
  field: string;
  /** "II.c" or "Obj 7" */
  label: string;
  text: string;
}

export function targetOptions(t: Template): TargetOption[] {
  const out: TargetOption[] = [];
  for (const q of questions(t)) {
    out.push({ field: q.id, label: q.id, text: q.text });
    if (q.extension === 'objectives') for (const o of t.objectives) out.push({ field: objectiveField(q.id, o.number), label: `Obj ${o.number}`, text: o.title });
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
  const words = q.split(/\s+/).filter(Boolean);
  const scored: Array<[number, TargetOption]> = [];
  for (const o of options) {
    const label = o.label.toLowerCase();
    let score = 0;
    if (obj && label === `obj ${obj[1]}`) score = 100;
    else if (label === q) score = 90;
    else if (label.startsWith(q)) score = 80;
    else if (words.every((w) => o.text.toLowerCase().includes(w) || label.includes(w))) score = 10;
    if (score) scored.push([score, o]);
  }
  return scored.sort((a, b) => b[0] - a[0]).slice(0, limit).map(([, o]) => o);
}
