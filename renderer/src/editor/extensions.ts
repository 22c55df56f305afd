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
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;
/** What a list item (after its first paragraph) and a table cell may hold: never a table. */
const FLOW = '(paragraph | bulletList | orderedList)';

/** The dir="auto" decorations of the top-level blocks between `from` and `to` (block boundaries). */
export function directionDecos(doc: PMNode, from: number, to: number): Decoration[] {
  const decos: Decoration[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name === 'paragraph') decos.push(Decoration.node(pos, pos + node.nodeSize, { dir: 'auto' }));
    if (node.type.name === 'table')
      // a cell's own paragraphs (not those of its lists) take their own direction
      node.descendants((child, p, parent) => {
        if (child.type.name === 'paragraph' && parent && /^table(Cell|Header)$/.test(parent.type.name)) decos.push(Decoration.node(pos + 1 + p, pos + 1 + p + child.nodeSize, { dir: 'auto' }));
        return child.type.name !== 'bulletList' && child.type.name !== 'orderedList';
      });
    return false; // top-level blocks only
  });
  return decos;
}

/** Where `tr` changed its document, in the new document's positions (null: nowhere). */
function changedRange(tr: Transaction): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  tr.mapping.maps.forEach((map, i) => {
    const after = tr.mapping.slice(i + 1);
    map.forEach((_os, _oe, start, end) => {
      from = Math.min(from, after.map(start, -1));
      to = Math.max(to, after.map(end, 1));
    });
  });
  return from <= to ? { from, to } : null;
}

const directionKey = new PluginKey<DecorationSet>('top-level-direction');

/**
 * dir="auto" on the answer's top-level paragraphs only: paragraphs inside list items follow their
 * list. Kept as plugin state and updated where a change landed (the top-level blocks it touched),
 * so a keystroke in a long answer does not decorate the whole answer again.
 */
export function topLevelDirectionPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: directionKey,
    state: {
      init: (_, state) => DecorationSet.create(state.doc, directionDecos(state.doc, 0, state.doc.content.size)),
      apply(tr, set) {
        if (!tr.docChanged) return set;
        const doc = tr.doc;
        const r = changedRange(tr);
        const mapped = set.map(tr.mapping, doc);
        if (!r) return mapped;
        // widen to the top-level blocks the change touched
        const $from = doc.resolve(Math.max(0, Math.min(r.from, doc.content.size)));
        const $to = doc.resolve(Math.max(0, Math.min(r.to, doc.content.size)));
        const from = $from.depth ? $from.before(1) : $from.pos;
        const to = $to.depth ? $to.after(1) : $to.pos;
        const stale = mapped.find(from, to).filter((d) => d.from >= from && d.to <= to);
        return mapped.remove(stale).add(doc, directionDecos(doc, from, to));
      },
    },
    props: {
      decorations: (state) => directionKey.getState(state),
    },
  });
}

const TopLevelDirection = Extension.create({
  name: 'topLevelDirection',
  addProseMirrorPlugins() {
    return [topLevelDirectionPlugin()];
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
