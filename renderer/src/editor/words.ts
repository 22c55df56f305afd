/**
 * The word count and the direction of a long answer without reading all of it at every change:
 * ProseMirror nodes are immutable and an edit replaces only the blocks it touches, so each
 * top-level block's count is kept by node (a WeakMap) and only new blocks are counted.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { strongDirection, wordCount } from '../../../shared/doc';

const counted = new WeakMap<PMNode, number>();

/** Words in the document, as wordCount(the whole text, blocks apart) counts them. */
export function docWords(doc: PMNode): number {
  let n = 0;
  doc.forEach((block) => {
    let c = counted.get(block);
    if (c === undefined) {
      // blocks never share a word: the whole text puts a line break between them
      c = wordCount(block.textBetween(0, block.content.size, '\n', '\n'));
      counted.set(block, c);
    }
    n += c;
  });
  return n;
}

/**
 * The direction of the first strong character in the answer's first `limit` positions (null: none,
 * the page's direction applies). Stops at the first text with one.
 */
export function answerDir(doc: PMNode, limit = 4000): 'rtl' | 'ltr' | null {
  let dir: 'rtl' | 'ltr' | null = null;
  doc.nodesBetween(0, Math.min(doc.content.size, limit), (node, pos) => {
    if (dir) return false;
    if (node.isText) dir = strongDirection(node.text!.slice(0, Math.max(0, limit - pos)));
    return true;
  });
  return dir;
}
