/**
 * The places of a field in conflict (pure): what the conflicts view shows and what resolving
 * writes. Answers are split into places (./doc.ts); other values are decided as a whole.
 */
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { MergeSegment, PlaceChoice } from '../../shared/contract/review';
import { emptyDoc, type Doc } from '../../shared/doc';
import { fillDoc, mergeDocs, unitKind, unitsDoc, type DocChoice, type DocMerge } from './doc';

export interface PlaceView {
  index: number;
  kind: 'paragraph' | 'list item' | 'blocks';
  base: Doc;
  ours: Doc;
  theirs: Doc;
}

export interface Decision {
  choice: PlaceChoice;
  edited: Doc | null;
}

const docOf = (v: FieldValue | null): Doc | null => (v === null ? emptyDoc() : v.kind === 'answer' ? v.doc : null);

/** null when the value is not an answer on every side (then it is decided as a whole). */
export function answerMerge(base: FieldValue | null, ours: FieldValue | null, theirs: FieldValue | null): DocMerge | null {
  const b = docOf(base);
  const o = docOf(ours);
  const t = docOf(theirs);
  if (!b || !o || !t || (!ours && !theirs)) return null;
  return mergeDocs(b, o, t);
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

/** The answer with every place decided; refuses while a place is undecided. */
export function resolvedAnswer(m: DocMerge, decisions: ReadonlyMap<number, Decision>): FieldValue {
  const missing = m.places.map((_, i) => i).filter((i) => !decisions.has(i));
  if (missing.length) throw new AppError('conflict', `place${missing.length > 1 ? 's' : ''} ${missing.map((i) => i + 1).join(', ')} still wait${missing.length > 1 ? '' : 's'} for a decision`);
  return { kind: 'answer', doc: fillDoc(m, (i) => asDocChoice(decisions.get(i)!)) };
}
