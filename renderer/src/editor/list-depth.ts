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

/** The deepest nesting of lists inside `node` (0: none); paragraphs hold none, and are not walked. */
function listsWithin(node: PMNode): number {
  let deepest = 0;
  node.forEach((child) => {
    if (child.isTextblock) return;
    const d = listsWithin(child) + (isList(child) ? 1 : 0);
    if (d > deepest) deepest = d;
  });
  return deepest;
}

/**
 * Whether indenting the list items at the selection keeps every list within MAX_LIST_DEPTH levels:
 * each item the sink would move (the same range as ProseMirror's sinkListItem: every item the
 * selection touches), with the lists inside it.
 */
export function indentFits(state: EditorState): boolean {
  const { $from, $to } = state.selection;
  const range = $from.blockRange($to, (n) => n.childCount > 0 && n.firstChild!.type.name === 'listItem');
  if (!range) return true;
  let around = 0; // the list holding the items, and the lists around it
  for (let a = range.depth; a > 0; a--) if (isList($from.node(a))) around++;
  for (let i = range.startIndex; i < range.endIndex; i++) if (around + 1 + listsWithin(range.parent.child(i)) > MAX_LIST_DEPTH) return false;
  return true;
}
