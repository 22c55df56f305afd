/**
 * Word import of what other tools and other habits write, by hand-written OOXML: hidden text set
 * through a style, a drawing holding a picture and a text box, tables of contents without Word's
 * styles or field (typed, Google Docs, LibreOffice, as a table), tracked changes of formatting,
 * check boxes typed in a symbol font (Word, WPS, LibreOffice forms), answers spread over a
 * document or written in text boxes, SmartArt and charts, words with optional hyphens and
 * zero-width spaces, legacy form fields, a questionnaire framed in a one-cell table. Each case:
 * which question every answer lands on, its exact text, nothing hidden or navigational in an
 * answer, nothing lost (what cannot be placed is in the tray). Tests marked "(a check)" passed
 * before this file's fixes and are kept as checks.
 */
import { describe, expect, it } from 'vitest';
import { propertiesIdentity } from '../main/interchange/docx-identity';
import { STYLE_NAMES } from '../main/interchange/docx-export';
import { HIDDEN_REASON } from '../main/interchange/docx-import';
import { ARAB_REGION_2020 } from '../shared/template';
import { chartPart, chartRun, esc, level, numbering, numPr, para, paragraphStyles, question, questionLine, run, sectionTitle, smartArt, smartArtData, stylesPart, table, textPara } from './word/ooxml-parts';
import { png } from './word/render-docx';
import { DRAWING_NS, answers, everything, readOoxml as read, section } from './word/read';

