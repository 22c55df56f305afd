/**
 * The editor says the language of text written in another language than the review's, as the
 * print view and the read-only views do (shared/text-scripts.ts, DocView): an Arabic paragraph in
 * a French review gets lang="ar" (the :lang(ar) rule draws it in the bundled Naskh; a screen
 * reader voices it in Arabic), a French law's name inside an Arabic answer a span lang="fr", and
 * the editor itself the review's language. Decorations only: the stored text is unchanged.
 *
 * Typing must not get slower with the answer's size (issue 13): the decorations are plugin state,
 * mapped through each transaction; only the textblocks (paragraphs, at any depth) that a
 * transaction's steps touched, and their neighbours, are worked out again.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { strongDirection } from '../../../shared/doc';
import { paragraphVoice, pieces, type Voice } from '../../../shared/text-scripts';

/** The text of a textblock, one character per position (a line break as "\n"), so an offset is a position. */
function blockText(node: PMNode): string {
  let text = '';
  node.forEach((child) => (text += child.isText ? child.text! : '\n'.repeat(child.nodeSize)));
  return text;
}

/** The lang decorations of the textblock `node` at `pos`: on the paragraph, and on pieces in another language than it. */
export function blockLanguageDecos(node: PMNode, pos: number, inList: boolean, v: Voice): Decoration[] {
  const text = blockText(node);
  if (!/\p{L}/u.test(text)) return [];
  // paragraphs in a list follow the list (the answer's direction); others take their own (dir="auto")
  const rtl = ((inList ? null : strongDirection(text)) ?? (v.page === 'ar' ? 'rtl' : 'ltr')) === 'rtl';
  const { lang, inner } = paragraphVoice(text, rtl, v);
  const decos = lang ? [Decoration.node(pos, pos + node.nodeSize, { lang })] : [];
  let at = pos + 1;
  for (const p of pieces(text, rtl, inner)) {
    if (p.lang && p.lang !== inner.page) decos.push(Decoration.inline(at, at + p.text.length, { lang: p.lang }));
    at += p.text.length;
  }
  return decos;
}

const isList = (n: PMNode) => n.type.name === 'bulletList' || n.type.name === 'orderedList';

/** Whether the textblock at `pos` of `doc` is inside a list. */
function inListAt(doc: PMNode, pos: number): boolean {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) if (isList($pos.node(d))) return true;
  return false;
}

/** The lang decorations of the textblocks of `doc` between `from` and `to` (all of them by default). */
export function languageDecos(doc: PMNode, v: Voice, from = 0, to = doc.content.size): Decoration[] {
  const decos: Decoration[] = [];
  if (from === 0 && to === doc.content.size) {
    // the whole answer: whether a block is in a list follows from the walk
    const walk = (parent: PMNode, offset: number, inList: boolean) =>
      parent.forEach((node, p) => {
        const pos = offset + p;
        if (node.isTextblock) decos.push(...blockLanguageDecos(node, pos, inList, v));
        else walk(node, pos + 1, inList || isList(node));
      });
    walk(doc, 0, false);
  } else
    doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isTextblock) return true;
      decos.push(...blockLanguageDecos(node, pos, inListAt(doc, pos), v));
      return false;
    });
  return decos;
}

/** The ranges of `tr.doc` that its steps replaced (each as it stands after the later steps). */
export function changedRanges(tr: Transaction): Array<[number, number]> {
  let ranges: Array<[number, number]> = [];
  for (const map of tr.mapping.maps) {
    ranges = ranges.map(([f, t]) => [map.map(f, -1), map.map(t, 1)]);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => ranges.push([newStart, newEnd]));
  }
  return ranges;
}

const key = new PluginKey<DecorationSet>('text-languages');
/** A transaction meta that says the review's language changed: everything is worked out again. */
export const LANGUAGE_CHANGED = 'languageChanged';

/**
 * `voice()`: the review's language and its Latin language (read when the editor starts and when a
 * transaction carries LANGUAGE_CHANGED). The editor takes `lang` of the review.
 */
export function textLanguagesPlugin(voice: () => Voice): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key,
    state: {
      init: (_, state) => DecorationSet.create(state.doc, languageDecos(state.doc, voice())),
      apply(tr, set) {
        if (tr.getMeta(key) === LANGUAGE_CHANGED) return DecorationSet.create(tr.doc, languageDecos(tr.doc, voice()));
        if (!tr.docChanged) return set;
        let next = set.map(tr.mapping, tr.doc);
        const size = tr.doc.content.size;
        for (const [f, t] of changedRanges(tr)) {
          // the textblocks the change touched and those beside it (a join, a split, a list wrapped around them)
          const from = Math.max(0, f - 1);
          const to = Math.min(size, t + 1);
          let lo = from;
          let hi = to;
          tr.doc.nodesBetween(from, to, (node, pos) => {
            if (!node.isTextblock) return true;
            lo = Math.min(lo, pos);
            hi = Math.max(hi, pos + node.nodeSize);
            return false;
          });
          next = next.remove(next.find(lo, hi, () => true).filter((d) => d.from < hi && d.to > lo && d.from >= lo && d.to <= hi));
          next = next.add(tr.doc, languageDecos(tr.doc, voice(), lo, hi));
        }
        return next;
      },
    },
    props: {
      decorations: (state) => key.getState(state),
      attributes: () => ({ lang: voice().page }),
    },
  });
}

export const textLanguagesKey = key;
