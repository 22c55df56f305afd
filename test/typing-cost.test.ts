/**
 * Issue 13 (typing that does not re-render): the save status notifies its readers only when it
 * changes visibly, and the word count kept per block gives what a count of the whole text gives.
 * No DOM: the saver runs with fake timers, the word count on ProseMirror states of the editor's schema.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getSchema } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { FieldSaver, shownKey, type SaveStatus } from '../renderer/src/autosave/saver';
import { answerExtensions } from '../renderer/src/editor/extensions';
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
