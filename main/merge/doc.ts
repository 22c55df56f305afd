/**
 * An answer document as a sequence of merge units: each top-level paragraph, each item of a
 * top-level list (so one side adding a bullet and the other editing a paragraph do not collide),
 * and each table as one unit (a change to the same table on both sides is a conflict).
 * Consecutive items of the same kind of list are put back together into one list.
 */
import { docText, type Block, type Doc, type List, type ListItem, type Paragraph, type Table } from '../../shared/doc';
import { canonicalJson } from '../services/values';
import { fillPlaces, merge3, type SequenceMerge } from './sequence';

export type Unit =
  | { t: 'p'; block: Paragraph }
  | { t: 'table'; block: Table }
  | { t: 'li'; list: List['type']; start?: number; item: ListItem };

export function docUnits(doc: Doc): Unit[] {
  const out: Unit[] = [];
  for (const b of doc.content) {
    if (b.type === 'paragraph') out.push({ t: 'p', block: b });
    else if (b.type === 'table') out.push({ t: 'table', block: b });
    else
      b.content.forEach((item, i) =>
        out.push(i === 0 && b.attrs?.start !== undefined ? { t: 'li', list: b.type, start: b.attrs.start, item } : { t: 'li', list: b.type, item }),
      );
  }
  return out;
}

export function unitsDoc(units: readonly Unit[]): Doc {
  const content: Block[] = [];
  let open: List | null = null;
  for (const u of units) {
    if (u.t === 'p' || u.t === 'table') {
      content.push(u.block);
      open = null;
    } else if (open && open.type === u.list && u.start === undefined) {
      open.content.push(u.item);
    } else {
      open = u.start !== undefined ? { type: u.list, attrs: { start: u.start }, content: [u.item] } : { type: u.list, content: [u.item] };
      content.push(open);
    }
  }
  return { type: 'doc', content };
}

export const unitKey = (u: Unit): string => canonicalJson(u);
export const unitText = (u: Unit): string => docText(unitsDoc([u]));
export const unitKind = (u: Unit): 'paragraph' | 'list item' | 'table' => (u.t === 'p' ? 'paragraph' : u.t === 'table' ? 'table' : 'list item');

export type DocMerge = SequenceMerge<Unit>;

/**
 * How two different texts both sides wrote where the base had none merge: joined, ours first, as
 * any two insertions at one point are (a returned draft's bundle: merge.test "a field written on
 * both sides for the first time"), or one place to decide, the whole of each side (a Word file
 * brought back, ../services/word-return.ts: two people answered the same empty question
 * independently, and the coordinator chooses, as for any other place both changed).
 */
export type EmptyBase = 'join' | 'decide';

/** Place by place: every change only one side made applies; places both sides changed are listed. */
export function mergeDocs(base: Doc, ours: Doc, theirs: Doc, emptyBase: EmptyBase = 'join'): DocMerge {
  const [b, o, t] = [docUnits(base), docUnits(ours), docUnits(theirs)];
  if (emptyBase === 'decide' && !b.length && o.length && t.length && canonicalJson(o) !== canonicalJson(t)) {
    const place = { s: 0, e: 0, base: [], ours: o, theirs: t };
    return { chunks: [{ place }], places: [place] };
  }
  return merge3(b, o, t, unitKey, unitText);
}

export type DocChoice = 'ours' | 'theirs' | 'both' | { edited: Doc };

/** The merged document with each place decided; a place without a choice keeps ours. */
export function fillDoc(m: DocMerge, choose: (index: number) => DocChoice | undefined): Doc {
  return unitsDoc(
    fillPlaces(
      m,
      (_, i) => {
        const c = choose(i);
        return c === undefined || typeof c === 'string' ? c : { edited: docUnits(c.edited) };
      },
      unitKey,
    ),
  );
}