describe('hidden text through a style', () => {
  it('treats a run whose character style hides it (w:rStyle → w:vanish, also through w:basedOn) as hidden text: in the tray, never in the answer', async () => {
    const styles = stylesPart({
      Guidance: { type: 'character', name: 'Guidance', rPr: '<w:i/><w:vanish/>' },
      GuidanceNote: { type: 'character', name: 'Guidance note', basedOn: 'Guidance', rPr: '<w:color w:val="808080"/>' },
      Emphasis: { type: 'character', name: 'Emphasis', rPr: '<w:i/>' },
    });
    const r = await read({
      styles,
      body: section('I', [
        ['I.a', para(run('Shown. ') + run('Guidance: name the chair.', '<w:rStyle w:val="Guidance"/>') + run(' Stressed.', '<w:rStyle w:val="Emphasis"/>'))],
        ['I.b', para(run('Answer b.') + run(' Template note.', '<w:rStyle w:val="GuidanceNote"/>') + run(' Shown again.', '<w:rStyle w:val="Guidance"/><w:vanish w:val="0"/>'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Shown. Stressed.', 'I.b': 'Answer b. Shown again.' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['Guidance: name the chair.', HIDDEN_REASON],
      ['Template note.', HIDDEN_REASON],
    ]);
  });

  it('treats the runs of a paragraph whose paragraph style hides its text as hidden text', async () => {
    const styles = stylesPart({ Instructions: { type: 'paragraph', name: 'Instructions', rPr: '<w:vanish/>' } });
    const r = await read({
      styles,
      body: section('I', [['I.a', para(run('Describe the mechanism and its members.'), '<w:pStyle w:val="Instructions"/>') + textPara('A national commission.')]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([['Describe the mechanism and its members.', HIDDEN_REASON]]);
  });
});

describe('a drawing holding a picture and a text box', () => {
  const NS = `${DRAWING_NS} xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`;
  const picture = (rId: string, alt: string) =>
    `<pic:pic><pic:nvPicPr><pic:cNvPr id="5" name="Picture 5" descr="${alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr/></pic:pic>`;
  const box = (t: string) => `<wps:wsp><wps:spPr/><wps:txbx><w:txbxContent>${textPara(t)}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>`;
  /** A group of shapes (Insert › Shapes, then Group) anchored in a run, as DrawingML. */
  const group = (inner: string) =>
    `<w:r><w:drawing><wp:anchor><wp:docPr id="4" name="Group 4"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"><wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr/>${inner}</wpg:wgp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`;
  const media = { rIdImg1: png(), rIdImg2: png() };

  it('keeps both a grouped picture (as an attachment) and the text box beside it (as text), drawn with DrawingML only', async () => {
    const r = await read({
      namespaces: NS,
      media,
      body: section('I', [['I.a', para(run('Our offices:') + group(picture('rIdImg1', 'Map of the regional offices') + box('Twelve regional offices opened in 2019.')))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Our offices: [Picture 1: Map of the regional offices]\n\nTwelve regional offices opened in 2019.' });
    expect(r.pictures.map((p) => [p.alt, p.contentType])).toEqual([['Map of the regional offices', 'image/png']]);
    expect(r.unplaced).toEqual([]);
  });

  it('keeps a grouped picture and text box inside alternate content without a fallback, and a group nested in a group', async () => {
    const nested = `<wpg:grpSp><wpg:grpSpPr/>${picture('rIdImg2', 'Chart 2020')}${box('Returns in 2020.')}</wpg:grpSp>`;
    const r = await read({
      namespaces: NS,
      media,
      body: section('I', [['I.b', para(run('See the chart.') + `<mc:AlternateContent><mc:Choice Requires="wpg">${group(box('Figures of 2019.') + nested)}</mc:Choice></mc:AlternateContent>`)]]),
    });
    expect(answers(r)).toEqual({ 'I.b': 'See the chart. [Picture 1: Chart 2020]\n\nFigures of 2019.\n\nReturns in 2020.' });
    expect(r.pictures.map((p) => p.alt)).toEqual(['Chart 2020']);
  });

  it('reads a group whose namespaces are declared on its own elements (as LibreOffice writes them), not on the document', async () => {
    const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
    const inline = group(picture('rIdImg1', 'Map of the regional offices') + box('Twelve regional offices opened in 2019.'))
      .replace('<a:graphic>', `<a:graphic xmlns:a="${A}">`)
      .replace('<wpg:wgp>', '<wpg:wgp xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">')
      .replace('<wps:wsp>', '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">');
    const r = await read({
      namespaces: 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
      media,
      body: section('I', [['I.a', para(run('Our offices:') + inline)]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Our offices: [Picture 1: Map of the regional offices]\n\nTwelve regional offices opened in 2019.' });
  });

  it('reads Word\'s own form once: the group in the choice, its VML fallback (v:group of a picture and a text box) read, the picture with its alt text (test/word-vml-pictures.test.ts)', async () => {
    const fallback = `<w:r><w:pict><v:group><v:shape><v:imagedata r:id="rIdImg1" o:title="Map of the regional offices"/></v:shape><v:shape><v:textbox><w:txbxContent>${textPara('Twelve regional offices opened in 2019.')}</w:txbxContent></v:textbox></v:shape></v:group></w:pict></w:r>`;
    const r = await read({
      namespaces: `${NS} xmlns:o="urn:schemas-microsoft-com:office:office"`,
      media,
      body: section('I', [['I.a', para(run('Our offices:') + `<mc:AlternateContent><mc:Choice Requires="wpg">${group(picture('rIdImg1', 'Map of the regional offices') + box('Twelve regional offices opened in 2019.'))}</mc:Choice><mc:Fallback>${fallback}</mc:Fallback></mc:AlternateContent>`)]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Our offices: [Picture 1: Map of the regional offices]\n\nTwelve regional offices opened in 2019.' });
    expect(r.pictures.map((p) => p.alt)).toEqual(['Map of the regional offices']);
  });
});

describe('a table of contents without Word’s styles or content control', () => {
  const body = (lang: 'en' | 'fr' | 'ar') =>
    textPara(sectionTitle('I', lang)) + textPara(questionLine('I.a', lang)) + textPara(ANSWER[lang].a) + textPara(questionLine('I.b', lang)) + textPara(ANSWER[lang].b);
  const ANSWER = {
    en: { a: 'A national commission.', b: 'The Ministry of Foreign Affairs.' },
    fr: { a: 'Une commission nationale.', b: 'Le ministère des Affaires étrangères.' },
    ar: { a: 'لجنة وطنية.', b: 'وزارة الشؤون الخارجية.' },
  };
  const expected = (lang: 'en' | 'fr' | 'ar') => ({ 'I.a': ANSWER[lang].a, 'I.b': ANSWER[lang].b });
  const tab = '<w:r><w:tab/></w:r>';

  it('skips Word’s TOC field when its paragraphs have no TOC style and no content control holds it', async () => {
    const begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>';
    const entry = (t: string, page: number, anchor: string) => `<w:hyperlink w:anchor="${anchor}" w:history="1">${run(t)}${tab}${run(String(page))}</w:hyperlink>`;
    const toc =
      textPara('Contents') +
      para(begin + entry(sectionTitle('I'), 2, '_Toc1')) +
      para(entry(questionLine('I.a'), 2, '_Toc2')) +
      para(entry(questionLine('I.b'), 3, '_Toc3') + '<w:r><w:fldChar w:fldCharType="end"/></w:r>');
    const r = await read({ minimal: true, body: toc + body('en') });
    expect(answers(r)).toEqual(expected('en'));
    expect(everything(r)).not.toMatch(/\t|Foreign Affairs\.?\s*3/);
    expect(r.unplaced).toEqual([]); // its title "Contents" too
  });

  it.each([
    ['en', 'Contents', (n: number) => String(n)],
    ['fr', 'Table des matières', (n: number) => String(n)],
    ['ar', 'المحتويات', (n: number) => '٠١٢٣٤٥٦٧٨٩'[n]!],
  ] as const)('skips a table of contents typed by hand (%s), its title "%s" too: headings and questions with a tab or dot leaders and a page number', async (lang, title, page) => {
    const toc =
      textPara(title) +
      para(run(sectionTitle('I', lang)) + tab + run(page(2))) +
      textPara(`${questionLine('I.a', lang)} ........................ ${page(2)}`) +
      textPara(`${questionLine('I.b', lang)}……………${page(3)}`);
    const r = await read({ minimal: true, body: toc + body(lang) });
    expect(answers(r)).toEqual(expected(lang));
    expect(r.lowConfidence).toEqual([]);
    expect(r.unplaced).toEqual([]);
  });

  it('keeps a paragraph that only says "Contents" when no table of contents follows it (in the tray, as before)', async () => {
    const r = await read({ minimal: true, body: textPara('Contents') + body('en') });
    expect(answers(r)).toEqual(expected('en'));
    expect(r.unplaced.map((u) => u.text)).toEqual(['Contents']);
  });

  it('skips a table of contents of links to the headings (Google Docs’ “with blue links”, no page numbers) (a check)', async () => {
    const link = (t: string, anchor: string) => para(`<w:hyperlink w:anchor="${anchor}">${run(t, '<w:color w:val="1155CC"/><w:u w:val="single"/>')}</w:hyperlink>`);
    const toc = link(sectionTitle('I'), 'heading=h.1') + link(questionLine('I.a'), 'heading=h.2') + link(questionLine('I.b'), 'heading=h.3');
    const r = await read({ minimal: true, body: toc + body('en') });
    expect(answers(r)).toEqual(expected('en'));
    expect(r.unplaced).toEqual([]);
  });

  it('skips a table of contents laid out as a table (entry | page), with a header row', async () => {
    const toc = table([[textPara(sectionTitle('I', 'fr')), textPara('2')], [textPara(questionLine('I.a', 'fr')), textPara('2')], [textPara(questionLine('I.b', 'fr')), textPara('3')]], ['Sommaire', 'Page']);
    const r = await read({ minimal: true, body: toc + body('fr') });
    expect(answers(r)).toEqual(expected('fr'));
    expect(r.lowConfidence).toEqual([]);
  });

  it('skips entries typed as a list (and their title), and keeps a tab and a number in an answer that is no entry', async () => {
    const bullets = numbering({ 1: level(0, 'bullet', '•') }, { 4: 1 });
    const toc = textPara('Sommaire :') + para(run(sectionTitle('I')) + tab + run('2'), numPr(4)) + para(run(questionLine('I.a')) + tab + run('2'), numPr(4));
    const r = await read({ minimal: true, numbering: bullets, body: toc + body('en').replace(esc(ANSWER.en.b), esc('Migrants regularised') + '</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>18') });
    expect(answers(r)).toEqual({ 'I.a': ANSWER.en.a, 'I.b': expect.stringMatching(/^Migrants regularised\s+18$/) });
    expect(r.unplaced).toEqual([]);
  });
});

describe('tracked changes: the document as Word shows it with the changes accepted', () => {
  const letters = numbering({ 1: level(0, 'lowerLetter', '%1)') }, { 3: 1 });
  const del = (t: string) => `<w:del w:id="21" w:author="R" w:date="2021-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${esc(t)}</w:delText></w:r></w:del>`;
  const moveFrom = (t: string) => `<w:moveFrom w:id="22" w:author="R">${run(t)}</w:moveFrom>`;

  it('keeps text whose earlier formatting (w:rPrChange, w:pPrChange) hid it, numbered it or styled it: only the formatting now applies', async () => {
    const styles = stylesPart({ Instructions: { type: 'paragraph', name: 'Instructions', rPr: '<w:vanish/>' } });
    const wasHidden = run('Shown now.', '<w:rPrChange w:id="30" w:author="R"><w:rPr><w:vanish/></w:rPr></w:rPrChange>');
    const wasInstructions = para(run('No longer guidance.'), '<w:pPrChange w:id="31" w:author="R"><w:pPr><w:pStyle w:val="Instructions"/></w:pPr></w:pPrChange>');
    const wasNumbered = para(run('Not a list any more.'), `<w:pPrChange w:id="32" w:author="R"><w:pPr>${numPr(3)}</w:pPr></w:pPrChange>`);
    const r = await read({ styles, numbering: letters, body: section('I', [['I.a', para(run('Answer a. ') + wasHidden) + wasInstructions + wasNumbered]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Answer a. Shown now.\n\nNo longer guidance.\n\nNot a list any more.' });
    expect(r.unplaced).toEqual([]);
  });

  it('places the questions and answers after a numbered question deleted or moved away, its label nowhere (a check)', async () => {
    const q = (id: string) => para(run(question(id).text), numPr(3));
    const deletedMark = '<w:rPr><w:del w:id="23" w:author="R" w:date="2021-01-01T00:00:00Z"/></w:rPr>';
    const movedMark = '<w:rPr><w:moveFrom w:id="24" w:author="R"/></w:rPr>';
    const r = await read({
      numbering: letters,
      body:
        textPara(sectionTitle('I')) +
        q('I.a') +
        textPara('A national commission.') +
        para(del(question('I.b').text), numPr(3) + deletedMark) +
        para(moveFrom(question('I.c').text), numPr(3) + movedMark) +
        q('I.d') +
        textPara('Yes, the regions were consulted.'),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'I.d': 'Yes, the regions were consulted.' });
    expect(everything(r)).not.toMatch(/\b[bc]\)/);
    expect(r.unplaced).toEqual([]);
  });
});

describe('a numbered question deleted with tracked changes', () => {
  const letters = numbering({ 1: level(0, 'lowerLetter', '%1)') }, { 3: 1 });
  const del = (t: string) => `<w:del w:id="41" w:author="R" w:date="2021-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${esc(t)}</w:delText></w:r></w:del>`;
  const deletedMark = '<w:rPr><w:del w:id="42" w:author="R" w:date="2021-01-01T00:00:00Z"/></w:rPr>';
  const q = (t: string) => para(run(t), numPr(3));
  /** Section I's table, its questions numbered a), b), c) automatically and reworded (only their place tells which they are), a row inserted after a) then deleted. */
  const body = (deletedRow: string) =>
    textPara(sectionTitle('I')) +
    table([[q(question('I.a').text), textPara('A national commission.')], [q('Lead body for the exercise?'), textPara('The Ministry of Foreign Affairs.')], [q('Participating governmental bodies?'), textPara('Interior, Labour, Planning.')]], ['Questions', 'Answers']).replace(
      `${esc('A national commission.')}</w:t></w:r></w:p></w:tc></w:tr>`,
      (firstRow) => firstRow + deletedRow,
    );
  const cells = (pPr: string) => `<w:tc>${para(del('Was a separate report prepared?'), numPr(3) + pPr)}</w:tc><w:tc>${para(del('No.'), pPr)}</w:tc>`;

  it.each([
    ['the row deleted (w:trPr) and its paragraphs', `<w:tr><w:trPr><w:del w:id="43" w:author="R"/></w:trPr>${cells(deletedMark)}</w:tr>`],
    ['the row deleted (w:trPr), its paragraph marks not', `<w:tr><w:trPr><w:del w:id="43" w:author="R"/></w:trPr>${cells('')}</w:tr>`],
    ['the paragraphs deleted, marks included (the row left empty)', `<w:tr>${cells(deletedMark)}</w:tr>`],
  ])('%s: it does not count for the labels, the questions after it keep theirs (b, c) and their answers', async (_, deletedRow) => {
    const r = await read({ numbering: letters, body: body(deletedRow) });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'I.b': 'The Ministry of Foreign Affairs.', 'I.c': 'Interior, Labour, Planning.' });
    expect(r.unplaced).toEqual([]);
  });
});

describe('check boxes typed in a symbol font (forms made in Word, WPS or LibreOffice)', () => {
  const font = (name: string) => `<w:rFonts w:ascii="${name}" w:hAnsi="${name}" w:cs="${name}"/>`;
  const sym = (f: string, char: string) => `<w:r><w:sym w:font="${f}" w:char="${char}"/></w:r>`;

  it('reads Wingdings and Wingdings 2 boxes, as letters, private-use characters or w:sym, as ☑ ☒ ☐', async () => {
    const r = await read({
      body: section('I', [
        ['I.a', para(run('þ', font('Wingdings')) + run(' Yes ') + run('¨', font('Wingdings')) + run(' No'))],
        ['I.b', para(run('£', font('Wingdings 2')) + run(' Yes ') + run('T', font('Wingdings 2')) + run(' No ') + run('R', font('Wingdings 2')) + run(' Partly'))],
        ['I.c', para(run('\uF0FE', font('Wingdings')) + run(' Yes ') + run('\uF0A8', font('Wingdings')) + run(' No'))],
        ['I.d', para(sym('Wingdings', 'F0FD') + run(' Yes ') + sym('Wingdings', 'F0A8') + run(' No ') + sym('Wingdings 2', 'F052') + run(' Partly'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': '☑ Yes ☐ No', 'I.b': '☐ Yes ☒ No ☑ Partly', 'I.c': '☑ Yes ☐ No', 'I.d': '☒ Yes ☐ No ☑ Partly' });
  });

  it('keeps ordinary letters in an ordinary font, and the run’s other characters (a check)', async () => {
    const r = await read({ body: section('I', [['I.a', para(run('Rabat: R&D ', font('Arial')) + run('T£R'))]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Rabat: R&D T£R' });
  });
});

describe('answers spread over a document', () => {
  it('keeps both answers when two contributions answer the same questions (one questionnaire per ministry, one after the other) (a check)', async () => {
    const r = await read({
      body:
        textPara('Contribution of the Ministry of the Interior') +
        section('I', [['I.a', textPara('The Interior chairs the commission.')], ['I.b', textPara('The Interior led the review.')]]) +
        '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr></w:p>' +
        textPara('Contribution of the Ministry of Labour') +
        section('I', [['I.a', textPara('Labour sits on the commission.')], ['I.b', textPara('Labour wrote section II.')]]),
    });
    // (the title line between the two tables stays with the last answer above it unless it is styled as a heading)
    expect(answers(r)['I.a']).toBe('The Interior chairs the commission.\n\nLabour sits on the commission.');
    expect(answers(r)['I.b']).toMatch(/^The Interior led the review\.\n\n[\s\S]*Labour wrote section II\.$/);
  });

  it('reads an answer written in a text box under its question (a text box per answer), Word’s DrawingML and VML forms (a check)', async () => {
    const box = (t: string) =>
      `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="7" name="Text Box 7"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>${textPara(t)}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${textPara(t)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
    const r = await read({
      namespaces: DRAWING_NS,
      body:
        textPara(sectionTitle('II')) +
        para(run(questionLine('II.a')) + box('With employers and associations.')) +
        para(run(questionLine('II.b'))) +
        para(box('Through the SDG plan.')),
    });
    expect(answers(r)).toEqual({ 'II.a': 'With employers and associations.', 'II.b': 'Through the SDG plan.' });
    expect(r.unplaced).toEqual([]);
  });
});

describe('SmartArt (an organisation chart of the coordination mechanism)', () => {
  it('keeps the text of a SmartArt diagram in its answer, item by item, in the order of the diagram', async () => {
    const chart = smartArtData([['Ministry of Foreign Affairs', '(chair)'], ['Ministry of the Interior'], ['Ministry of Labour']]);
    const r = await read({ diagrams: { rIdDgm1: chart }, body: section('I', [['I.a', para(run('The commission brings together:')) + para(smartArt('rIdDgm1'))], ['I.b', textPara('The Ministry of Foreign Affairs.')]]) });
    expect(answers(r)).toEqual({
      'I.a': 'The commission brings together:\n\nMinistry of Foreign Affairs\n(chair)\n\nMinistry of the Interior\n\nMinistry of Labour',
      'I.b': 'The Ministry of Foreign Affairs.',
    });
    expect(r.unplaced).toEqual([]);
  });

  it('follows the diagram’s connections, not the order its items were added in', async () => {
    // the Interior box moved after the Labour box: its connection now comes third
    const chart = smartArtData([['Ministry of Foreign Affairs'], ['Ministry of the Interior'], ['Ministry of Labour']]).replace('destId="{N1}" srcOrd="1"', 'destId="{N1}" srcOrd="3"');
    const r = await read({ diagrams: { rIdDgm1: chart }, body: section('I', [['I.a', para(smartArt('rIdDgm1'))]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Ministry of Foreign Affairs\n\nMinistry of Labour\n\nMinistry of the Interior' });
  });
});

describe('charts', () => {
  it('keeps a chart’s figures (the values Word keeps with it) as a table in its answer, with its title', async () => {
    const chart = chartPart('Regularisations by year', ['2014', '2017'], [['Applications', [27649, 28400]], ['Granted', [18694, 20000]]]);
    const r = await read({ charts: { rIdChart1: chart }, body: section('I', [['I.a', para(run('Figures:')) + para(chartRun('rIdChart1'))], ['I.b', textPara('The Ministry of the Interior.')]]) });
    expect(answers(r)).toEqual({
      'I.a': 'Figures:\n\nRegularisations by year\n\n|  | Applications | Granted |\n| --- | --- | --- |\n| 2014 | 27649 | 18694 |\n| 2017 | 28400 | 20000 |',
      'I.b': 'The Ministry of the Interior.',
    });
    expect(r.unplaced).toEqual([]);
  });
});

describe('questions with optional hyphens or invisible characters in their words', () => {
  it.each(['en', 'fr'] as const)('places the answers under questions whose long words carry optional hyphens (w:softHyphen) or zero-width spaces (%s)', async (lang) => {
    // Word's optional hyphen (Ctrl+-) is a w:softHyphen between two runs; a zero-width space comes with text pasted from a PDF
    const hyphenated = (t: string) =>
      t.split(/(\p{L}{8,})/u).map((part, i) => (i % 2 ? run(part.slice(0, 4)) + '<w:r><w:softHyphen/></w:r>' + run(part.slice(4)) : part ? run(part) : '')).join('');
    const withZwsp = (t: string) => run(t.replace(/(\p{L}{4})(\p{L}{4,})/gu, '$1\u200B$2'));
    const bold = (runs: string) => para(runs.replace(/<w:r>/g, '<w:r><w:rPr><w:b/></w:rPr>'));
    const r = await read({
      body: textPara(sectionTitle('I', lang)) + bold(hyphenated(question('I.a', lang).text)) + textPara('A national commission.') + bold(withZwsp(question('I.b', lang).text)) + textPara('The Ministry of Foreign Affairs.'),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'I.b': 'The Ministry of Foreign Affairs.' });
    expect(r.unplaced).toEqual([]);
  });
});

describe('legacy form fields (protected Word forms)', () => {
  const dropdown = (entries: string[], result?: number) =>
    `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Dropdown1"/><w:enabled/><w:ddList>${result === undefined ? '' : `<w:result w:val="${result}"/>`}${entries.map((e) => `<w:listEntry w:val="${esc(e)}"/>`).join('')}</w:ddList></w:ffData></w:fldChar></w:r>` +
    `<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
  const textField = (value: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run(value)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;

  it('keeps the entry a drop-down form field shows (the first when none was chosen), and what was typed in a text form field', async () => {
    const r = await read({
      body: section('I', [
        ['I.a', para(run('Established: ') + dropdown(['Yes', 'No', 'In progress'], 2))],
        ['I.b', para(run('Chair: ') + dropdown(['Ministry of Foreign Affairs', 'Ministry of the Interior']))],
        ['I.c', para(run('Entities: ') + textField('Interior, Labour, Health'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Established: In progress', 'I.b': 'Chair: Ministry of Foreign Affairs', 'I.c': 'Entities: Interior, Labour, Health' });
  });
});

describe('a questionnaire drawn inside a one-cell table (a frame around the page, or around a section)', () => {
  it('reads what the frame holds as the document: its title, sections, questions and answers', async () => {
    const inner = section('I', [['I.a', textPara('A national commission.')], ['I.b', textPara('The Ministry of Foreign Affairs.')]]) + section('II', [['II.a', textPara('With employers.')]]);
    const r = await read({ body: table([[textPara('Kingdom of Morocco') + inner]]) });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'I.b': 'The Ministry of Foreign Affairs.', 'II.a': 'With employers.' });
    expect(r.unplaced.map((u) => u.text)).toEqual(['Kingdom of Morocco']);
  });

  it('reads a section framed on its own after an answered one, and still keeps a one-cell answer box as the answer (a check)', async () => {
    const framed = table([[textPara(sectionTitle('II')) + textPara(questionLine('II.a')) + textPara('With employers.') + textPara(questionLine('II.b')) + textPara('Through the SDG plan.')]]);
    const r = await read({ body: textPara(sectionTitle('I')) + textPara(questionLine('I.a')) + table([[textPara('A national commission.')]]) + framed });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'II.a': 'With employers.', 'II.b': 'Through the SDG plan.' });
    expect(r.unplaced).toEqual([]);
  });
});

describe("another tool's first page: the review's title and its labelled lines become the draft's identity", () => {
  const FIRST_PAGE = {
    en: { title: 'National review — Morocco', lines: ['Country: Morocco', 'Submitting authority: Ministry of Foreign Affairs'], answer: 'A national commission.' },
    // typed with an ordinary space before the colon and a straight apostrophe
    fr: { title: 'Examen national — Maroc', lines: ['Pays : Maroc', "Autorité soumettant l'examen : Ministère des Affaires étrangères"], answer: 'Une commission nationale.' },
    // the label without its shadda
    ar: { title: 'الاستعراض الوطني — المغرب', lines: ['البلد: المغرب', 'الجهة المقدمة: وزارة الشؤون الخارجية'], answer: 'لجنة وطنية.' },
  } as const;
  const styles = paragraphStyles({ Title: 'Title' });
  /** our own title block's style: its values are taken at any length */
  const ours = paragraphStyles({ Title: 'Title', GcmMeta: STYLE_NAMES.meta });
  const meta = (t: string) => para(run(t), '<w:pStyle w:val="GcmMeta"/>');

  it.each(['en', 'fr', 'ar'] as const)('%s: a paragraph in Word\'s Title style and "Country: …" lines before the questionnaire: title, country, authority, language; not answer text, not in the tray', async (lang) => {
    const f = FIRST_PAGE[lang];
    const r = await read({ styles, body: para(run(f.title), '<w:pStyle w:val="Title"/>') + f.lines.map((l) => textPara(l)).join('') + section('I', [['I.a', textPara(f.answer)]], lang) });
    expect(r.identity).toEqual({ title: f.title, country: f.lines[0].replace(/^[^:]*:\s*/, ''), authority: f.lines[1].replace(/^[^:]*:\s*/, ''), language: lang });
    expect(answers(r)).toEqual({ 'I.a': f.answer });
    expect(r.unplaced).toEqual([]);
  });

  it('takes values from the file as data: bidi overrides and isolates removed, spaces folded, cut to the draft\'s limits; the questionnaire\'s own title is no draft title; a "Country:" line in an answer stays in the answer', async () => {
    const body =
      para(run(ARAB_REGION_2020.title), '<w:pStyle w:val="Title"/>') +
      para(run('Rapport \u202Edrawer\u202C   national'), '<w:pStyle w:val="Title"/>') +
      meta(`Country: \u2067Maroc\u2069 ${'x'.repeat(400)}`) +
      section('I', [['I.a', textPara('Country: Morocco, regions: twelve.')]]);
    const r = await read({ styles: ours, body });
    expect(r.identity.title).toBe('Rapport drawer national');
    expect(r.identity.country).toBe(`Maroc ${'x'.repeat(194)}`);
    expect(answers(r)).toEqual({ 'I.a': 'Country: Morocco, regions: twelve.' });
  });

  it('cuts a value to the draft\'s limit as the contract counts it (UTF-16 units), never inside a surrogate pair', async () => {
    const r = await read({ styles: ours, body: meta(`Country: ${'𝐌'.repeat(150)}`) + section('I', [['I.a', textPara('Answer.')]]) });
    expect(r.identity.country).toBe('𝐌'.repeat(100)); // 200 units: was 150 code points, 300 units, which createDraft refuses
    const odd = await read({ styles: ours, body: meta(`Country: a${'𝐌'.repeat(150)}`) + section('I', [['I.a', textPara('Answer.')]]) });
    expect(odd.identity.country).toBe(`a${'𝐌'.repeat(99)}`);
  });

  const br = '<w:r><w:br/></w:r>';
  it('en: a labelled sentence is no country, a line break ends a labelled line: the sentence and the date stay in the tray, nothing lost', async () => {
    const sentence = 'Country: Morocco has ratified the 1990 Convention on migrant workers in 1993: see the annex for the list of laws.';
    const r = await read({ styles, body: textPara(sentence) + para(run('Submitting authority: Ministry of Interior') + br + run('Date: 5 May 2024')) + section('I', [['I.a', textPara('A national commission.')]]) });
    expect(r.identity).toEqual({ authority: 'Ministry of Interior', language: 'en' });
    expect(r.unplaced.map((u) => u.text).sort()).toEqual([sentence, 'Date: 5 May 2024']);
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.' });
  });

  it('fr, ar: two labelled lines of one paragraph (a soft line break between them) are two values; a second country line and a long value go to the tray', async () => {
    const fr = await read({ styles, body: para(run('Pays : Maroc') + br + run("Autorité soumettant l'examen : Ministère de l'Intérieur") + br + run('Pays : Tunisie')) + section('I', [['I.a', textPara('Oui.')]], 'fr') });
    expect(fr.identity).toEqual({ country: 'Maroc', authority: "Ministère de l'Intérieur", language: 'fr' });
    expect(fr.unplaced.map((u) => u.text)).toEqual(['Pays : Tunisie']);
    const long = `وزارة ${'الداخلية '.repeat(12).trim()}`;
    const ar = await read({ styles, body: para(run('البلد: المغرب') + br + run(`الجهة المقدمة: ${long}`)) + section('I', [['I.a', textPara('نعم.')]], 'ar') });
    expect(ar.identity).toEqual({ country: 'المغرب', language: 'ar' });
    expect(ar.unplaced.map((u) => u.text)).toEqual([`الجهة المقدمة: ${long}`]);
  });

  it("takes the core title and the custom document language from our own files only (keywords \"GCM; …\" as we write them or as LibreOffice saves them); another file's title is its Title paragraph or its name", () => {
    const core = (title: string, keywords: string) => `<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>${title}</dc:title><cp:keywords>${keywords}</cp:keywords></cp:coreProperties>`;
    const custom = '<Properties><property name="Document language"><vt:lpwstr>ar</vt:lpwstr></property></Properties>';
    expect(propertiesIdentity(core('Microsoft Word - Document1', ''), custom)).toEqual({});
    expect(propertiesIdentity(core('Report', 'migration; GCM'), custom)).toEqual({});
    expect(propertiesIdentity(core('Examen', 'GCM; arab-region-2020 1.0.0; fr'), undefined)).toEqual({ title: 'Examen', language: 'fr' });
    expect(propertiesIdentity(core('Examen', 'GCM arab-region-2020 1.0.0 fr'), custom)).toEqual({ title: 'Examen', language: 'ar' });
  });
});
