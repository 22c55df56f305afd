/**
 * Word import of questionnaire layouts other tools and other people use, written as OOXML by
 * hand: the question and its answer in one cell; the question in a row spanning the table and
 * the answer in the row below; a first column of numbers or ids ("No. | Question | Answer");
 * an extra column ("Responsible entity"); answers written in one-cell boxes under question
 * headings. Each answer under its question, exactly; column titles and question text never in an answer.
 */
import { describe, expect, it } from 'vitest';
import { SECTION_INTRO } from '../main/interchange/assemble';
import { storedText } from '../shared/messages';
import { answers, readOoxml } from './word/read';
import { level, numbering, numPr, para, paragraphStyles, question, questionLine, run, sectionTitle, table, textPara, wNamespaces, type Package } from './word/ooxml-parts';

const read = (p: Package) => readOoxml(p, 'docx:layouts');
const bold = (t: string) => para(run(t, '<w:b/>'));
const spanning = (xml: string) => `<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${xml}</w:tc>`;
const bullets = numbering({ 1: level(0, 'bullet', '•') + level(1, 'bullet', 'o') }, { 7: 1 });

describe('a question and its answer in the same cell', () => {
  it('keeps the answer’s paragraphs and lists apart from the question, labelled or not', async () => {
    const r = await read({
      numbering: bullets,
      body:
        textPara(sectionTitle('I')) +
        table([
          [bold(questionLine('I.a')) + textPara('Answer: yes, a national commission.') + textPara('It meets twice a year.')],
          [bold(question('I.b').text) + textPara('The Ministry of Foreign Affairs, with:') + textPara('the Ministry of the Interior', numPr(7)) + textPara('its regional offices', numPr(7, 1))],
        ]),
    });
    expect(answers(r)).toEqual({
      'I.a': 'Answer: yes, a national commission.\n\nIt meets twice a year.',
      'I.b': 'The Ministry of Foreign Affairs, with:\n\n- the Ministry of the Interior\n  - its regional offices',
    });
    expect(r.unplaced).toEqual([]);
  });

  it('places the answer in the row below a question that spans the table', async () => {
    const rows = ['I.a', 'I.b', 'I.c'].map((q) => `<w:tr>${spanning(bold(questionLine(q)))}</w:tr><w:tr>${spanning(textPara(`Answer to ${q}.`))}</w:tr>`).join('');
    const r = await read({ body: textPara(sectionTitle('I')) + `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>${rows}</w:tbl>` });
    expect(answers(r)).toEqual({ 'I.a': 'Answer to I.a.', 'I.b': 'Answer to I.b.', 'I.c': 'Answer to I.c.' });
  });
});

describe('more columns than question and answer', () => {
  for (const [name, header, first] of [
    ['numbers', ['No.', 'Question', 'Answer'], (i: number) => String(i + 1)],
    ['ids', ['Ref', 'Question', 'Answer'], (i: number) => ['I.a', 'I.b'][i]!],
    ['labels in parentheses', ['#', 'Questions', 'Réponses'], (i: number) => `(${'ab'[i]})`],
  ] as const)
    it(`reads a first column of ${name} as the question's label, the question text beside it, and drops the column titles`, async () => {
      const r = await read({ body: textPara(sectionTitle('I')) + table(['I.a', 'I.b'].map((q, i) => [textPara(first(i)), textPara(question(q).text), textPara(`Answer ${q}.`)]), [...header]) });
      expect(answers(r)).toEqual({ 'I.a': 'Answer I.a.', 'I.b': 'Answer I.b.' });
      expect(r.unplaced).toEqual([]);
    });

  for (const linked of [false, true])
    it(`reads a first column of automatic "a)" labels${linked ? ' numbered through a list style (w:numStyleLink)' : ''}, the question text beside it`, async () => {
      const direct = level(0, 'lowerLetter', '%1)');
      const nums = linked
        ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${wNamespaces()}><w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="QuestionList"/></w:abstractNum><w:abstractNum w:abstractNumId="2"><w:styleLink w:val="QuestionList"/>${direct}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>`
        : numbering({ 1: direct }, { 1: 1 });
      const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${wNamespaces()}><w:style w:type="numbering" w:styleId="QuestionList"><w:name w:val="Question List"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>`;
      const r = await read({ numbering: nums, styles, body: textPara(sectionTitle('II')) + table(['II.a', 'II.b', 'II.c'].map((q) => [textPara('', numPr(1)), textPara(question(q).text), textPara(`Answer ${q}.`)])) });
      expect(answers(r)).toEqual({ 'II.a': 'Answer II.a.', 'II.b': 'Answer II.b.', 'II.c': 'Answer II.c.' });
      expect(r.unplaced).toEqual([]);
    });

  it('drops a header row with a column the template does not have; that column’s cells stay with their answer', async () => {
    const r = await read({ body: textPara(sectionTitle('I')) + table(['I.a', 'I.b'].map((q) => [textPara(questionLine(q)), textPara(`Answer ${q}.`), textPara('Ministry of the Interior')]), ['Question', 'Answer', 'Responsible entity']) });
    expect(answers(r)).toEqual({ 'I.a': 'Answer I.a.\n\nMinistry of the Interior', 'I.b': 'Answer I.b.\n\nMinistry of the Interior' });
    expect(r.unplaced).toEqual([]);
  });
});

