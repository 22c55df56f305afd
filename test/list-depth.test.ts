/** Indent (Tab) stops where an answer stops being savable: lists at most eight levels deep. */
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { answerExtensions } from '../renderer/src/editor/extensions';
import { indentFits } from '../renderer/src/editor/list-depth';

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
