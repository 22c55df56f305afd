/**
 * Issue 13 (typing that does not re-render): the save status notifies its readers only when it
 * changes visibly, the word count kept per block gives what a count of the whole text gives, and
 * the toolbar's state is worked out again whenever what it shows can differ.
 * No DOM: the saver runs with fake timers, the word count on ProseMirror states of the editor's schema.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSchema } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { history, undo } from '@tiptap/pm/history';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { findWrapping, liftTarget } from '@tiptap/pm/transform';
import { DecorationSet } from '@tiptap/pm/view';
import { FieldSaver, shownKey, type SaveStatus } from '../renderer/src/autosave/saver';
import { answerExtensions, directionDecos, topLevelDirectionPlugin } from '../renderer/src/editor/extensions';
import { languageDecos, textLanguagesPlugin } from '../renderer/src/editor/languages';
import { sameContext } from '../renderer/src/editor/toolbar-state';
import { docWords } from '../renderer/src/editor/words';
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

/** One random edit of the kinds typing makes: type (a letter, a space, a word), delete (across blocks too), split, insert a block, replace everything. */
function randomEdit(state: EditorState, r: (n: number) => number): Transaction {
  const tr = state.tr;
  const ps = textPositions(state.doc);
  const at = ps[r(ps.length)]!;
  switch (r(6)) {
    case 0:
    case 1:
      return tr.insertText(['a', 'é', 'ل', ' ', ' word '][r(5)]!, at);
    case 2:
      return tr.delete(at, ps[Math.min(ps.length - 1, ps.indexOf(at) + r(40))]!);
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

describe('the word count kept per block', () => {
  it('equals a count of the whole text, at the start and after every edit', () => {
    const text = `${longAnswerText(20_000)}\n\n${TABLE}`;
    let state = EditorState.create({ doc: pmDoc(text) });
    expect(docWords(state.doc)).toBe(fullWords(state.doc));
    expect(docWords(state.doc)).toBe(wordCount(docText(textToDoc(text))));
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      state = state.apply(randomEdit(state, r));
      expect(docWords(state.doc), `after edit ${i}`).toBe(fullWords(state.doc));
    }
  });
});

describe('the save status notifies only when it changes visibly', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('"dirty" and "saving" look alike; every other change looks different', () => {
    expect(shownKey({ state: 'dirty' })).toBe(shownKey({ state: 'saving' }));
    const others: SaveStatus[] = [
      { state: 'idle' },
      { state: 'saving' },
      { state: 'saved', at: '2020-01-01T10:00:00Z' },
      { state: 'saved', at: '2020-01-01T10:01:00Z' },
      { state: 'error', reason: 'disk full', retryInMs: 1000 },
      { state: 'error', reason: 'disk full', retryInMs: 2000 },
      { state: 'invalid', reason: 'bad' },
      { state: 'conflict', currentRevisionId: 'r2', reason: 'changed elsewhere' },
      { state: 'conflict', currentRevisionId: 'r3', reason: 'changed elsewhere' },
    ];
    expect(new Set(others.map(shownKey)).size).toBe(others.length);
  });

  it('twenty keystrokes, a save, a failure and its retry: one notification per change the user sees', async () => {
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
    const unsubscribe = saver.subscribe(() => shown.push(saver.shown.state));
    let text = '';
    for (const ch of 'twenty characters ok') {
      text += ch;
      saver.change(text);
    }
    expect(statuses.filter((s) => s.state === 'dirty')).toHaveLength(20); // every change still reaches onStatus
    expect(shown).toEqual(['dirty']);
    const during = saver.shown;
    await vi.advanceTimersByTimeAsync(600);
    expect(shown).toEqual(['dirty', 'saved']); // "saving" looks like "dirty": no notification
    expect(saver.shown).not.toBe(during);
    expect(saver.shown).toEqual({ state: 'saved', at: '2020-01-01T10:20:00Z' });

    fail = true;
    saver.change(`${text}!`);
    await vi.advanceTimersByTimeAsync(600);
    expect(shown).toEqual(['dirty', 'saved', 'dirty', 'error']);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000); // the retry
    expect(shown).toEqual(['dirty', 'saved', 'dirty', 'error', 'saving', 'saved']);
    expect(saver.hasUnsaved).toBe(false);

    unsubscribe();
    saver.change(`${text}!?`);
    expect(shown).toHaveLength(6); // no one listening any more
    expect(saver.shown.state).toBe('dirty');
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
    // the caret stays, the list below changes (a paragraph added after it)
    const last = s0.doc.child(0).nodeSize + s0.doc.child(1).nodeSize;
    const elsewhere = s0.apply(s0.tr.insert(last, schema.nodes.paragraph!.create(null, schema.text('New'))));
    expect(elsewhere.selection.from).toBe(s0.selection.from);
    expect(sameContext(s0, elsewhere)).toBe(false);
    // Enter: a new paragraph
    expect(sameContext(s0, s0.apply(s0.tr.split(s0.selection.from)))).toBe(false);
    // undo brings the paragraph back as it was: a change like any other
    let undone: EditorState | null = null;
    undo(typed, (tr) => (undone = typed.apply(tr)));
    expect(undone).not.toBeNull();
    expect(sameContext(typed, undone!)).toBe(true); // same paragraph, same marks: only undo/redo differ, and those are read every time
  });

  it('in a list item, typing keeps it and indenting or outdenting does not', () => {
    const s0 = base();
    const inNested = s0.apply(s0.tr.setSelection(TextSelection.create(s0.doc, s0.doc.child(0).nodeSize + 17)));
    expect(inNested.selection.$from.parent.textContent).toBe('nested');
    expect(sameContext(inNested, inNested.apply(inNested.tr.insertText('é')))).toBe(true);
    const item = inNested.selection.$from;
    const lifted = inNested.apply(inNested.tr.lift(item.blockRange(item)!, item.depth - 3));
    expect(sameContext(inNested, lifted)).toBe(false);
  });
});

