/** Indent (Tab) stops where an answer stops being savable: lists at most eight levels deep. */
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { answerExtensions } from '../renderer/src/editor/extensions';
import { indentFits, listDepthGuard } from '../renderer/src/editor/list-depth';

const schema = getSchema(answerExtensions());
const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const li = (text: string, ...nested: object[]) => ({ type: 'listItem', content: [p(text), ...nested] });
const ul = (...items: object[]) => ({ type: 'bulletList', content: items });
/** A list `levels` deep: one item per level, the innermost holding `text`. */
const deep = (levels: number, text: string): object => (levels === 1 ? ul(li(text)) : ul(li(`level ${levels}`, deep(levels - 1, text))));

/** The state with the text selection from the start of `from`'s text to the end of `to`'s. */
function select(doc: object, from: string, to = from) {
  const d = schema.nodeFromJSON(doc);
  let a = -1;
  let b = -1;
  d.descendants((n, pos) => {
    if (n.isText && n.text === from && a < 0) a = pos;
    if (n.isText && n.text === to) b = pos + n.nodeSize;
  });
  return EditorState.create({ doc: d, selection: TextSelection.create(d, a, b) });
}

describe('indentFits', () => {
  it('lets an item go to the eighth level, not the ninth', () => {
    // `levels` lists, one inside the other; the innermost holds the items "a" and "b"
    const nest = (levels: number): object => (levels === 1 ? ul(li('a'), li('b')) : ul(li(`level ${levels}`, nest(levels - 1))));
    expect(indentFits(select({ type: 'doc', content: [nest(7)] }, 'b'))).toBe(true); // b: level 7 to 8
    expect(indentFits(select({ type: 'doc', content: [nest(8)] }, 'b'))).toBe(false); // b: level 8 to 9
  });

  it('counts the lists inside every selected item, not only the one at the caret', () => {
    // P, A, B in one list; B holds seven levels of its own (the document is eight deep: valid)
    const doc = { type: 'doc', content: [ul(li('P'), li('A'), li('B', deep(7, 'bottom')))] };
    expect(indentFits(select(doc, 'A'))).toBe(true); // A alone: one level more
    expect(indentFits(select(doc, 'A', 'B'))).toBe(false); // A and B: B's lists would reach nine
  });
});

describe('listDepthGuard', () => {
  const depthOf = (node: import('@tiptap/pm/model').Node): number => {
    let max = 0;
    node.forEach((c) => {
      const d = depthOf(c) + (c.type.name === 'bulletList' || c.type.name === 'orderedList' ? 1 : 0);
      if (d > max) max = d;
    });
    return max;
  };
  // `levels` lists, one inside the other, each item named `${prefix}${level}`
  const chain = (levels: number, prefix: string, top = 1): object => ul(li(`${prefix}${top}`, ...(levels > 1 ? [chain(levels - 1, prefix, top + 1)] : [])));

  for (const uiEvent of ['paste', 'drop', 'typing'] as const)
    it(`a list of six levels ${uiEvent === 'typing' ? 'put in otherwise' : `brought by a ${uiEvent}`} into an item at level five ${uiEvent === 'typing' ? 'is left as it is' : 'goes no deeper than eight: the rest as paragraphs of the eighth, every word kept'}`, () => {
      const doc = schema.nodeFromJSON({ type: 'doc', content: [chain(5, 'n')] });
      const state = EditorState.create({ doc, plugins: [listDepthGuard()] });
      let end = -1;
      doc.descendants((n, pos) => {
        if (n.type.name === 'listItem' && n.firstChild!.textContent === 'n5') end = pos + n.nodeSize - 1; // the end of item n5's content
      });
      const tr = state.tr.insert(end, schema.nodeFromJSON(chain(6, 'p')));
      if (uiEvent !== 'typing') tr.setMeta('uiEvent', uiEvent);
      const { state: next } = state.applyTransaction(tr);
      expect(depthOf(tr.doc)).toBe(11); // as it landed
      expect(depthOf(next.doc)).toBe(uiEvent === 'typing' ? 11 : 8);
      const text = next.doc.textBetween(0, next.doc.content.size, '|');
      expect(text).toBe('n1|n2|n3|n4|n5|p1|p2|p3|p4|p5|p6');
    });
});
