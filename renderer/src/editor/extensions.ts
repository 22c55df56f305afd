/**
 * The editor's schema: exactly the answer document model of shared/doc.ts (paragraph, bullet and
 * numbered lists, list items, tables at the top level, text, hard breaks; bold, italic, underline,
 * link). Cells and list items hold paragraphs and lists only, so a table never nests in a list or
 * in another table. Top-level paragraphs and paragraphs in table cells render
 * with dir="auto" (a decoration), so each takes its direction from its own text (Arabic RTL, Latin LTR), without
 * storing a direction in the document. Lists, list items and their paragraphs do not: they follow the editor, whose
 * direction is the answer's own (AnswerEditor), so an Arabic answer's bullets, numbers and
 * indents sit on the right at every level (dir="auto" on ul/li drew them on the left when an
 * item started with a Latin word or a number).
 *
 * (TipTap 3's `textDirection: 'auto'` editor option also exists, but it adds a stored `dir`
 * attribute to every node, the document and line breaks included, which the model does not hold.)
 */
import StarterKit from '@tiptap/starter-kit';
import { ListItem } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { Extension, type Extensions } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;
/** What a list item (after its first paragraph) and a table cell may hold: never a table. */
const FLOW = '(paragraph | bulletList | orderedList)';

/** dir="auto" on the answer's top-level paragraphs only: paragraphs inside list items follow their list. */
const TopLevelDirection = Extension.create({
  name: 'topLevelDirection',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          decorations(state) {
            const decos: Decoration[] = [];
            state.doc.forEach((node, pos) => {
              if (node.type.name === 'paragraph') decos.push(Decoration.node(pos, pos + node.nodeSize, { dir: 'auto' }));
              if (node.type.name === 'table')
                // a cell's own paragraphs (not those of its lists) take their own direction
                node.descendants((child, p, parent) => {
                  if (child.type.name === 'paragraph' && parent && /^table(Cell|Header)$/.test(parent.type.name)) decos.push(Decoration.node(pos + 1 + p, pos + 1 + p + child.nodeSize, { dir: 'auto' }));
                  return child.type.name !== 'bulletList' && child.type.name !== 'orderedList';
                });
            });
            return DecorationSet.create(state.doc, decos);
          },
        },
      }),
    ];
  },
});

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
      listItem: false,
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
    ListItem.extend({ content: `paragraph ${FLOW}*` }),
    Table.configure({ resizable: false, allowTableNodeSelection: false, HTMLAttributes: { class: 'answer-table' } }),
    TableRow,
    TableHeader.extend({ content: `${FLOW}+` }),
    TableCell.extend({ content: `${FLOW}+` }),
    TopLevelDirection,
  ];
}

export const isSafeHref = (url: string) => SAFE_HREF.test(url);
