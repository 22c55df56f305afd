import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocSchema, docText, maxListDepth, textDirection, wordCount, type List } from '../shared/doc';
import { docToText, textToDoc } from '../shared/plaintext';

describe('plain text <-> document', () => {
  it('parses paragraphs, bullets, numbers and 3-level nesting', () => {
    const doc = textToDoc('Intro line one\nline two\n\n- a\n  - b\n    - c\n- d\n\n3. x\n4. y\n\nEnd');
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'bulletList', 'orderedList', 'paragraph']);
    expect(maxListDepth(doc)).toBe(3);
    const ol = doc.content[2] as List;
    expect(ol.attrs?.start).toBe(3);
    expect(doc.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Intro line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }] });
    expect(DocSchema.safeParse(doc).success).toBe(true);
  });

  it('reads numbered items written with Arabic-Indic or Eastern Arabic-Indic digits', () => {
    const doc = textToDoc('مقدمة.\n\n١. وزارة الداخلية\n٢. وزارة الخارجية\n  - مديرية الهجرة\n\n۳) البند الثالث');
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'orderedList']);
    const ol = doc.content[1] as List;
    expect(ol.content.map((li) => docText({ type: 'doc', content: li.content }).split('\n')[0])).toEqual(['وزارة الداخلية', 'وزارة الخارجية', 'البند الثالث']);
    expect(ol.content[1]!.content[1]!.type).toBe('bulletList');
    expect(docToText(textToDoc('٣. الثالث\n٤. الرابع'))).toBe('3. الثالث\n4. الرابع');
  });

  it('round-trips its own output exactly', () => {
    const text = 'Para one\n\n- a\n  - b\n    1. c\n    2. d\n- e\n\nمرحبا بالعالم\n\n1. one\n2. two';
    expect(docToText(textToDoc(text))).toBe(text);
  });

  it('is a fixpoint after one normalisation, for arbitrary text', () => {
    const line = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 20 }),
      fc.tuple(fc.constantFrom('', '  ', '    '), fc.constantFrom('- ', '* ', '1. ', '7) '), fc.string({ minLength: 1, maxLength: 15 })).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const once = docToText(textToDoc(lines.join('\n')));
        expect(docToText(textToDoc(once))).toBe(once);
        expect(DocSchema.safeParse(textToDoc(lines.join('\n'))).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every word', () => {
    const text = '- alpha\n  beta continues\n\n  gamma para\n- delta';
    const words = (s: string) => s.match(/\p{L}+/gu);
    expect(words(docText(textToDoc(text)))).toEqual(words(text));
  });

  it('detects paragraph direction and counts words', () => {
    expect(textDirection('الهجرة الدولية 2020')).toBe('rtl');
    expect(textDirection('2020: Law No14-27 الهجرة')).toBe('ltr');
    expect(wordCount('The number, 133,274 migrants — الهجرة الدولية')).toBe(6);
  });
});

describe('document schema', () => {
  it('rejects HTML, unknown nodes, scripts in links, and over-deep nesting', () => {
    expect(DocSchema.safeParse({ type: 'doc', content: [{ type: 'html', text: '<b>x</b>' }] }).success).toBe(false);
    const link = (href: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] }] }] });
    expect(DocSchema.safeParse(link('javascript:alert(1)')).success).toBe(false);
    expect(DocSchema.safeParse(link('https://www.un.org/')).success).toBe(true);
    let deep: any = { type: 'paragraph', content: [{ type: 'text', text: 'x' }] };
    for (let i = 0; i < 10; i++) deep = { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }, deep] }] };
    expect(DocSchema.safeParse({ type: 'doc', content: [deep] }).success).toBe(false);
  });
});
