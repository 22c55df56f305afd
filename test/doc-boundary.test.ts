/**
 * The document schema at the trust boundary, as made cheaper for every save (issue 13): the length
 * limit counts the text without building it, stripping copies only what it changes, and the caller's
 * object is never touched.
 */
import { describe, expect, it } from 'vitest';
import { textFacts, isFilled, valueText } from '../main/services/values';
import { DocSchema, docText, docTextFacts, docTextLength, MAX_DOC_CHARS, type Doc } from '../shared/doc';
import type { FieldValue } from '../shared/contract';

const para = (...texts: string[]) => ({ type: 'paragraph', content: texts.map((t) => (t === '<br>' ? { type: 'hardBreak' } : { type: 'text', text: t })) });

describe('document boundary', () => {
  it('counts the text as docText does: paragraphs, hard breaks, lists, tables, empty paragraphs', () => {
    const docs = [
      { type: 'doc', content: [] },
      { type: 'doc', content: [{ type: 'paragraph' }] },
      { type: 'doc', content: [para('a', '<br>', 'bc'), { type: 'paragraph' }, para('عربي 😀')] },
      {
        type: 'doc',
        content: [
          { type: 'bulletList', content: [{ type: 'listItem', content: [para('one'), { type: 'orderedList', content: [{ type: 'listItem', content: [para('deep')] }] }] }] },
          { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [para('cell'), para('')] }] }] },
        ],
      },
    ] as unknown as Doc[];
    for (const d of docs) expect(docTextLength(d)).toBe(docText(d).length);
  });

  it("gives a save its text's size in code points and whether it is blank without building it, as the text itself says", () => {
    const docs = [
      { type: 'doc', content: [] },
      { type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] },
      { type: 'doc', content: [para('\u00a0 \t', '<br>', '\u3000\ufeff')] },
      { type: 'doc', content: [para('عربي 😀', '<br>', 'x\uD800y\uDC00')] },
      { type: 'doc', content: [para(' '), { type: 'bulletList', content: [{ type: 'listItem', content: [para('  '), { type: 'orderedList', content: [{ type: 'listItem', content: [para('Le ministère')] }] }] }] }] },
      { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [para(' ')] }, { type: 'tableHeader', content: [para('السنة')] }] }] }] },
    ] as unknown as Doc[];
    for (const d of docs) {
      expect(docTextFacts(d)).toEqual({ size: [...docText(d)].filter((c) => !/^[\uDC00-\uDFFF]$/.test(c)).length, blank: docText(d).trim() === '' });
      const values: FieldValue[] = [{ kind: 'answer', doc: d }, { kind: 'principle', note: d }, { kind: 'objective', status: 'not_started', note: d }, { kind: 'objective', status: 'in_progress', note: d }];
      // the rule spelled out: text that is more than white space answers; an objective also once started
      const hasText = valueText(values[0]!).trim() !== '';
      const filled = [hasText, hasText, hasText, true];
      values.forEach((v, i) => {
        expect(textFacts(v)).toEqual({ size: docTextFacts(d).size, filled: filled[i] });
        expect(isFilled(v)).toBe(filled[i]);
      });
    }
    expect(docTextFacts(docs[3]!).size).toBe(10); // 6 + a break + 3: the emoji one character, the lone high surrogate one, the lone low one none
    expect(docTextFacts(docs[2]!).blank).toBe(true);
    expect(docTextFacts(docs[4]!).blank).toBe(false);
  });

  it('refuses a document whose text is one character over the limit, newlines between paragraphs included', () => {
    const half = Math.floor(MAX_DOC_CHARS / 2);
    const at = (n: number) => ({ type: 'doc', content: [para('x'.repeat(half)), para('y'.repeat(n - half - 1))] });
    expect(DocSchema.safeParse(at(MAX_DOC_CHARS)).success).toBe(true);
    const over = DocSchema.safeParse(at(MAX_DOC_CHARS + 1));
    expect(over.success).toBe(false);
    expect(over.error!.issues.map((i) => i.message)).toContain('answer too long');
  });

  it("strips what XML cannot carry without touching the caller's object, and gives back a clean one as it was", () => {
    const input = { type: 'doc', content: [para('ok'), para('\uFFFF'), para('a\u0001b', 'c')], extra: 1 };
    const before = JSON.stringify(input);
    expect(DocSchema.parse(input)).toEqual({ type: 'doc', content: [para('ok'), { type: 'paragraph', content: [] }, para('ab', 'c')] });
    expect(JSON.stringify(input)).toBe(before);
    const clean = { type: 'doc', content: [para('Le ministère', '<br>', 'الوزارة'), { type: 'bulletList', content: [{ type: 'listItem', content: [para('un')] }] }] };
    expect(DocSchema.parse(clean)).toEqual(clean);
  });
});
