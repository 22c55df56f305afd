/** The one matcher (pure) and the numbering labels pass (pure), on small inputs. */
import { describe, expect, it } from 'vitest';
import { Matcher, readLabel, tokens } from '../main/interchange/matcher';
import { formatNumber, labelNumberedParagraphs, LABEL_RE } from '../main/interchange/docx-numbering';
import { DocxStyles } from '../main/interchange/docx-styles';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';

const m = new Matcher(ARAB_REGION_2020);

describe('matcher', () => {
  it('knows every question in English, French and Arabic', () => {
    for (const lang of ['en', 'fr', 'ar']) {
      const t = localizeTemplate(ARAB_REGION_2020, lang);
      for (const q of t.sections.flatMap((s) => s.questions)) {
        const hit = m.identify(`${q.label} ${q.text}`);
        expect(hit?.question.id, `${lang} ${q.id}`).toBe(q.id);
        expect(hit!.lang).toBe(lang);
        expect(hit!.confidence).toBeGreaterThan(0.9);
      }
    }
  });

  it('reads words with invisible characters in them (soft hyphens, zero-width spaces and joiners, as text from a PDF or optional hyphens have) and Arabic diacritics as the words they show', () => {
    const invisible = ['\u00AD', '\u200B', '\u200C', '\u2060'];
    for (const lang of ['en', 'fr', 'ar']) {
      const t = localizeTemplate(ARAB_REGION_2020, lang);
      for (const q of t.sections.flatMap((s) => s.questions)) {
        let k = 0;
        const text = q.text.replace(/(\p{L}{3})(\p{L}{3,})/gu, (_, a: string, b: string) => a + invisible[k++ % invisible.length] + b);
        const hit = m.identify(text, { markerOptional: true });
        expect(hit?.question.id, `${lang} ${q.id}: ${text}`).toBe(q.id);
        expect(hit!.confidence, `${lang} ${q.id}`).toBeGreaterThan(0.9);
      }
    }
    // the same words as written without them (whatever the folding rule makes of each)
    expect(tokens('coordi\u00ADnation أُنشِئت').map((t) => t.word)).toEqual(tokens('coordination أنشئت').map((t) => t.word));
    expect(tokens('coordi\u00ADnation أُنشِئت')).toHaveLength(2);
  });

  it('matches reworded and shortened questions by their meaning words, with a lower confidence', () => {
    const hit = m.identify('Quelles mesures migratoires ont été mises en œuvre depuis l’adoption du Pacte mondial en décembre 2018 ?', { markerOptional: true });
    expect(hit?.question.id).toBe('II.c');
    expect(hit!.confidence).toBeLessThan(0.9);
    expect(m.identify('What is your favourite colour?', { markerOptional: true })).toBeNull();
  });

  it('reads labels: typed, sectioned, parenthesised, numbers, Arabic letters', () => {
    expect(readLabel('b) Has')).toMatchObject({ letter: 'b' });
    expect(readLabel('II.c) What')).toMatchObject({ letter: 'c', section: 'II' });
    expect(readLabel('(d) Were')).toMatchObject({ letter: 'd' });
    expect(readLabel('3) Which')).toMatchObject({ number: 3 });
    expect(readLabel('ج) هل')).toMatchObject({ letter: 'c' });
    expect(readLabel('Has a mechanism')).toBeNull();
  });

  it('reads the labels Word\'s automatic numbering draws: "1.", Arabic letters with "-" or ".", Arabic-Indic digits; never a decimal number', () => {
    expect(readLabel('2. If there')).toMatchObject({ number: 2 });
    expect(readLabel('ب- في حال')).toMatchObject({ letter: 'b' });
    expect(readLabel('ج. ما هي')).toMatchObject({ letter: 'c' });
    expect(readLabel('٣. ما هي')).toMatchObject({ number: 3 });
    expect(readLabel('١٢- هل')).toMatchObject({ number: 12 });
    expect(readLabel('1.5 million migrants')).toBeNull();
    expect(readLabel('في المغرب')).toBeNull();
  });

  it('recognises column headers in any language and with separators, and section headings by number or Arabic ordinal', () => {
    for (const h of ['Questions / الأسئلة Answers / الإجابات', 'Questions | Réponses', 'الأسئلة الإجابات', 'Question - Réponse']) expect(m.isHeaderRow(h), h).toBe(true);
    expect(m.isHeaderRow('Questions about the budget were raised')).toBe(false);
    expect(m.heading('II. Questions relatives aux politiques publiques et à l’environnement favorable')?.sectionId).toBe('II');
    expect(m.heading('ثالثاً: ' + localizeTemplate(ARAB_REGION_2020, 'ar').sections[2]!.title)?.sectionId).toBe('III');
    expect(m.heading('VI. Additional information on consular services')).toBeNull();
  });
});

describe('automatic numbering labels', () => {
  const numbering = (fmt: string, text: string, override = false) =>
    `<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>` +
    `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/>${override ? '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' : ''}</w:num></w:numbering>`;
  const para = (numId: number, ilvl = 0, text = 'x') => `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
  const labels = (xml: string) => [...xml.matchAll(LABEL_RE)].map((x) => x[1]);

  it('counts like Word: levels restart deeper levels, lists sharing a definition continue unless restarted', () => {
    const doc = para(1) + para(1, 1) + para(1, 1) + para(1) + para(1, 1) + para(2) + `<w:p><w:r><w:t>plain</w:t></w:r></w:p>`;
    expect(labels(labelNumberedParagraphs(doc, numbering('lowerLetter', '%1)'), new DocxStyles(undefined)))).toEqual(['a)', 'a.1', 'a.2', 'b)', 'b.1', 'c)']);
    expect(labels(labelNumberedParagraphs(doc, numbering('upperRoman', '%1.', true), new DocxStyles(undefined)))).toEqual(['I.', 'I.1', 'I.2', 'II.', 'II.1', 'I.']);
  });

  it('follows numbering given by a paragraph style (and the styles it is based on); bullets get no label', () => {
    const styles = '<w:styles><w:style w:styleId="Base"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:styleId="Q"><w:basedOn w:val="Base"/></w:style></w:styles>';
    const doc = '<w:p><w:pPr><w:pStyle w:val="Q"/></w:pPr><w:r><w:t>q</w:t></w:r></w:p>'.repeat(2);
    expect(labels(labelNumberedParagraphs(doc, numbering('lowerLetter', '%1)'), new DocxStyles(styles)))).toEqual(['a)', 'b)']);
    expect(labels(labelNumberedParagraphs(doc, numbering('bullet', '•'), new DocxStyles(styles)))).toEqual([]);
  });

  it('formats letters, roman numerals and Arabic letters', () => {
    expect([1, 2, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'b', 'aa']);
    expect([4, 9, 14].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['IV', 'IX', 'XIV']);
    expect([1, 2, 3].map((n) => formatNumber(n, 'arabicAbjad'))).toEqual(['أ', 'ب', 'ج']);
    expect([1, 2, 3].map((n) => formatNumber(n, 'arabicAlpha'))).toEqual(['أ', 'ب', 'ت']);
  });
});
