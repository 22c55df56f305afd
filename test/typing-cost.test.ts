/**
 * Issue 13 (typing): the pieces that keep a keystroke's cost flat in a long answer give the same
 * answers as the whole-answer computations they replace, and the save status notifies only when
 * it changes visibly. No DOM: the editor's schema and plugin run on ProseMirror states.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSchema } from '@tiptap/core';
import { history } from '@tiptap/pm/history';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { FieldSaver, type SaveStatus } from '../renderer/src/autosave/saver';
import { answerExtensions, directionDecos, topLevelDirectionPlugin } from '../renderer/src/editor/extensions';
import { sameContext } from '../renderer/src/editor/toolbar-state';
import { answerDir, docWords } from '../renderer/src/editor/words';
import { docText, wordCount } from '../shared/doc';
import { textToDoc } from '../shared/plaintext';
import { longAnswerText } from './e2e/long-answer';

const schema = getSchema(answerExtensions());
const TABLE = '| Entity | Role |\n| --- | --- |\n| Ministry of the Interior | coordination |\n| وزارة الداخلية | تنسيق |';
const pmDoc = (text: string): PMNode => schema.nodeFromJSON(textToDoc(text));
const fullWords = (doc: PMNode) => wordCount(doc.textBetween(0, doc.content.size, '\n', '\n'));

/** A deterministic pseudo-random sequence. */
function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

/** Text positions (inside textblocks) of `doc`. */
function textPositions(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let p = pos + 1; p <= pos + 1 + node.content.size; p++) out.push(p);
  });
  return out;
}

/** One random edit of the kinds typing and the toolbar make: type, delete (across blocks too), split, insert a block, replace everything. */
function randomEdit(state: EditorState, r: (n: number) => number): Transaction {
  const tr = state.tr;
  const ps = textPositions(state.doc);
  const at = ps[r(ps.length)]!;
  switch (r(6)) {
    case 0:
    case 1:
      return tr.insertText(['a', 'é', 'ل', ' word '][r(4)]!, at);
    case 2: {
      const to = ps[Math.min(ps.length - 1, ps.indexOf(at) + r(40))]!;
      return tr.delete(at, to);
    }
    case 3:
      return state.doc.resolve(at).parent.type.name === 'paragraph' ? tr.split(at) : tr.insertText('x', at);
    case 4: {
      let pos = 0;
      for (let i = r(state.doc.childCount + 1); i > 0; i--) pos += state.doc.child(i - 1).nodeSize;
      return tr.insert(pos, schema.nodes.paragraph!.create(null, schema.text(r(2) ? 'نص عربي' : 'New block')));
    }
    default:
      return r(10) ? tr.insertText('z', at) : tr.replaceWith(0, state.doc.content.size, pmDoc(`Replaced.\n\n- item\n\n${TABLE}`).content);
  }
}

const spans = (set: DecorationSet) =>
  set
    .find()
    .map((d) => `${d.from}-${d.to}`)
    .sort();

describe('typing in a long answer costs what the change costs', () => {
  it('the word count kept per block equals a count of the whole text, after every edit', () => {
    let state = EditorState.create({ doc: pmDoc(`${longAnswerText(20_000)}\n\n${TABLE}`) });
    expect(docWords(state.doc)).toBe(fullWords(state.doc));
    expect(docWords(state.doc)).toBe(wordCount(docText(textToDoc(`${longAnswerText(20_000)}\n\n${TABLE}`))));
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      state = state.apply(randomEdit(state, r));
      expect(docWords(state.doc)).toBe(fullWords(state.doc));
    }
  });

  it("the answer's direction is its first strong character's", () => {
    expect(answerDir(pmDoc('2021: 12 — أنشأت الحكومة لجنة.\n\nThe Ministry'))).toBe('rtl');
    expect(answerDir(pmDoc('- 1. The Ministry\n\nأنشأت'))).toBe('ltr');
    expect(answerDir(pmDoc('2021 — 12'))).toBe(null);
    expect(answerDir(pmDoc(`${'1 '.repeat(2500)}\n\nأنشأت`))).toBe(null); // beyond the first 4,000 positions
  });

  it('the dir="auto" decorations updated where each change landed equal decorating the whole answer', () => {
    const plugin = topLevelDirectionPlugin();
    let state = EditorState.create({ doc: pmDoc(`${TABLE}\n\n${longAnswerText(8_000)}\n\n${TABLE}`), plugins: [plugin] });
    const r = rng(11);
    for (let i = 0; i < 400; i++) {
      state = state.apply(randomEdit(state, r));
      const kept = plugin.getState(state)!;
      expect(spans(kept), `after edit ${i}`).toEqual(
        directionDecos(state.doc, 0, state.doc.content.size)
          .map((d) => `${d.from}-${d.to}`)
          .sort(),
      );
    }
  });
});

