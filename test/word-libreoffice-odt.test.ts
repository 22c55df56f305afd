/**
 * Word import of documents a LibreOffice user saves as .docx, written as OpenDocument (.fodt) by
 * hand and converted by LibreOffice itself: an English questionnaire table (header row, bold and
 * italic, nested bullet and numbered lists, tracked changes, a link, a footnote, an annotation, a
 * line break and a tab, a text frame, a table in an answer, a question cell merged over two rows,
 * a section heading spanning the table, an Arabic right-to-left answer, a cover note) and a French
 * headings layout (a table of contents, questions as headings without labels, bold "a)"
 * questions, a heading the template does not have), an Arabic right-to-left table (numbered lists, a footnote), and guidance hidden through a character and a paragraph style. What lands where, exactly; what cannot be placed, in the tray.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_REASON, parseDocxImport, type DocxImported } from '../main/interchange/docx-import';
import { docText } from '../shared/doc';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020 } from '../shared/template';
import * as o from './word/fodt';
import { question, questionLine, sectionTitle } from './word/ooxml-parts';
import { libreofficeDocxAll } from './word/render-html';

const answers = (r: DocxImported) => Object.fromEntries([...r.answers].map(([q, d]) => [q, docToText(d)]));
const row = (q: string, answer: string) => o.cell(o.p(o.t(questionLine(q)))) + o.cell(answer);

function englishTable(): string {
  const body =
    o.p(o.t('Prepared by the national committee.')) +
    o.h(1, sectionTitle('I')) +
    o.tableOf('Q1', 2, [
      o.cell(o.p(o.t('Questions'))) + o.cell(o.p(o.t('Answers'))),
      row('I.a', o.p(o.t('The ') + o.span('B', 'national plan') + o.t(' was adopted in ') + o.span('I', '2014') + o.t('.')) + o.list('L', [['Ministry of the Interior', ['Directorate of migration']], 'Ministry of Labour']) + o.list('N', ['First step', 'Second step'])),
      row('I.b', o.p(o.t('Kept ') + o.deletedHere('ct1') + o.inserted('ct2', 'and inserted') + o.t(', see ') + o.link('https://example.org/law', 'the law') + o.t('.'))),
      row('I.c', o.p(o.t('Figures from the ministry') + o.footnote('ftn1', 1, 'Source: annual report 2019.') + o.t('.') + o.annotation('Amina El Idrissi', '2021-02-03T10:00:00', 'Check the figure.'))),
      row('I.d', o.p(o.t('Line one') + '<text:line-break/>' + o.t('Line two') + '<text:tab/>' + o.t('2\u00a0000 people.'))),
      row('I.e', o.p(o.t('Before the frame.')) + o.p(o.frame(o.p(o.t('Text in a frame.'))))),
      row('I.f', o.p(o.t('Regional figures:')) + o.tableOf('inner', 2, [o.cell(o.p(o.t('Region'))) + o.cell(o.p(o.t('Count'))), o.cell(o.p(o.t('Oriental'))) + o.cell(o.p(o.t('1 200')))])),
      o.cell(o.p(o.t(questionLine('I.g'))), { rows: 2 }) + o.cell(o.p(o.t('First part of g.'))),
      o.covered + o.cell(o.p(o.t('Second part of g.'))),
      o.cell(o.p(o.t(sectionTitle('II'))), { span: 2 }) + o.covered,
      row('II.a', o.p(o.t('تعاونت الحكومة مع الجمعيات والنقابات.'), 'RTL')),
    ]);
  return o.fodt({ body, changes: o.deletion('ct1', 'DELETED-IN-LIBREOFFICE') + o.insertion('ct2') });
}

function frenchHeadings(): string {
  const body =
    o.tableOfContents([[sectionTitle('I', 'fr'), 1], [question('I.a', 'fr').text, 1], [question('I.b', 'fr').text, 2], [sectionTitle('II', 'fr'), 2]]) +
    o.h(1, sectionTitle('I', 'fr')) +
    o.h(2, question('I.a', 'fr').text) +
    o.p(o.t('Oui\u00a0: une commission nationale, présidée par le ministère des Affaires étrangères.')) +
    o.list('L', ['Ministère de l’Intérieur', ['Ministère du Travail', ['Direction de l’emploi']]]) +
    o.h(2, question('I.b', 'fr').text) +
    o.p(o.t('La Délégation interministérielle') + o.footnote('ftn1', 1, 'Décret n° 2-19-123.') + o.t('.')) +
    o.h(1, sectionTitle('II', 'fr')) +
    o.p(o.span('B', questionLine('II.a', 'fr'))) +
    o.p(o.t('Avec les syndicats et les associations de migrants.')) +
    o.p(o.span('B', questionLine('II.b', 'fr'))) +
    o.list('N', ['Plan ODD 2030', 'Stratégie nationale']) +
    o.h(1, 'VI. Informations complémentaires') +
    o.p(o.t('Quatre consulats ont ouvert.'));
  return o.fodt({ body, lang: 'fr' });
}

function arabicRightToLeftTable(): string {
  const row = (q: string, answer: string) => o.cell(o.p(o.t(questionLine(q, 'ar')), 'RTL')) + o.cell(answer);
  const body =
    o.h(1, sectionTitle('I', 'ar')) +
    o.tableOf('Q', 2, [
      o.cell(o.p(o.t('الأسئلة'), 'RTL')) + o.cell(o.p(o.t('الإجابات'), 'RTL')),
      row('I.a', o.p(o.t('نعم، أنشئت لجنة وطنية\u00a0: ') + o.span('B', 'برئاسة وزارة الخارجية') + o.t('.'), 'RTL') + o.list('N', [['وزارة الداخلية', ['المديرية العامة للهجرة']], 'وزارة الشغل'])),
      row('I.b', o.p(o.t('المندوبية الوزارية') + o.footnote('f1', 1, 'مرسوم رقم 2.19.123.') + o.t('.'), 'RTL')),
    ]).replace('<table:table ', '<table:table table:style-name="RTLT" ');
  // the table itself right to left (question column on the right, as Arabic documents have it)
  return o.fodt({ body, lang: 'ar' }).replace('</office:automatic-styles>', '<style:style style:name="RTLT" style:family="table"><style:table-properties style:writing-mode="rl-tb"/></style:style></office:automatic-styles>');
}

/** Guidance hidden through a character style and a paragraph style, as a LibreOffice template hides it. */
function hiddenGuidance(): string {
  const body =
    o.h(1, sectionTitle('I')) +
    o.p(o.t(questionLine('I.a'))) +
    o.p(o.t('A national commission.') + o.styled('Guidance', ' Name its chair and members.') + o.t(' It meets twice a year.')) +
    o.styledP('Instructions', 'Describe how the entities were chosen.') +
    o.p(o.t(questionLine('I.b'))) +
    o.p(o.t('The Ministry of Foreign Affairs.'));
  return o.fodt({ body, styles: o.hiddenStyle('Guidance', 'text') + o.hiddenStyle('Instructions', 'paragraph') });
}