describe('answers in boxes', () => {
  it('reads a one-cell table under a question heading (a form’s answer box) as the answer itself; a real table stays a table', async () => {
    const r = await read({
      body:
        textPara(sectionTitle('I'), '<w:pStyle w:val="Heading1"/>') +
        textPara(questionLine('I.a'), '<w:pStyle w:val="Heading2"/>') +
        table([[textPara('A national commission.') + textPara('It meets twice a year.')]]) +
        textPara(questionLine('I.b'), '<w:pStyle w:val="Heading2"/>') +
        table([[textPara('Year'), textPara('Meetings')], [textPara('2020'), textPara('2')]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.\n\nIt meets twice a year.', 'I.b': '| --- | --- |\n| Year | Meetings |\n| 2020 | 2 |' });
  });

  it('reads questions in boxes with their answers below as paragraphs, and one small table per question', async () => {
    const boxed = await read({ body: textPara(sectionTitle('I')) + ['I.a', 'I.b'].map((q) => table([[textPara(questionLine(q))]]) + textPara(`Answer to ${q}.`) + textPara('Second paragraph.')).join('') });
    expect(answers(boxed)).toEqual({ 'I.a': 'Answer to I.a.\n\nSecond paragraph.', 'I.b': 'Answer to I.b.\n\nSecond paragraph.' });
    const perQuestion = await read({ body: textPara(sectionTitle('I')) + ['I.a', 'I.b'].map((q) => table([[textPara(question(q).text)], [textPara(`Answer to ${q}.`)]])).join('') });
    expect(answers(perQuestion)).toEqual({ 'I.a': 'Answer to I.a.', 'I.b': 'Answer to I.b.' });
    expect([...boxed.unplaced, ...perQuestion.unplaced]).toEqual([]);
  });

  it('reads a one-cell box inside an answer cell of the questionnaire table as text of the answer', async () => {
    const r = await read({ body: textPara(sectionTitle('I')) + table([[textPara(questionLine('I.a')), textPara('Summary:') + table([[textPara('Boxed text.')]])]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Summary:\n\nBoxed text.' });
  });
});

describe('bilingual documents and form labels', () => {
  const rtl = (t: string) => para(run(t, '<w:rtl/>'), '<w:bidi/>');
  it('reads a heading and questions followed by their translation ("… / أسئلة حول …") as one heading and one question each', async () => {
    const heading = `${sectionTitle('I')} / ${sectionTitle('I', 'ar').replace(/^I\. /, '')}`;
    const r = await read({
      body:
        textPara(heading) +
        table([
          [textPara(questionLine('I.a')) + rtl(questionLine('I.a', 'ar')), textPara('Answer I.a.')],
          [textPara(`${questionLine('I.b')} / ${question('I.b', 'fr').text}`), textPara('Answer I.b.')],
        ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Answer I.a.', 'I.b': 'Answer I.b.' });
    expect(r.unplaced).toEqual([]);
  });

  it('drops a lone "Réponse :" label under a question heading, keeps "Réponse : …" with its text', async () => {
    const r = await read({
      body:
        textPara(sectionTitle('I', 'fr'), '<w:pStyle w:val="Heading1"/>') +
        textPara(questionLine('I.a', 'fr'), '<w:pStyle w:val="Heading2"/>') +
        textPara('Réponse :') +
        textPara('Oui, une commission.') +
        textPara(questionLine('I.b', 'fr'), '<w:pStyle w:val="Heading2"/>') +
        textPara('Réponse : la Délégation.'),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Oui, une commission.', 'I.b': 'Réponse : la Délégation.' });
  });
});

describe('short labelled lines in an answer ("a) Yes", "b) No")', () => {
  const bold = (t: string) => para(run(t, '<w:b/>'));
  const h2 = (t: string) => textPara(t, '<w:pStyle w:val="Heading2"/>');
  for (const [layout, q] of [
    ['Word headings', h2],
    ['bold paragraphs', bold],
    ['plain paragraphs', (t: string) => textPara(t)],
  ] as const)
    it(`are the answer's own list, not questions I.a and I.b (questions as ${layout})`, async () => {
      const r = await read({
        styles: paragraphStyles({ Heading1: 'heading 1', Heading2: 'heading 2' }),
        body:
          textPara(sectionTitle('I'), '<w:pStyle w:val="Heading1"/>') +
          q(questionLine('I.a')) +
          textPara('Two options were studied:') +
          textPara('a) Yes') +
          textPara('b) No') +
          textPara('The first was chosen.') +
          q(questionLine('I.b')) +
          textPara('The Ministry of Foreign Affairs.'),
      });
      expect(answers(r)).toEqual({ 'I.a': 'Two options were studied:\n\n1. Yes\n2. No\n\nThe first was chosen.', 'I.b': 'The Ministry of Foreign Affairs.' });
      expect(r.lowConfidence).toEqual([]);
    });
});

describe('question labels of other styles', () => {
  for (const [l1, l2] of [
    ['A)', 'B)'],
    ['1.', '2.'],
    ['II.1', 'II.2'],
    ['Q1:', 'Q2:'],
    ['Question 1:', 'Question 2:'],
    ['١)', '٢)'],
  ])
    it(`places answers under questions labelled "${l1}", "${l2}" in plain paragraphs (a long question ending in "." too), never under the next one`, async () => {
      const r = await read({ body: textPara(sectionTitle('II')) + textPara(`${l1} ${question('II.a').text}`) + textPara('Answer one.') + textPara(`${l2} ${question('II.b').text}`) + textPara('Answer two.') });
      expect(answers(r)).toEqual({ 'II.a': 'Answer one.', 'II.b': 'Answer two.' });
      expect(r.unplaced).toEqual([]);
    });
});

describe('questions in the second column', () => {
  const rtl = (t: string) => para(run(t, '<w:rtl/>'), '<w:bidi/>');
  it('reads an Arabic table laid out left to right, answers first and questions on the right', async () => {
    const r = await read({ body: rtl(sectionTitle('I', 'ar')) + table(['I.a', 'I.b', 'I.c'].map((q) => [rtl(`نعم، هذا جواب السؤال ${q}.`), rtl(questionLine(q, 'ar'))]), ['الإجابات', 'الأسئلة']) });
    expect(answers(r)).toEqual({ 'I.a': 'نعم، هذا جواب السؤال I.a.', 'I.b': 'نعم، هذا جواب السؤال I.b.', 'I.c': 'نعم، هذا جواب السؤال I.c.' });
    expect(r.unplaced).toEqual([]);
    expect(r.lowConfidence).toEqual([]);
  });
});

describe('text between a section heading and its first question', () => {
  it('goes to the tray (a section’s own note), never to the start of the first question’s answer', async () => {
    const note = 'This section was drafted by the Ministry of the Interior.';
    const headings = await read({
      styles: paragraphStyles({ Heading1: 'heading 1', Heading2: 'heading 2' }),
      body: textPara(sectionTitle('II'), '<w:pStyle w:val="Heading1"/>') + textPara(note) + textPara(questionLine('II.a'), '<w:pStyle w:val="Heading2"/>') + textPara('Answer II.a.'),
    });
    const tabled = await read({ body: textPara(sectionTitle('II')) + textPara(note) + table([[textPara(questionLine('II.a')), textPara('Answer II.a.')]]) });
    for (const r of [headings, tabled]) {
      expect(answers(r)).toEqual({ 'II.a': 'Answer II.a.' });
      expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([[note, SECTION_INTRO]]);
    }
    expect(storedText(SECTION_INTRO)?.messageKey).toBe('unplaced.sectionIntro');
  });
});

describe('a title line between two questionnaire tables', () => {
  const rows = (ids: string[], lang: 'en' | 'fr' | 'ar', answer: (id: string) => string) => table(ids.map((id) => [textPara(questionLine(id, lang)), textPara(answer(id))]));
  it.each([
    ['en', 'Part two: policies and the enabling environment'],
    ['fr', 'Deuxième partie : politiques publiques'],
    ['ar', 'الجزء الثاني: السياسات العامة'],
  ] as const)('(%s) goes to the tray as a heading not in the template, never to the end of the answer above it', async (lang, title) => {
    const answer = (id: string) => `Answer ${id}`;
    const r = await read({ body: textPara(sectionTitle('I', lang)) + rows(['I.a', 'I.b'], lang, answer) + textPara(title) + textPara('') + rows(['II.a', 'II.b'], lang, answer) });
    expect(answers(r)).toEqual({ 'I.a': 'Answer I.a', 'I.b': 'Answer I.b', 'II.a': 'Answer II.a', 'II.b': 'Answer II.b' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([[title, 'a heading that is not a section or question of the template']]);
  });

  it('a section heading there is read as the heading (a check), and a sentence there stays with the answer above', async () => {
    const sentence = 'The figures above were updated in March 2021.';
    const r = await read({ body: textPara(sectionTitle('I')) + rows(['I.a'], 'en', (id) => `Answer ${id}`) + textPara(sentence) + textPara(sectionTitle('II')) + rows(['II.a'], 'en', (id) => `Answer ${id}`) });
    expect(answers(r)).toEqual({ 'I.a': `Answer I.a\n\n${sentence}`, 'II.a': 'Answer II.a' });
    expect(r.unplaced).toEqual([]);
  });
});
