/**
 * Indenting a list item (Tab, the toolbar) stops where the document model stops: lists at most
 * MAX_LIST_DEPTH levels (shared/doc-limits.ts). One level more made the whole answer unsavable
 * ("lists nested 9 deep") until the user found and undid it, and every key typed meanwhile was
 * unsaved too.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { MAX_LIST_DEPTH } from '../../../shared/doc-limits';

const isList = (n: PMNode) => n.type.name === 'bulletList' || n.type.name === 'orderedList';

/** The deepest nesting of lists inside `node` (0: none). */
function listsWithin(node: PMNode): number {
  let deepest = 0;
  node.forEach((child) => {
    const d = listsWithin(child) + (isList(child) ? 1 : 0);
    if (d > deepest) deepest = d;
  });
  return deepest;
}

/** Whether indenting the list item at the selection keeps every list within MAX_LIST_DEPTH levels. */
export function indentFits(state: EditorState): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const item = $from.node(d);
    if (item.type.name !== 'listItem') continue;
    let around = 0;
    for (let a = d - 1; a > 0; a--) if (isList($from.node(a))) around++;
    return around + 1 + listsWithin(item) <= MAX_LIST_DEPTH;
  }
  return true;
}