let en: DocxImported;
let fr: DocxImported;
let ar: DocxImported;
let hidden: DocxImported;
beforeAll(async () => {
  // one LibreOffice run for the four (its start-up is most of each conversion's time)
  const names = ['lo-odt-hidden', 'lo-odt-en', 'lo-odt-fr', 'lo-odt-ar'];
  const sources = [hiddenGuidance(), englishTable(), frenchHeadings(), arabicRightToLeftTable()];
  const docx = libreofficeDocxAll(names.map((name, i) => ({ source: sources[i]!, name, ext: 'fodt' })));
  [hidden, en, fr, ar] = (await Promise.all(names.map((name, i) => parseDocxImport(docx[i]!, ARAB_REGION_2020, `docx:${name}`)))) as [DocxImported, DocxImported, DocxImported, DocxImported];
}, 300_000);

describe('an English questionnaire table saved by LibreOffice', () => {
  it('places every answer, with its lists, breaks and tables, under its question', () => {
    expect(answers(en)).toEqual({
      'I.a': 'The national plan was adopted in 2014.\n\n- Ministry of the Interior\n  - Directorate of migration\n- Ministry of Labour\n\n1. First step\n2. Second step',
      'I.b': 'Kept and inserted, see the law.',
      'I.c': 'Figures from the ministry[1].\n\n[1] Source: annual report 2019.',
      'I.d': 'Line one\nLine two 2\u00a0000 people.',
      'I.e': 'Before the frame.\n\nText in a frame.',
      'I.f': 'Regional figures:\n\n| --- | --- |\n| Region | Count |\n| Oriental | 1 200 |',
      'I.g': 'First part of g.\n\nSecond part of g.',
      'II.a': 'تعاونت الحكومة مع الجمعيات والنقابات.',
    });
  });

  it('keeps bold, italic and the link; never the deleted text', () => {
    const first = en.answers.get('I.a')!.content[0]!;
    expect(first.type === 'paragraph' && first.content).toEqual([
      { type: 'text', text: 'The ' },
      { type: 'text', text: 'national plan', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' was adopted in ' },
      { type: 'text', text: '2014', marks: [{ type: 'italic' }] },
      { type: 'text', text: '.' },
    ]);
    const b = en.answers.get('I.b')!.content[0]!;
    expect(b.type === 'paragraph' && b.content?.find((x) => x.type === 'text' && x.text === 'the law')).toMatchObject({ marks: [{ type: 'link', attrs: { href: 'https://example.org/law' } }] });
    expect([...en.answers.values()].map(docText).join('\n') + en.unplaced.map((u) => u.text).join('\n')).not.toContain('DELETED');
  });

  it('numbers the footnote as the reader sees it (LibreOffice stores it as note 2), keeps the annotation on its question, the cover note in the tray', () => {
    expect(en.footnotesKept).toBe(1);
    expect(en.wordComments.map((c) => [c.author, c.date, c.text, en.comments.get(c.id)])).toEqual([['Amina El Idrissi', '2021-02-03T10:00:00.000Z', 'Check the figure.', 'I.c']]);
    expect(en.unplaced.map((u) => [u.text, u.reason])).toEqual([['Prepared by the national committee.', 'text before the first recognised question']]);
  });
});

