/**
 * Text just taken into an answer (an accepted contribution) is highlighted and scrolled into view
 * when the answer reopens; the highlight goes with the next edit. The panel that inserts sets
 * `answerHighlights` ("<draftId>/<field>" -> which top-level blocks), the editor applies it.
 */
import type { Editor } from '@tiptap/react';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/** `at`: the first inserted block, or 'end' for the last `count` blocks. */
export const answerHighlights = new Map<string, { at: number | 'end'; count: number }>();

const key = new PluginKey<DecorationSet>('just-inserted');

export function highlightBlocks(editor: Editor, at: number | 'end', count: number): void {
  const doc = editor.state.doc;
  const from = at === 'end' ? Math.max(0, doc.childCount - count) : at;
  const decos: Decoration[] = [];
  let first: number | null = null;
  doc.forEach((node, offset, index) => {
    if (index < from || index >= from + count) return;
    decos.push(Decoration.node(offset, offset + node.nodeSize, { class: 'just-inserted' }));
    first ??= offset;
  });
  if (first === null) return;
  editor.unregisterPlugin(key);
  editor.registerPlugin(
    new Plugin<DecorationSet>({
      key,
      state: { init: (_, state) => DecorationSet.create(state.doc, decos), apply: (tr, set) => (tr.docChanged ? DecorationSet.empty : set) },
      props: { decorations: (state) => key.getState(state) },
    }),
  );
  (editor.view.nodeDOM(first) as HTMLElement | null)?.scrollIntoView({ block: 'center' });
}