describe("the toolbar's state is worked out again when it can have changed", () => {
  const base = () => {
    const doc = pmDoc('First paragraph.\n\n- item one\n  - nested\n\nLast paragraph.');
    const state = EditorState.create({ doc, plugins: [history()] });
    return state.apply(state.tr.setSelection(TextSelection.create(doc, 6)));
  };

  it('typing in the same paragraph keeps it; other paragraphs, marks, selections and changes elsewhere do not', () => {
    const s0 = base();
    const typed = s0.apply(s0.tr.insertText('xyz'));
    expect(sameContext(s0, typed)).toBe(true);
    const more = typed.apply(typed.tr.insertText(' more'));
    expect(sameContext(typed, more)).toBe(true);
    const deleted = more.apply(more.tr.delete(more.selection.from - 2, more.selection.from));
    expect(sameContext(more, deleted)).toBe(true);

    // caret moved into the list
    const inList = s0.apply(s0.tr.setSelection(TextSelection.create(s0.doc, s0.doc.child(0).nodeSize + 4)));
    expect(sameContext(s0, inList)).toBe(false);
    // bold turned on for what comes next
    expect(sameContext(s0, s0.apply(s0.tr.setStoredMarks([schema.marks.bold!.create()])))).toBe(false);
    // a range selected
    expect(sameContext(s0, s0.apply(s0.tr.setSelection(TextSelection.create(s0.doc, 2, 6))))).toBe(false);
    // the caret stays, the list below changes (an item added)
    const last = s0.doc.child(0).nodeSize + s0.doc.child(1).nodeSize;
    const elsewhere = s0.apply(s0.tr.insert(last, schema.nodes.paragraph!.create(null, schema.text('New'))));
    expect(elsewhere.selection.from).toBe(s0.selection.from);
    expect(sameContext(s0, elsewhere)).toBe(false);
    // Enter: a new paragraph
    expect(sameContext(s0, s0.apply(s0.tr.split(s0.selection.from)))).toBe(false);
  });

  it('in a list item, typing keeps it and indenting does not', () => {
    const s0 = base();
    const inNested = s0.apply(s0.tr.setSelection(TextSelection.create(s0.doc, s0.doc.child(0).nodeSize + 17)));
    expect(inNested.selection.$from.parent.textContent).toBe('nested');
    expect(sameContext(inNested, inNested.apply(inNested.tr.insertText('é')))).toBe(true);
    const item = inNested.selection.$from;
    const lifted = inNested.apply(inNested.tr.lift(item.blockRange(item)!, item.depth - 3));
    expect(sameContext(inNested, lifted)).toBe(false);
  });
});

describe('the save status notifies only when it changes visibly', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('twenty keystrokes, a save and a failure: one notification per change the user sees', async () => {
    let fail = false;
    const statuses: SaveStatus[] = [];
    const saver = new FieldSaver<string>({
      base: 'r0',
      saved: '',
      classify: (e) => ({ kind: 'error', reason: (e as Error).message }),
      onStatus: (s) => statuses.push(s),
      save: async (v) => {
        if (fail) throw new Error('disk full');
        return { revisionId: `r-${v.length}`, savedAt: `2020-01-01T10:${String(v.length).padStart(2, '0')}:00Z` };
      },
    });
    const shown: string[] = [];
    saver.subscribe(() => shown.push(saver.shown.state));
    let text = '';
    for (const ch of 'twenty characters ok') {
      text += ch;
      saver.change(text);
    }
    expect(statuses.filter((s) => s.state === 'dirty')).toHaveLength(20); // every change still reaches onStatus
    expect(shown).toEqual(['dirty']);
    const at = saver.shown;
    await vi.advanceTimersByTimeAsync(600);
    expect(shown).toEqual(['dirty', 'saved']); // "saving" looks like "dirty": no notification
    expect(saver.shown).not.toBe(at);
    expect(saver.shown).toEqual({ state: 'saved', at: '2020-01-01T10:20:00Z' });

    fail = true;
    saver.change(text + '!');
    await vi.advanceTimersByTimeAsync(600);
    expect(shown).toEqual(['dirty', 'saved', 'dirty', 'error']);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000); // the retry
    expect(shown).toEqual(['dirty', 'saved', 'dirty', 'error', 'saving', 'saved']);
    expect(saver.hasUnsaved).toBe(false);
  });
});
