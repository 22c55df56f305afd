/**
 * The editor's schema: exactly the answer document model of shared/doc.ts (paragraph, bullet and
 * numbered lists, list items, tables at the top level, text, hard breaks; bold, italic, underline,
 * link). Cells and list items hold paragraphs and lists only, so a table never nests in a list or
 * in another table. Every block renders with
 * dir="auto", so each paragraph or list item takes its direction from its own text (Arabic RTL,
 * Latin LTR), without storing a direction in the document.
 *
 * (TipTap 3's `textDirection: 'auto'` editor option also exists, but it adds a stored `dir`
 * attribute to every node, the document and line breaks included, which the model does not hold.)
 */
import StarterKit from '@tiptap/starter-kit';
import { ListItem } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import type { Extensions } from '@tiptap/core';

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;
const auto = { HTMLAttributes: { dir: 'auto' } };
/** What a list item (after its first paragraph) and a table cell may hold: never a table. */
const FLOW = '(paragraph | bulletList | orderedList)';

export function answerExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: false,
      code: false,
      codeBlock: false,
      blockquote: false,
      strike: false,
      horizontalRule: false,
      trailingNode: false,
      dropcursor: false,
      gapcursor: false,
      paragraph: auto,
      listItem: false,
      bulletList: auto,
      orderedList: auto,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: ['http', 'https', 'mailto'],
        isAllowedUri: (url) => SAFE_HREF.test(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null, class: null },
      },
    }),
    ListItem.extend({ content: `paragraph ${FLOW}*` }).configure(auto),
    Table.configure({ resizable: false, allowTableNodeSelection: false, HTMLAttributes: { class: 'answer-table' } }),
    TableRow,
    TableHeader.extend({ content: `${FLOW}+` }).configure(auto),
    TableCell.extend({ content: `${FLOW}+` }).configure(auto),
  ];
}

export const isSafeHref = (url: string) => SAFE_HREF.test(url);
