/**
 * Issue 13 (typing in a long answer): which top-level blocks are skipped while out of sight
 * (renderer/src/editor/far-blocks.ts). Never the selection's blocks nor RADIUS / 2 blocks on each
 * side of them, whatever way the selection went; nothing in a short answer. The browser side (that
 * typing into blocks that were skipped loses nothing) is test/e2e/fast-typing.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { blockWindow, MIN_BLOCKS, RADIUS, selectionBlocks, windowCss, type BlockWindow } from '../renderer/src/editor/far-blocks';
import { answerExtensions } from '../renderer/src/editor/extensions';
import { textToDoc } from '../shared/plaintext';
import { longAnswerText } from './e2e/long-answer';

const schema = getSchema(answerExtensions());

describe('the blocks kept rendered around the selection', () => {
  it('skips nothing in a short answer', () => {
    expect(blockWindow(0, 0, MIN_BLOCKS, null)).toBeNull();
    expect(blockWindow(3, 5, 10, null)).toBeNull();
    expect(windowCss('w1', null)).not.toContain('content-visibility');
  });

  it('keeps RADIUS blocks on each side of the selection, and stays while the selection stays in its middle', () => {
    const w = blockWindow(50, 52, 200, null)!;
    expect(w).toEqual({ lo: 50 - RADIUS, hi: 52 + RADIUS });
    expect(blockWindow(51, 51, 200, w)).toBe(w);
    expect(blockWindow(w.hi - RADIUS / 2 + 1, w.hi - RADIUS / 2 + 1, 200, w)).not.toBe(w);
    expect(blockWindow(2, 3, 200, null)).toEqual({ lo: 0, hi: 3 + RADIUS });
  });

  it('never comes within RADIUS / 2 blocks of the selection, whatever way it moves', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let w: BlockWindow | null = null;
    let at = 100;
    for (let i = 0; i < 5000; i++) {
      const count = 150 + next(100);
      at = Math.max(0, Math.min(count - 1, at + [-1, 1, -3, 3, -RADIUS / 2, RADIUS / 2, 0][next(7)]!));
      const span = next(4) === 0 ? next(40) : 0;
      const last = Math.min(count - 1, at + span);
      w = blockWindow(at, last, count, w)!;
      expect(w.lo === 0 || w.lo <= at - RADIUS / 2).toBe(true);
      expect(w.hi).toBeGreaterThanOrEqual(last + RADIUS / 2);
    }
  });

  it('names the blocks skipped by their place among the editor’s children (nth-child counts from 1)', () => {
    const css = windowCss('w3', { lo: 10, hi: 40 });
    expect(css).toContain('.answer-editor[data-block-window="w3"] > *:is(:nth-child(-n + 10), :nth-child(n + 42)) { content-visibility: auto; }');
    expect(css).toContain('contain-intrinsic-size: auto 3lh');
    expect(windowCss('w3', { lo: 0, hi: 40 })).toContain(':is(:nth-child(n + 42))');
  });

  it('takes the top-level blocks of both ends of a selection', () => {
    const doc = schema.nodeFromJSON(textToDoc(longAnswerText(30_000)));
    const posOf = (i: number) => {
      let pos = 0;
      for (let k = 0; k < i; k++) pos += doc.child(k).nodeSize;
      return pos;
    };
    const sel = TextSelection.between(doc.resolve(posOf(40) + 1), doc.resolve(posOf(5) + 1));
    expect(selectionBlocks(EditorState.create({ doc, selection: sel }))).toEqual({ first: 5, last: 40 });
  });
});