/** An edit that changes structure as the list input rules, Tab and Enter do: wrap a paragraph in a list, lift or sink a list item, join blocks. */
function structuralEdit(state: EditorState, r: (n: number) => number): Transaction {
  const tr = state.tr;
  const ps = textPositions(state.doc);
  const $at = state.doc.resolve(ps[r(ps.length)]!);
  const range = $at.blockRange();
  switch (r(4)) {
    case 0: {
      // "- " or "1. " at the start of a paragraph: it becomes a list's first item
      const wrapping = range && findWrapping(range, r(2) ? schema.nodes.bulletList! : schema.nodes.orderedList!);
      return wrapping ? tr.wrap(range!, wrapping) : tr.insertText('w', $at.pos);
    }
    case 1: {
      // Enter on an empty item / Shift+Tab: the paragraph lifted out of its list
      const target = range && liftTarget(range);
      return target !== null && target !== undefined ? tr.lift(range!, target) : tr.insertText('l', $at.pos);
    }
    case 2: {
      // Backspace at a block's start: joined with the block before
      const before = $at.before($at.depth);
      try {
        return tr.join(before);
      } catch {
        return tr.insertText('j', $at.pos);
      }
    }
    default:
      return randomEdit(state, r);
  }
}

const spans = (set: DecorationSet) =>
  set
    .find()
    .map((d) => `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs: unknown } }).type.attrs)}`)
    .sort();

describe('the dir="auto" decorations kept across changes', () => {
  it('equal decorating the whole answer again, after every typing and structural edit', () => {
    const plugin = topLevelDirectionPlugin();
    let state = EditorState.create({ doc: pmDoc(`${TABLE}\n\n${longAnswerText(8_000)}\n\n${TABLE}`), plugins: [plugin] });
    const r = rng(11);
    for (let i = 0; i < 600; i++) {
      const tr = r(2) ? structuralEdit(state, r) : randomEdit(state, r);
      state = state.apply(tr);
      expect(spans(plugin.getState(state)!), `after edit ${i}`).toEqual(spans(DecorationSet.create(state.doc, directionDecos(state.doc))));
    }
    expect(directionDecos(state.doc).length).toBeGreaterThan(0);
  });
});

describe('the lang decorations kept across changes', () => {
  const LAW = 'Loi n° 02-03 relative à l’entrée et au séjour des étrangers';
  const MIXED = `صادق المغرب على ${LAW} سنة 2003.\n\nThe Global Compact was adopted in Marrakesh.\n\n- تتولى وزارة الداخلية التنسيق.\n  - Le ministère a consulté les régions.`;
  for (const voice of [{ page: 'fr', latin: 'fr' }, { page: 'ar', latin: 'fr' }, { page: 'en', latin: 'en' }] as const) {
    it(`equal decorating the whole answer again, after every typing and structural edit (${voice.page} review)`, () => {
      const plugin = textLanguagesPlugin(() => voice);
      let state = EditorState.create({ doc: pmDoc(`${TABLE}\n\n${MIXED}\n\n${longAnswerText(6_000)}\n\n${TABLE}`), plugins: [plugin] });
      const r = rng(voice.page.charCodeAt(0));
      for (let i = 0; i < 400; i++) {
        const tr = r(2) ? structuralEdit(state, r) : randomEdit(state, r);
        state = state.apply(tr);
        expect(spans(plugin.getState(state)!), `after edit ${i}`).toEqual(spans(DecorationSet.create(state.doc, languageDecos(state.doc, voice))));
      }
      expect(languageDecos(state.doc, voice).length).toBeGreaterThan(0);
    });
  }
});
