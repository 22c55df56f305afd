/**
 * Three-way merge of field values (pure). `null` is a value that is absent (never written, or
 * deleted). What only one side changed applies; the same change on both sides is taken once;
 * different changes to the same thing are a conflict, so nothing is ever chosen silently.
 * Answer documents merge place by place (paragraph / top-level list item); objectives per status and note.
 */
import type { FieldValue } from '../../shared/contract/drafts';
import { emptyDoc } from '../../shared/doc';
import { canonicalJson } from '../services/values';
import { fillDoc, mergeDocs, type EmptyBase } from './doc';

export type ValueMerge =
  /** ours and theirs are equal */
  | { outcome: 'same'; value: FieldValue | null }
  /** only ours changed (or neither): keep ours */
  | { outcome: 'ours'; value: FieldValue | null }
  /** only theirs changed: take theirs */
  | { outcome: 'theirs'; value: FieldValue | null }
  /** both changed different parts: a new value combining both */
  | { outcome: 'merged'; value: FieldValue }
  /**
   * both changed the same thing differently. For answers and notes, `partial` is the merge with every
   * change only one side made applied and ours kept at each of the `places` both sides changed.
   */
  | { outcome: 'conflict'; reason: string; places?: number; partial?: FieldValue };

const eq = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function scalar<T>(b: T, o: T, t: T): { ok: true; v: T } | { ok: false } {
  if (eq(o, t) || eq(t, b)) return { ok: true, v: o };
  if (eq(o, b)) return { ok: true, v: t };
  return { ok: false };
}

/** The value an absent field stands for when the other side wrote something. */
function blank(kind: FieldValue['kind']): FieldValue {
  return kind === 'answer' ? { kind, doc: emptyDoc() } : kind === 'objective' ? { kind, status: 'not_started', note: emptyDoc() } : { kind, note: emptyDoc() };
}

/** `emptyBase`: how two texts written where the base had none merge (./doc.ts EmptyBase). */
export function mergeValues(base: FieldValue | null, ours: FieldValue | null, theirs: FieldValue | null, emptyBase: EmptyBase = 'join'): ValueMerge {
  if (eq(ours, theirs)) return { outcome: 'same', value: ours };
  if (eq(theirs, base)) return { outcome: 'ours', value: ours };
  if (eq(ours, base)) return { outcome: 'theirs', value: theirs };
  if (ours === null || theirs === null) return { outcome: 'conflict', reason: `${ours === null ? 'ours' : 'theirs'} deleted it while the other side changed it` };
  if (ours.kind !== theirs.kind) return { outcome: 'conflict', reason: 'the two sides hold different kinds of value' };
  const b = base && base.kind === ours.kind ? base : blank(ours.kind);
  if (ours.kind === 'answer' && theirs.kind === 'answer' && b.kind === 'answer') {
    const m = mergeDocs(b.doc, ours.doc, theirs.doc, emptyBase);
    const doc = fillDoc(m, () => undefined);
    const n = m.places.length;
    return n === 0
      ? { outcome: 'merged', value: { kind: 'answer', doc } }
      : { outcome: 'conflict', reason: `both sides changed the same part of the answer (${n} place${n > 1 ? 's' : ''})`, places: n, partial: { kind: 'answer', doc } };
  }
  if (ours.kind === 'answer' || theirs.kind === 'answer' || b.kind === 'answer') return { outcome: 'conflict', reason: 'the two sides hold different kinds of value' };
  // Notes are documents: they merge place by place like answers.
  const n = mergeDocs(b.note, ours.note, theirs.note, emptyBase);
  const note = fillDoc(n, () => undefined);
  const k = n.places.length;
  let value: FieldValue = { kind: 'principle', note };
  if (ours.kind === 'objective' && theirs.kind === 'objective') {
    const s = scalar(b.kind === 'objective' ? b.status : 'not_started', ours.status, theirs.status);
    if (!s.ok) return { outcome: 'conflict', reason: 'both sides set a different status' };
    value = { kind: 'objective', status: s.v, note };
  }
  return k === 0 ? { outcome: 'merged', value } : { outcome: 'conflict', reason: `both sides changed the same part of the note (${k} place${k > 1 ? 's' : ''})`, places: k, partial: value };
}