describe('a French headings layout saved by LibreOffice', () => {
  it('skips the table of contents, matches unlabelled French question headings and bold "a)" questions; the heading the template lacks goes to the tray with its text', () => {
    expect(answers(fr)).toEqual({
      'I.a': 'Oui\u00a0: une commission nationale, présidée par le ministère des Affaires étrangères.\n\n- Ministère de l’Intérieur\n- Ministère du Travail\n  - Direction de l’emploi',
      'I.b': 'La Délégation interministérielle[1].\n\n[1] Décret n° 2-19-123.',
      'II.a': 'Avec les syndicats et les associations de migrants.',
      'II.b': '1. Plan ODD 2030\n2. Stratégie nationale',
    });
    expect(fr.lowConfidence).toEqual([]);
    expect(fr.unplaced.map((u) => u.text)).toEqual(['VI. Informations complémentaires', 'Quatre consulats ont ouvert.']);
  });
});

describe('an Arabic right-to-left questionnaire table saved by LibreOffice', () => {
  it('places the answers, with their numbered lists and footnote, under the Arabic questions', () => {
    expect(answers(ar)).toEqual({
      'I.a': 'نعم، أنشئت لجنة وطنية\u00a0: برئاسة وزارة الخارجية.\n\n1. وزارة الداخلية\n  1. المديرية العامة للهجرة\n2. وزارة الشغل',
      'I.b': 'المندوبية الوزارية[1].\n\n[1] مرسوم رقم 2.19.123.',
    });
    expect(ar.unplaced).toEqual([]);
    expect(ar.lowConfidence).toEqual([]);
  });
});

describe('guidance a LibreOffice template hides through its styles', () => {
  it('keeps text hidden by a character or paragraph style out of the answers, in the tray', () => {
    expect(answers(hidden)).toEqual({ 'I.a': 'A national commission. It meets twice a year.', 'I.b': 'The Ministry of Foreign Affairs.' });
    expect(hidden.unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['Name its chair and members.', HIDDEN_REASON],
      ['Describe how the entities were chosen.', HIDDEN_REASON],
    ]);
  });
});
