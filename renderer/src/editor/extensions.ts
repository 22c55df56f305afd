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
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Mapping, StepMap } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { SAFE_HREF } from '../../../shared/doc-limits';
import { strongDirection } from '../../../shared/doc';
import type { Voice } from '../../../shared/text-scripts';
import { farBlocksPlugin } from './far-blocks';
import { indentFits, listDepthGuard } from './list-depth';
import { textLanguagesPlugin } from './languages';

/** What a list item (after its first paragraph) and a table cell may hold: never a table. */
const FLOW = '(paragraph | bulletList | orderedList)';

/**
 * Whether a paragraph takes its own direction (dir="auto"): only when it holds a letter. One without
 * ("2014", "23.096") follows the answer: dir="auto" made it left-to-right, at the left of an Arabic
 * table's column.
 */
const ownDirection = (paragraph: PMNode) => strongDirection(paragraph.textContent) !== null;

/** The dir="auto" decorations of one top-level block at `pos`. */
function blockDirectionDecos(node: PMNode, pos: number): Decoration[] {
  const decos: Decoration[] = [];
  if (node.type.name === 'paragraph' && ownDirection(node)) decos.push(Decoration.node(pos, pos + node.nodeSize, { dir: 'auto' }));
  if (node.type.name === 'table')
    // a cell's own paragraphs (not those of its lists) take their own direction
    node.descendants((child, p, parent) => {
      if (child.type.name === 'paragraph' && parent && /^table(Cell|Header)$/.test(parent.type.name) && ownDirection(child)) decos.push(Decoration.node(pos + 1 + p, pos + 1 + p + child.nodeSize, { dir: 'auto' }));
      return child.type.name !== 'bulletList' && child.type.name !== 'orderedList';
    });
  return decos;
}

/** The dir="auto" decorations of the whole document. */
export function directionDecos(doc: PMNode): Decoration[] {
  const decos: Decoration[] = [];
  doc.forEach((node, pos) => decos.push(...blockDirectionDecos(node, pos)));
  return decos;
}

/**
 * The top-level blocks `after` has in place of some of `before`'s: the blocks both share at the
 * start and at the end are the very same nodes (ProseMirror shares what an edit does not touch),
 * and the rest was replaced: `before`'s [from, toBefore) by `after`'s [from, toAfter).
 */
export function changedBlocks(before: PMNode, after: PMNode): { from: number; toBefore: number; toAfter: number; first: number; endAfter: number } {
  let first = 0;
  let from = 0;
  const min = Math.min(before.childCount, after.childCount);
  while (first < min && before.child(first) === after.child(first)) from += before.child(first++).nodeSize;
  let endBefore = before.childCount;
  let endAfter = after.childCount;
  let toBefore = before.content.size;
  let toAfter = after.content.size;
  while (endBefore > first && endAfter > first && before.child(endBefore - 1) === after.child(endAfter - 1)) {
    toBefore -= before.child(--endBefore).nodeSize;
    toAfter -= after.child(--endAfter).nodeSize;
  }
  return { from, toBefore, toAfter, first, endAfter };
}

const directionKey = new PluginKey<DecorationSet>('top-level-direction');

/**
 * dir="auto" on the answer's top-level paragraphs (and table cells' paragraphs) only: paragraphs
 * inside list items follow their list. Kept as plugin state: after a change, the decorations of
 * the top-level blocks that were replaced are dropped and those of their replacements computed
 * anew; the blocks before and after them are the same nodes, so theirs are kept (moved by the
 * size difference). No decoration is ever carried into a block that changed.
 */
export function topLevelDirectionPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: directionKey,
    state: {
      init: (_, state) => DecorationSet.create(state.doc, directionDecos(state.doc)),
      apply(tr, set) {
        if (!tr.docChanged) return set;
        const c = changedBlocks(tr.before, tr.doc);
        const stale = set.find(c.from, c.toBefore).filter((d) => d.from >= c.from && d.to <= c.toBefore);
        const moved = set.remove(stale).map(new Mapping([new StepMap([c.from, c.toBefore - c.from, c.toAfter - c.from])]), tr.doc);
        const fresh: Decoration[] = [];
        for (let i = c.first, pos = c.from; i < c.endAfter; pos += tr.doc.child(i++).nodeSize) fresh.push(...blockDirectionDecos(tr.doc.child(i), pos));
        return moved.add(tr.doc, fresh);
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

/** A long answer's blocks far from the caret are skipped while out of sight (far-blocks.ts). */
const FarBlocks = Extension.create({
  name: 'farBlocks',
  addProseMirrorPlugins() {
    return [farBlocksPlugin()];
  },
});

/**
 * `voice`: the review's language (and its Latin language), for the editor to tag text in another
 * (languages.ts); without it (a schema for tests, tools), nothing is tagged.
 */
export function answerExtensions(voice?: () => Voice): Extensions {
  const languages = voice
    ? [
        Extension.create({
          name: 'textLanguages',
          addProseMirrorPlugins: () => [textLanguagesPlugin(voice)],
        }),
      ]
    : [];
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
    ListItem.extend({
      content: `paragraph ${FLOW}*`,
      // Tab indents only as deep as a document can be saved; past that it does nothing (and stays in the editor)
      addKeyboardShortcuts() {
        return { ...this.parent?.(), Tab: () => (indentFits(this.editor.state) ? this.editor.commands.sinkListItem(this.name) : true) };
      },
      addProseMirrorPlugins() {
        return [...(this.parent?.() ?? []), listDepthGuard()];
      },
    }),
    Table.configure({ resizable: false, allowTableNodeSelection: false, HTMLAttributes: { class: 'answer-table' } }),
    TableRow,
    TableHeader.extend({ content: `${FLOW}+` }),
    TableCell.extend({ content: `${FLOW}+` }),
    TopLevelDirection,
    ...languages,
    FarBlocks,
  ];
}

export const isSafeHref = (url: string) => SAFE_HREF.test(url);
