/**
 * What the toolbar shows (pressed marks and lists, what can be done), worked out again only when
 * it can have changed. Typing inside one paragraph leaves every answer the same but undo/redo; the
 * full set (isActive, and can() checks that dry-run commands) is computed when the selection
 * moves to another block, marks change, or anything around the paragraph changes.
 */
import type { Editor } from '@tiptap/core';
import { redoDepth, undoDepth } from '@tiptap/pm/history';
import { Mark } from '@tiptap/pm/model';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import { indentFits } from './list-depth';

export interface ToolbarState {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  inTable: boolean;
  canTable: boolean;
  bullet: boolean;
  ordered: boolean;
  link: boolean;
  canSink: boolean;
  canLift: boolean;
  canUndo: boolean;
  canRedo: boolean;
  editable: boolean;
}

export function fullToolbarState(e: Editor): ToolbarState {
  return {
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    underline: e.isActive('underline'),
    inTable: e.isActive('table'),
    canTable: e.can().insertTable({ rows: 3, cols: 2, withHeaderRow: true }),
    bullet: e.isActive('bulletList'),
    ordered: e.isActive('orderedList'),
    link: e.isActive('link'),
    canSink: e.can().sinkListItem('listItem') && indentFits(e.state),
    canLift: e.can().liftListItem('listItem'),
    canUndo: e.can().undo(),
    canRedo: e.can().redo(),
    editable: e.isEditable,
  };
}

const sameMarks = (a: readonly Mark[] | null, b: readonly Mark[] | null) => (a === null || b === null ? a === b : Mark.sameSet(a, b));

/**
 * True when `b` has the caret in the same paragraph as `a` (the same place in the same
 * structure: every block around it the very same node, or of the same kind with the same other
 * children), with the same marks: everything but undo/redo then shows the same. Pointer
 * comparisons only: no text is read.
 */
export function sameContext(a: EditorState, b: EditorState): boolean {
  const sa = a.selection;
  const sb = b.selection;
  if (!(sa instanceof TextSelection) || !(sb instanceof TextSelection) || !sa.empty || !sb.empty) return false;
  const $a = sa.$from;
  const $b = sb.$from;
  if ($a.depth !== $b.depth || $a.start() !== $b.start() || $a.parent.type !== $b.parent.type) return false;
  if (!sameMarks(a.storedMarks, b.storedMarks) || !sameMarks($a.marks(), $b.marks())) return false;
  for (let d = 0; d < $a.depth; d++) {
    const na = $a.node(d);
    const nb = $b.node(d);
    const at = $a.index(d);
    if (!na.sameMarkup(nb) || na.childCount !== nb.childCount || at !== $b.index(d)) return false;
    for (let i = 0; i < na.childCount; i++) if (i !== at && na.child(i) !== nb.child(i)) return false;
  }
  return true;
}

/** The toolbar's state for `e`, reusing `last` (computed for `last.state`) where nothing it shows can differ. */
export function nextToolbarState(e: Editor, last: { state: EditorState; value: ToolbarState } | null): { state: EditorState; value: ToolbarState } {
  const state = e.state;
  if (last && (last.state === state || sameContext(last.state, state)))
    return { state, value: { ...last.value, canUndo: undoDepth(state) > 0, canRedo: redoDepth(state) > 0, editable: e.isEditable } };
  return { state, value: fullToolbarState(e) };
}
