/**
 * Indenting a list item (Tab, the toolbar) stops where the document model stops: lists at most
 * MAX_LIST_DEPTH levels (shared/doc-limits.ts). One level more made the whole answer unsavable
 * ("lists nested 9 deep") until the user found and undid it, and every key typed meanwhile was
 * unsaved too.
 */
import { Fragment, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
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

/** The first list nested deeper than MAX_LIST_DEPTH in `doc`, with its position. */
function firstTooDeep(doc: PMNode): { node: PMNode; pos: number } | null {
  let hit: { node: PMNode; pos: number } | null = null;
  const walk = (node: PMNode, pos: number, lists: number) => {
    node.forEach((child, offset) => {
      if (hit || child.isTextblock) return;
      const at = pos + offset;
      const depth = lists + (isList(child) ? 1 : 0);
      if (depth > MAX_LIST_DEPTH) hit = { node: child, pos: at };
      else walk(child, at + 1, depth);
    });
  };
  walk(doc, 0, 0);
  return hit;
}

/**
 * A paste or a drop lands inside a list, and the lists it brings go deeper than an answer can be
 * saved (the paste cleaner counts from the pasted list's own top, not from where it lands): what is
 * deeper becomes the paragraphs of the item at the last level, as the cleaner does, in the same step.
 */
export const listDepthGuard = () =>
  new Plugin({
    key: new PluginKey('listDepthGuard'),
    appendTransaction(trs, _old, state) {
      if (!trs.some((t) => t.docChanged && (t.getMeta('uiEvent') === 'paste' || t.getMeta('uiEvent') === 'drop'))) return null;
      const tr = state.tr;
      try {
        for (let hit = firstTooDeep(tr.doc), n = 0; hit && n < 10_000; hit = firstTooDeep(tr.doc), n++) {
          const inside: PMNode[] = [];
          hit.node.forEach((item) => item.forEach((block) => void inside.push(block)));
          tr.replaceWith(hit.pos, hit.pos + hit.node.nodeSize, Fragment.from(inside));
        }
      } catch {
        return null; // left as it is: the answer then says it cannot be saved, and keeps the text
      }
      return tr.docChanged ? tr : null;
    },
  });
