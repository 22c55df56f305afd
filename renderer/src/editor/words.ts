/**
 * The word count of a long answer without reading all of it after every pause in typing:
 * ProseMirror nodes are immutable and an edit replaces only the blocks it touches, so each
 * top-level block's count is kept by node (a WeakMap) and only new blocks are counted.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { wordCount } from '../../../shared/doc';

const counted = new WeakMap<PMNode, number>();

/** Words in the document, as wordCount(the whole text, blocks apart by line breaks) counts them. */
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
