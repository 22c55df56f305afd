import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSide, diffWords, tokenize, MAX_EDITS } from '../shared/diff';

describe('word diff', () => {
  it('marks a changed word and keeps the rest equal', () => {
    const d = diffWords('The ministry of labour leads the review.', 'The ministry of interior leads the review.');
    expect(d).toEqual([
      { op: 'equal', text: 'The ministry of ' },
      { op: 'delete', text: 'labour' },
      { op: 'insert', text: 'interior' },
      { op: 'equal', text: ' leads the review.' },
    ]);
  });

  it('works on Arabic words', () => {
    const d = diffWords('وزارة الداخلية تقود المراجعة', 'وزارة العمل تقود المراجعة');
    expect(d.filter((p) => p.op === 'delete').map((p) => p.text.trim())).toEqual(['الداخلية']);
    expect(d.filter((p) => p.op === 'insert').map((p) => p.text.trim())).toEqual(['العمل']);
  });

  it('handles empty sides', () => {
    expect(diffWords('', 'new text')).toEqual([{ op: 'insert', text: 'new text' }]);
    expect(diffWords('old text', '')).toEqual([{ op: 'delete', text: 'old text' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('tokenizes words, spaces and punctuation', () => {
    expect(tokenize('Hello, world  2020!')).toEqual(['Hello', ',', ' ', 'world', '  ', '2020', '!']);
  });

  it('always rebuilds both sides exactly (property)', () => {
    const words = fc.constantFrom('a', 'b', 'c', 'migration', 'الهجرة', ' ', '\n', ',', '  ');
    const text = fc.array(words, { maxLength: 60 }).map((w) => w.join(''));
    fc.assert(
      fc.property(text, text, (x, y) => {
        const d = diffWords(x, y);
        expect(diffSide(d, 'before')).toBe(x);
        expect(diffSide(d, 'after')).toBe(y);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to remove-all/add-all beyond the edit limit, still exact', () => {
    const a = Array.from({ length: MAX_EDITS }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: MAX_EDITS }, (_, i) => `b${i}`).join(' ');
    const d = diffWords(a, b);
    expect(diffSide(d, 'before')).toBe(a);
    expect(diffSide(d, 'after')).toBe(b);
  });

  it('a text made from nothing (or emptied) is one insertion (or deletion), however long; sides far apart in length give up at once', () => {
    const long = Array.from({ length: MAX_EDITS * 2 }, (_, i) => `mot${i}`).join(' '); // beyond the edit limit
    const short = 'La stratégie nationale — الاستراتيجية الوطنية';
    for (const t of [long, short]) {
      expect(diffWords('', t)).toEqual([{ op: 'insert', text: t }]);
      expect(diffWords(t, '')).toEqual([{ op: 'delete', text: t }]);
    }
    const d = diffWords('Intro. x', `Intro. ${long} y`);
    expect(d).toEqual([{ op: 'equal', text: 'Intro. ' }, { op: 'delete', text: 'x' }, { op: 'insert', text: `${long} y` }]);
  });
});
