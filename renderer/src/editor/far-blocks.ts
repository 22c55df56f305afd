/**
 * Typing in a long answer (issue 13): the top-level blocks far from the caret are
 * `content-visibility: auto`, so that out of sight they are not laid out, painted, hit-tested nor
 * read by the browser's per-key selection sync (which reads the text from the start of the editor
 * to the caret at every keystroke, for input methods). A profile of a 100 KB answer put most of its
 * extra cost per key there (Editor::SyncSelection 10 ms against 1 ms, then pre-paint, paint and the
 * hover hit test).
 *
 * Never on the blocks around the caret (`RADIUS` on each side of the selection's blocks): a block
 * the browser skips cannot take text, and a block that is new (Enter, a paste) starts skipped until
 * the next frame. So the blocks skipped are chosen by their index, in a constructed style sheet of
 * the editor's own (no attribute inside the editable DOM changes: ProseMirror's observer sees
 * nothing), updated in the same transaction as every selection that leaves the middle of the window.
 * Every block keeps its last size (`contain-intrinsic-size: auto`), measured while it was shown:
 * the rule that skips waits two frames after the editor opens.
 * Only for an answer of more than `MIN_BLOCKS` top-level blocks.
 */
import { Plugin, PluginKey, Selection, TextSelection, type EditorState } from '@tiptap/pm/state';

/** Blocks kept rendered on each side of the selection's blocks. */
export const RADIUS = 12;
/** Below this many top-level blocks, nothing is skipped. */
export const MIN_BLOCKS = 2 * RADIUS + 8;

export interface BlockWindow {
  /** The first top-level block index kept rendered. */
  lo: number;
  /** The last top-level block index kept rendered. */
  hi: number;
}

/** The top-level blocks of the selection (anchor and head), as indices. */
export function selectionBlocks(state: EditorState): { first: number; last: number } {
  const a = state.selection.$anchor.index(0);
  const h = state.selection.$head.index(0);
  return { first: Math.min(a, h), last: Math.max(a, h) };
}

/**
 * The window of blocks kept rendered for a selection over blocks [first, last] of `count`:
 * `current` as it is while the selection stays within its middle (RADIUS / 2 from each edge), else
 * RADIUS blocks on each side. Null when nothing is to be skipped (a short answer).
 */
export function blockWindow(first: number, last: number, count: number, current: BlockWindow | null): BlockWindow | null {
  if (count <= MIN_BLOCKS) return null;
  const margin = RADIUS / 2;
  if (current && first >= current.lo + margin && last <= current.hi - margin) return current;
  return { lo: Math.max(0, first - RADIUS), hi: last + RADIUS };
}

/** The CSS of `w` for the editor marked `id`: blocks before `lo` and after `hi` skipped while out of sight. */
export function windowCss(id: string, w: BlockWindow | null): string {
  const blocks = `.answer-editor[data-block-window="${id}"] > *`;
  const keep = `${blocks} { contain-intrinsic-size: auto 3lh; }`;
  if (!w) return keep;
  const far = [w.lo > 0 ? `:nth-child(-n + ${w.lo})` : null, `:nth-child(n + ${w.hi + 2})`].filter(Boolean).join(', ');
  return `${keep}\n${blocks}:is(${far}) { content-visibility: auto; }`;
}

const key = new PluginKey('far-blocks');
let nextId = 0;

/** The index of the top-level block of `root` that holds `node` (null: not inside `root`'s blocks). */
function blockIndexOf(root: HTMLElement, node: Node | null): number | null {
  let n = node;
  while (n && n.parentNode !== root) n = n.parentNode;
  return n ? Array.prototype.indexOf.call(root.children, n) : null;
}

/** Keys that move the caret to the start or the end of the answer (Ctrl+Home/End; Cmd+Up/Down on a Mac). */
function documentEdgeKey(e: KeyboardEvent): 'start' | 'end' | null {
  if (e.altKey) return null;
  if ((e.ctrlKey || e.metaKey) && (e.key === 'Home' || e.key === 'End')) return e.key === 'Home' ? 'start' : 'end';
  if (e.metaKey && !e.ctrlKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) return e.key === 'ArrowUp' ? 'start' : 'end';
  return null;
}

/**
 * The caret can move natively (without a transaction) before ProseMirror reads the new selection:
 * every key is looked at before its move (a capture listener), and the window follows the DOM's own
 * selection at once, so a move of a line, a word or a paragraph never reaches a skipped block. The
 * moves that go further are not left to the browser (which finds their target in the layout, where a
 * skipped block has none): Ctrl+Home/End set the selection in the document (ProseMirror), and a page
 * (PageUp/PageDown) shows every block until the selection that follows it is read.
 */
export function farBlocksPlugin(): Plugin {
  const id = `w${++nextId}`;
  let skipping = false;
  return new Plugin({
    key,
    props: {
      attributes: { 'data-block-window': id },
      handleKeyDown(view, e) {
        const edge = skipping ? documentEdgeKey(e) : null;
        if (!edge) return false;
        const { doc, selection } = view.state;
        const target = edge === 'start' ? Selection.atStart(doc).from : Selection.atEnd(doc).to;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, e.shiftKey ? selection.anchor : target, target)).scrollIntoView());
        return true;
      },
    },
    view(view) {
      // where constructed style sheets are missing (old engines), nothing is skipped
      if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document) || !('replaceSync' in CSSStyleSheet.prototype)) return {};
      const sheet = new CSSStyleSheet();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      const root = view.dom as HTMLElement;
      let current: BlockWindow | null = null;
      let css = '';
      let ready = false;
      /** every block shown, from a page key until the selection after it is read */
      let paging = false;
      /** The blocks of the editor's selection and of the DOM's (ahead of it after a native move). */
      const selected = (state: EditorState) => {
        const s = selectionBlocks(state);
        const dom = root.ownerDocument.getSelection();
        for (const n of dom ? [dom.anchorNode, dom.focusNode] : []) {
          const i = blockIndexOf(root, n);
          if (i !== null && i >= 0) (s.first = Math.min(s.first, i)), (s.last = Math.max(s.last, i));
        }
        return s;
      };
      const apply = (state: EditorState) => {
        const s = selected(state);
        current = ready && !paging ? blockWindow(s.first, s.last, state.doc.childCount, current) : null;
        skipping = current !== null;
        const next = windowCss(id, current);
        if (next !== css) sheet.replaceSync((css = next));
      };
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'PageUp' || e.key === 'PageDown') paging = true;
        apply(view.state);
      };
      root.addEventListener('keydown', onKey, true);
      apply(view.state);
      // the blocks' sizes are remembered once they have been laid out and shown
      let frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => {
          ready = true;
          apply(view.state);
        });
      });
      return {
        update: (v, prev) => {
          if (paging && !prev.selection.eq(v.state.selection)) paging = false;
          apply(v.state);
        },
        destroy: () => {
          cancelAnimationFrame(frame);
          root.removeEventListener('keydown', onKey, true);
          document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== sheet);
        },
      };
    },
  });
}
