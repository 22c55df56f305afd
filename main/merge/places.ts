/**
 * The places of a field in conflict (pure): what the conflicts view shows and what resolving
 * writes. Answers and notes are split into places (./doc.ts); an objective whose status both
 * sides set differently is decided as a whole.
 */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { MergeSegment, PlaceChoice } from '../../shared/contract/review';
import { emptyDoc, type Doc } from '../../shared/doc';
import { fillDoc, mergeDocs, unitKind, unitsDoc, type DocChoice, type DocMerge } from './doc';

export interface PlaceView {
  index: number;
  kind: 'paragraph' | 'list item' | 'table' | 'blocks';
  base: Doc;
  ours: Doc;
  theirs: Doc;
}

export interface Decision {
  choice: PlaceChoice;
  edited: Doc | null;
}

const docOf = (v: FieldValue | null): Doc => (v === null ? emptyDoc() : v.kind === 'answer' ? v.doc : v.note);

/** A field's text merged place by place, and how a merged text becomes the field's value again. */
export interface FieldMerge {
  docs: DocMerge;
  value(doc: Doc): FieldValue;
}

/**
 * Answers and notes merge place by place. null when that cannot decide it: the sides hold
 * different kinds of value, or an objective's status was set differently on both sides (then the
 * value is decided as a whole).
 */
export function fieldMerge(base: FieldValue | null, ours: FieldValue | null, theirs: FieldValue | null): FieldMerge | null {
  const kinds = new Set([base, ours, theirs].filter((v): v is FieldValue => v !== null).map((v) => v.kind));
  if (kinds.size !== 1 || (!ours && !theirs)) return null;
  // a conflict where both sides wrote a text over none came from a merge that decides them (a
  // bundle's joins them, no conflict): its place is the whole of each side, as that merge found it
  const docs = mergeDocs(docOf(base), docOf(ours), docOf(theirs), 'decide');
  const kind = [...kinds][0]!;
  if (kind === 'answer') return { docs, value: (doc) => ({ kind, doc }) };
  if (kind === 'principle') return { docs, value: (note) => ({ kind, note }) };
  const st = (v: FieldValue | null) => (v?.kind === 'objective' ? v.status : 'not_started');
  const [b, o, t] = [st(base), st(ours), st(theirs)];
  if (o !== t && o !== b && t !== b) return null;
  const status = o === b ? t : o;
  return { docs, value: (note) => ({ kind, status, note }) };
}

export function placeViews(m: DocMerge): PlaceView[] {
  return m.places.map((p, index) => {
    const kinds = new Set([...p.base, ...p.ours, ...p.theirs].map(unitKind));
    return { index, kind: kinds.size === 1 ? [...kinds][0]! : 'blocks', base: unitsDoc(p.base), ours: unitsDoc(p.ours), theirs: unitsDoc(p.theirs) };
  });
}

export function segments(m: DocMerge): MergeSegment[] {
  let n = 0;
  return m.chunks.map((c) => ('items' in c ? { doc: unitsDoc(c.items) } : { place: n++ }));
}

const asDocChoice = (d: Decision): DocChoice => (d.choice === 'edit' ? { edited: d.edited ?? emptyDoc() } : d.choice);

/** The field's value with every place decided; refuses while a place is undecided. */
export function resolvedValue(f: FieldMerge, decisions: ReadonlyMap<number, Decision>): FieldValue {
  return f.value(resolvedDoc(f.docs, decisions));
}

export function resolvedDoc(m: DocMerge, decisions: ReadonlyMap<number, Decision>): Doc {
  const missing = m.places.map((_, i) => i).filter((i) => !decisions.has(i));
  if (missing.length) throw new AppError('conflict', `place${missing.length > 1 ? 's' : ''} ${missing.map((i) => i + 1).join(', ')} still wait${missing.length > 1 ? '' : 's'} for a decision`);
  return fillDoc(m, (i) => asDocChoice(decisions.get(i)!));
}
