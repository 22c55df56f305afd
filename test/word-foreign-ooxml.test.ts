/**
 * Word import of hand-written WordprocessingML imitating what Word and other tools write and our
 * generator never does: tracked changes, fields, hyperlinks, content controls (placeholders,
 * check boxes), wrappers (smart tags, custom XML), alternate content and text boxes, breaks, tabs
 * and carriage returns, French typography, right-to-left Arabic, several numbering levels, merged
 * and nested table cells, a minimal package without styles.xml, Strict OOXML, hidden text.
 * Each case: which question every answer lands on, its exact text and lists, nothing deleted
 * imported, nothing lost (what cannot be placed is in the tray).
 */
import { describe, expect, it } from 'vitest';
import { ALT_CHUNK_REASON, HIDDEN_REASON, parseDocxImport } from '../main/interchange/docx-import';
import { ARAB_REGION_2020 } from '../shared/template';
import { storedText } from '../shared/messages';
import { docText } from '../shared/doc';
import { MAX_SPAN } from '../shared/doc-limits';
import { invoke } from '../main/dispatch';
import { makeServices, storeSnapshot } from './helpers';
import { pngBytes } from './picture-fixtures';
import { pack, unpack } from './bundle-tools';
import { commented, commentsPart, commentThreads, level, noteRef, notesPart, numbering, numPr, ooxmlDocx, para, paragraphStyles, question, questionLine, run, sectionTitle, table, textPara } from './word/ooxml-parts';
import { DRAWING_NS, answers, everything, readOoxml as read, section } from './word/read';

const field = (instr: string, result: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${instr}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
const W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"';
describe('tracked changes (Word, review mode on)', () => {
  it('keeps inserted and moved-to text, never deleted or moved-from text, nor a deleted row', async () => {
    const del = (t: string) => `<w:del w:id="9" w:author="R" w:date="2021-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`;
    const r = await read({
      body: section('I', [
        ['I.a', para(run('The committee met ') + del('DELETED-ONE ') + `<w:ins w:id="10" w:author="R">${run('twice')}</w:ins>` + run(' in 2020.'))],
        ['I.b', para(`<w:moveFrom w:id="11" w:author="R">${run('MOVED-AWAY ')}</w:moveFrom>` + run('Kept. ') + `<w:moveTo w:id="12" w:author="R">${run('Moved here.')}</w:moveTo>`)],
      ]).replace('</w:tbl>', `<w:tr><w:trPr><w:del w:id="13" w:author="R"/></w:trPr><w:tc>${textPara(questionLine('I.c'))}</w:tc><w:tc>${para(del('DELETED-ROW'))}</w:tc></w:tr></w:tbl>`),
    });
    expect(answers(r)).toEqual({ 'I.a': 'The committee met twice in 2020.', 'I.b': 'Kept. Moved here.' });
    expect(everything(r)).not.toMatch(/DELETED|MOVED-AWAY/);
    expect(r.unplaced).toEqual([]);
  });
});

describe('fields', () => {
  it('keeps what a field shows (simple and complex fields), never its code', async () => {
    const r = await read({
      body: section('I', [
        ['I.a', para(run('Adopted in ') + `<w:fldSimple w:instr=" DOCPROPERTY Year \\* MERGEFORMAT ">${run('2019')}</w:fldSimple>` + run(', see table ') + `<w:fldSimple w:instr=" SEQ Table \\* ARABIC "><w:r><w:t>3</w:t></w:r></w:fldSimple>` + run('.'))],
        ['I.b', para(run('Updated on ') + field(' DATE \\@ "d MMMM yyyy" ', '2 March 2021') + run(' by ') + field(' AUTHOR ', 'A. El Idrissi') + run('.'))],
        ['I.c', para(run('Read ') + field(' HYPERLINK "https://example.org/plan" ', 'the national plan') + run('.'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Adopted in 2019, see table 3.', 'I.b': 'Updated on 2 March 2021 by A. El Idrissi.', 'I.c': 'Read the national plan.' });
    expect(everything(r)).not.toMatch(/DOCPROPERTY|MERGEFORMAT|SEQ|DATE|AUTHOR|HYPERLINK/);
    const link = r.answers.get('I.c')!.content[0];
    expect(link?.type === 'paragraph' && link.content?.find((x) => x.type === 'text' && x.text === 'the national plan')).toMatchObject({ marks: [{ type: 'link', attrs: { href: 'https://example.org/plan' } }] });
  });
});

describe('a table of contents and page breaks', () => {
  it('skips a table of contents (Word\'s TOC field: headings again, with page numbers) and keeps the words around a page break apart', async () => {
    const entry = (style: string, t: string, page: number, anchor: string, field = '') =>
      para(`${field}<w:hyperlink w:anchor="${anchor}" w:history="1">${run(t)}<w:r><w:tab/></w:r>${run(String(page))}</w:hyperlink>`, `<w:pStyle w:val="${style}"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs>`);
    const begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>';
    const toc =
      textPara('Contents', '<w:pStyle w:val="TOCHeading"/>') +
      entry('TOC1', sectionTitle('I'), 2, '_Toc1', begin) +
      entry('TOC2', questionLine('I.a'), 2, '_Toc2') +
      entry('TOC2', questionLine('I.b'), 3, '_Toc3') +
      para('<w:r><w:fldChar w:fldCharType="end"/></w:r>');
    const r = await read({
      styles: paragraphStyles({ Heading1: 'heading 1', Heading2: 'heading 2', TOC1: 'toc 1', TOC2: 'toc 2', TOCHeading: 'TOC Heading' }),
      body:
        toc +
        textPara(sectionTitle('I'), '<w:pStyle w:val="Heading1"/>') +
        textPara(questionLine('I.a'), '<w:pStyle w:val="Heading2"/>') +
        para(run('End of the page.') + '<w:r><w:br w:type="page"/></w:r>' + run('Top of the next.') + '<w:r><w:br w:type="column"/></w:r>' + run('Next column.')) +
        textPara(questionLine('I.b'), '<w:pStyle w:val="Heading2"/>') +
        textPara('The Ministry of Foreign Affairs.'),
    });
    expect(answers(r)).toEqual({ 'I.a': 'End of the page.\nTop of the next.\nNext column.', 'I.b': 'The Ministry of Foreign Affairs.' });
    expect(r.unplaced).toEqual([]);
  });

  it('skips a table of contents in its content control (docPartGallery), even without TOC styles', async () => {
    const entry = (t: string, page: number) => para(run(t) + '<w:r><w:tab/></w:r>' + run(String(page)));
    const toc = `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>${textPara('Contents')}${entry(sectionTitle('I'), 1)}${entry(questionLine('I.a'), 1)}${entry(questionLine('I.b'), 2)}</w:sdtContent></w:sdt>`;
    const r = await read({ minimal: true, body: toc + textPara(sectionTitle('I')) + textPara(questionLine('I.a')) + textPara('A national commission.') + textPara(questionLine('I.b')) + textPara('The Ministry of Foreign Affairs.') });
    expect(answers(r)).toEqual({ 'I.a': 'A national commission.', 'I.b': 'The Ministry of Foreign Affairs.' });
    expect(r.unplaced).toEqual([]);
  });
});

describe('hyperlinks, breaks, tabs and wrappers', () => {
  it('keeps external links as links, internal ones as text; soft breaks, carriage returns and tabs keep words apart', async () => {
    const r = await read({
      links: { rIdL1: 'https://example.org/law-02-03' },
      body: section('I', [
        ['I.a', para(run('See ') + `<w:hyperlink r:id="rIdL1" w:history="1">${run('law 02-03', '<w:rStyle w:val="Hyperlink"/>')}</w:hyperlink>` + run(' and ') + `<w:hyperlink w:anchor="_Toc1">${run('annex 2')}</w:hyperlink>` + run('.'))],
        ['I.b', para(run('Ministry of the Interior') + '<w:r><w:br/></w:r>' + run('Ministry of Labour') + '<w:r><w:cr/></w:r>' + run('Ministry of Health'))],
        ['I.c', para(run('2019') + '<w:r><w:tab/></w:r>' + run('18 000'))],
      ]),
    });
    const a = r.answers.get('I.a')!.content[0]!;
    expect(a.type === 'paragraph' && a.content).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'text', text: 'law 02-03', marks: [{ type: 'link', attrs: { href: 'https://example.org/law-02-03' } }] },
      { type: 'text', text: ' and annex 2.' },
    ]);
    expect(answers(r)['I.b']).toBe('Ministry of the Interior\nMinistry of Labour\nMinistry of Health');
    expect(answers(r)['I.c']).toMatch(/^2019\s+18 000$/);
  });

  it('reads through smart tags and custom XML', async () => {
    const r = await read({
      body: section('I', [['I.a', para(`<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City">${run('Rabat')}</w:smartTag>` + run(' and ') + `<w:customXml w:uri="urn:gcm" w:element="region">${run('Souss-Massa')}</w:customXml>` + run('.'))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Rabat and Souss-Massa.' });
  });

  it('reads a text box once (the fallback of its alternate content), as text of its question', async () => {
    const box = (t: string) =>
      `<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${textPara(t)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></mc:Choice>` +
      `<mc:Fallback><w:r><w:pict><v:shape><v:textbox><w:txbxContent>${textPara(t)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></mc:Fallback></mc:AlternateContent>`;
    const r = await read({ namespaces: DRAWING_NS, body: section('I', [['I.a', para(run('Figures below.') + box('Box: 18 000 regularised in 2014.'))]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Figures below.\n\nBox: 18 000 regularised in 2014.' });
  });
});

describe('text boxes, equations and notes that mammoth alone drops', () => {
  const drawnBox = (t: string) => `<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${textPara(t)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`;
  it('reads a text box written only as DrawingML, with or without alternate content around it', async () => {
    const r = await read({
      namespaces: DRAWING_NS,
      body: section('I', [
        ['I.a', para(run('Figures below.') + `<mc:AlternateContent><mc:Choice Requires="wps">${drawnBox('Box in a choice without fallback.')}</mc:Choice></mc:AlternateContent>`)],
        ['I.b', para(run('See the box.') + drawnBox('A drawn box.'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Figures below.\n\nBox in a choice without fallback.', 'I.b': 'See the box.\n\nA drawn box.' });
  });

  it('keeps an equation as its text on one line', async () => {
    const math = '<m:oMath><m:r><m:t>x=5%</m:t></m:r></m:oMath>';
    const frac = '<m:oMathPara><m:oMath><m:f><m:num><m:r><m:t>18 000</m:t></m:r></m:num><m:den><m:r><m:t>2</m:t></m:r></m:den></m:f><m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></m:oMathPara>';
    const r = await read({ namespaces: `${DRAWING_NS} xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`, body: section('I', [['I.a', para(run('Rate: ') + math + run(' overall.')) + para(frac)]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Rate: x=5% overall.\n\n(18 000)/(2)x^2' });
  });

  it('keeps what a field shows inside a footnote', async () => {
    const footnotes = notesPart('footnote', { 1: `${run(' Decree of ')}<w:fldSimple w:instr=" DATE \\@ yyyy ">${run('2019')}</w:fldSimple>${run('.')}` });
    const r = await read({ footnotes, body: section('I', [['I.a', para(run('Adopted') + noteRef('footnote', 1) + run('.'))]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Adopted[1].\n\n[1] Decree of 2019.' });
  });

});

describe('content controls (a questionnaire sent as a Word form)', () => {
  it('reads content controls around paragraphs, runs, rows and cells', async () => {
    const sdt = (xml: string) => `<w:sdt><w:sdtPr><w:alias w:val="Answer"/></w:sdtPr><w:sdtContent>${xml}</w:sdtContent></w:sdt>`;
    const row = (q: string, cell: string) => `<w:tr><w:tc>${textPara(questionLine(q))}</w:tc>${cell}</w:tr>`;
    const r = await read({
      body:
        textPara(sectionTitle('I')) +
        `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>${sdt(row('I.a', `<w:tc>${sdt(textPara('Block control.'))}${para(sdt(run('Inline control')) + run(' and its tail.'))}</w:tc>`))}${row('I.b', sdt(`<w:tc>${textPara('A cell control.')}</w:tc>`))}</w:tbl>`,
    });
    expect(answers(r)).toEqual({ 'I.a': 'Block control.\n\nInline control and its tail.', 'I.b': 'A cell control.' });
  });

  it('does not take an empty control’s placeholder ("Click or tap here to enter text.") for an answer', async () => {
    const placeholder = `<w:sdt><w:sdtPr><w:id w:val="-1"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder><w:showingPlcHdr/></w:sdtPr><w:sdtContent>${para(run('Click or tap here to enter text.', '<w:rStyle w:val="PlaceholderText"/>'))}</w:sdtContent></w:sdt>`;
    const r = await read({ body: section('I', [['I.a', textPara('Answered.')], ['I.b', placeholder], ['I.c', para(run('Also answered.'))]]) });
    expect(answers(r)).toEqual({ 'I.a': 'Answered.', 'I.c': 'Also answered.' });
    expect(everything(r)).not.toContain('Click or tap');
  });

  it('keeps check boxes as ☒ and ☐ (a "Yes / No" answer is not lost)', async () => {
    const box = (on: boolean) =>
      `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="${on ? 1 : 0}"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>${on ? '☒' : '☐'}</w:t></w:r></w:sdtContent></w:sdt>`;
    const legacy = (on: boolean) =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/><w:default w:val="${on ? 1 : 0}"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const r = await read({ namespaces: W14, body: section('I', [['I.a', para(box(true) + run(' Yes ') + box(false) + run(' No'))], ['I.b', para(legacy(false) + run(' Yes ') + legacy(true) + run(' No'))]]) });
    expect(answers(r)).toEqual({ 'I.a': '☒ Yes ☐ No', 'I.b': '☐ Yes ☒ No' });
  });
});

describe('notes and comments', () => {
  it('numbers footnotes 1, 2 and endnotes i, ii as the reader sees them, whatever their ids', async () => {
    const r = await read({
      footnotes: notesPart('footnote', { 7: run(' Footnote seven.'), 3: run(' Footnote three.') }),
      endnotes: notesPart('endnote', { 5: run(' Endnote five.') }),
      body: section('I', [['I.a', para(run('First') + noteRef('footnote', 7) + run(', second') + noteRef('footnote', 3) + run(', end') + noteRef('endnote', 5) + run('.'))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'First[1], second[2], end[i].\n\n[1] Footnote seven.\n\n[2] Footnote three.\n\n[i] Endnote five.' });
    expect(r.footnotesKept).toBe(3);
  });

  it('keeps notes whose marks follow each other ("text[1][2]"), each at the end of the answer', async () => {
    const r = await read({
      footnotes: notesPart('footnote', { 1: run(' Decree 2-19-123.'), 2: run(' Law 02-03.') }),
      body: section('I', [['I.a', para(run('Two texts') + noteRef('footnote', 1) + noteRef('footnote', 2) + run(' apply.'))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Two texts[1][2] apply.\n\n[1] Decree 2-19-123.\n\n[2] Law 02-03.' });
    expect(r.unplaced).toEqual([]);
  });

  it('keeps the words of a comment apart across its line breaks and tabs', async () => {
    const r = await read({
      comments: commentsPart({ 4: ['Amina El Idrissi', '2021-03-01T09:00:00Z', [run('Check this') + '<w:r><w:br/></w:r>' + run('and that:') + '<w:r><w:tab/></w:r>' + run('2019.'), run('Second paragraph.')]] }),
      body: section('I', [['I.a', para(commented(4, run('A national commission.')))]]),
    });
    expect(r.wordComments).toEqual([{ id: '4', author: 'Amina El Idrissi', date: '2021-03-01T09:00:00.000Z', text: 'Check this and that: 2019.\nSecond paragraph.' }]);
    expect(r.comments.get('4')).toBe('I.a');
  });
});

describe('comment threads', () => {
  const comments: Record<number, [string, string, string[]]> = {
    4: ['Amina El Idrissi', '2021-03-01T09:00:00Z', [run('Which year?')]],
    5: ['Jean Relecteur', '2021-03-02T10:00:00Z', [run('2019, see the decree.')]],
  };
  const body = section('I', [['I.a', para(`<w:commentRangeStart w:id="4"/><w:commentRangeStart w:id="5"/>${run('A national commission.')}<w:commentRangeEnd w:id="4"/><w:r><w:commentReference w:id="4"/></w:r><w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r>`)]]);

  it('reads a reply with the comment it answers (commentsExtended.xml)', async () => {
    const r = await read({ comments: commentsPart(comments), commentsExtended: commentThreads(comments, { 5: 4 }), body });
    expect(r.wordComments.map((c) => [c.id, c.parentId, r.comments.get(c.id)])).toEqual([
      ['4', undefined, 'I.a'],
      ['5', '4', 'I.a'],
    ]);
  });

  it('stores the reply under its comment, one thread on the question', async () => {
    const s = makeServices();
    const bytes = await ooxmlDocx({ comments: commentsPart(comments), commentsExtended: commentThreads(comments, { 5: 4 }), body });
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'threads.docx' });
    const threads = await invoke(s.handlers, 'listComments', { draftId: res.draft.id, field: 'I.a' });
    expect(threads.map((c) => [c.body, c.authorName, c.depth])).toEqual([
      ['Which year?', 'Amina El Idrissi', 0],
      ['2019, see the decree.', 'Jean Relecteur', 1],
    ]);
  });
});

describe('comment authors', () => {
  it('are one clean line: no bidi override turning a name around, no line break, at most 200 characters (ar, fr)', async () => {
    const s = makeServices();
    const comments: Record<number, [string, string, string[]]> = {
      1: ['\u202eأمينة الإدريسي\u202c\u200f', '2021-03-01T09:00:00Z', [run('أي سنة؟')]],
      2: ['Jean\n\tRelecteur\u2066', '2021-03-02T10:00:00Z', [run('Voir le décret.')]],
      3: ['x'.repeat(300_000), '2021-03-03T10:00:00Z', [run('Long.')]],
    };
    const bytes = await ooxmlDocx({ comments: commentsPart(comments), body: section('I', [['I.a', para(commented(1, commented(2, commented(3, run('Une commission nationale.')))))]], 'fr') });
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'auteurs.docx' });
    expect(res.report.comments.map((c) => c.author)).toEqual(['أمينة الإدريسي', 'Jean Relecteur', 'x'.repeat(200)]);
    const threads = await invoke(s.handlers, 'listComments', { draftId: res.draft.id, field: 'I.a' });
    expect(threads.map((c) => c.authorName).sort()).toEqual(['Jean Relecteur', 'x'.repeat(200), 'أمينة الإدريسي']);
  });
});

describe('check-box bullets', () => {
  it('keeps a bullet list’s check boxes (☒ / ☐ glyphs, Wingdings 254 / 168) as the text of its items', async () => {
    const box = (text: string, font: string) => `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="${text}"/><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:hint="default"/></w:rPr></w:lvl>`;
    const nums = numbering({ 1: box('☒', 'MS Gothic'), 2: box('☐', 'MS Gothic'), 3: box('\uF0FE', 'Wingdings'), 4: box('\uF0A8', 'Wingdings'), 5: level(0, 'bullet', '•') }, { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 });
    const r = await read({
      numbering: nums,
      body: section('I', [['I.c', textPara('Entities involved:') + textPara('Ministry of the Interior', numPr(1)) + textPara('Ministry of Health', numPr(2)) + textPara('Ministry of Labour', numPr(3)) + textPara('Ministry of Justice', numPr(4)) + textPara('An ordinary bullet', numPr(5))]]),
    });
    expect(answers(r)).toEqual({ 'I.c': 'Entities involved:\n\n- ☒ Ministry of the Interior\n- ☐ Ministry of Health\n- ☑ Ministry of Labour\n- ☐ Ministry of Justice\n- An ordinary bullet' });
  });
});

describe('French and Arabic documents', () => {
  it('matches French questions typed with straight apostrophes and non-breaking spaces, and keeps the answer’s typography exactly', async () => {
    const typed = (id: string) => questionLine(id, 'fr').replace(/’/g, "'").replace(/ ([?:;!])/g, '\u00a0$1');
    const answer = 'Le ministère s’est engagé\u00a0: l’État a réuni «\u00a0les acteurs\u00a0» le 2\u202fmars.';
    const r = await read({ body: textPara(sectionTitle('I', 'fr')) + table([[textPara(typed('I.a')), textPara(answer)], [textPara(typed('I.b')), textPara("L'examen relevait de la Délégation interministérielle.")]], ['Questions', 'Réponses']) });
    expect(answers(r)).toEqual({ 'I.a': answer, 'I.b': "L'examen relevait de la Délégation interministérielle." });
    expect(r.unplaced).toEqual([]);
  });

  it('places right-to-left Arabic answers under Arabic questions (w:bidi paragraphs, w:rtl runs, marks Word inserts)', async () => {
    const rtl = (t: string) => para(run(t, '<w:rFonts w:cs="Arial"/><w:rtl/>'), '<w:bidi/><w:jc w:val="right"/>');
    const r = await read({
      body:
        rtl(sectionTitle('I', 'ar')) +
        `<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>` +
        `<w:tr><w:tc>${rtl(questionLine('I.a', 'ar').replace('أُنشئت', 'أنشئت'))}</w:tc><w:tc>${rtl('نعم، أُنشئت لجنة وطنية\u200f برئاسة وزارة الخارجية.')}</w:tc></w:tr>` +
        `<w:tr><w:tc>${rtl(questionLine('I.c', 'ar'))}</w:tc><w:tc>${rtl('وزارة الداخلية') + rtl('وزارة الشغل')}</w:tc></w:tr></w:tbl>`,
    });
    expect(answers(r)).toEqual({ 'I.a': 'نعم، أُنشئت لجنة وطنية\u200f برئاسة وزارة الخارجية.', 'I.c': 'وزارة الداخلية\n\nوزارة الشغل' });
  });

  it('keeps text inside right-to-left embeddings and overrides (w:dir, w:bdo)', async () => {
    const r = await read({ body: section('I', [['I.a', para(run('اللجنة الوطنية ', '<w:rtl/>') + `<w:dir w:val="rtl">${run('برئاسة الوزارة', '<w:rtl/>')}</w:dir>` + run(' و ') + `<w:bdo w:val="ltr">${run('CNDH 2019')}</w:bdo>` + run('.'), '<w:bidi/>')]], 'ar') });
    expect(answers(r)).toEqual({ 'I.a': 'اللجنة الوطنية برئاسة الوزارة و CNDH 2019.' });
  });
});

describe('lists and tables', () => {
  it('keeps several numbering levels from numbering.xml as nested lists, numbered and bulleted', async () => {
    const nums = numbering({ 1: level(0, 'decimal', '%1.') + level(1, 'decimal', '%1.%2.') + level(2, 'lowerLetter', '(%3)'), 2: level(0, 'bullet', '•') + level(1, 'bullet', 'o') + level(2, 'bullet', '▪') }, { 5: 1, 6: 2 });
    const r = await read({
      numbering: nums,
      body: section('I', [['I.a', textPara('Measures:') + textPara('Coordination', numPr(5, 0)) + textPara('Steering committee', numPr(5, 1)) + textPara('Meets twice a year', numPr(5, 2)) + textPara('Data', numPr(5, 0)) + textPara('Partners:') + textPara('IOM', numPr(6, 0)) + textPara('Regional office', numPr(6, 1)) + textPara('UNHCR', numPr(6, 0))]]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Measures:\n\n1. Coordination\n  1. Steering committee\n    1. Meets twice a year\n2. Data\n\nPartners:\n\n- IOM\n  - Regional office\n- UNHCR' });
  });

  it('reads a question cell merged down over several answer rows, and a section heading spanning the table', async () => {
    const vm = (restart: boolean, xml: string) => `<w:tc><w:tcPr><w:vMerge${restart ? ' w:val="restart"' : ''}/></w:tcPr>${xml}</w:tc>`;
    const r = await read({
      body:
        '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>' +
        `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${textPara(sectionTitle('I'))}</w:tc></w:tr>` +
        `<w:tr>${vm(true, textPara(questionLine('I.a')))}<w:tc>${textPara('First part.')}</w:tc></w:tr>` +
        `<w:tr>${vm(false, '<w:p/>')}<w:tc>${textPara('Second part.')}</w:tc></w:tr>` +
        `<w:tr><w:tc>${textPara(questionLine('I.b'))}</w:tc><w:tc>${textPara('Answer b.')}</w:tc></w:tr></w:tbl>`,
    });
    expect(answers(r)).toEqual({ 'I.a': 'First part.\n\nSecond part.', 'I.b': 'Answer b.' });
  });

  it('keeps a table in an answer; a table nested in one of its cells is flattened into that cell, its text kept', async () => {
    const inner = table([[textPara('Casablanca'), textPara('12 000')]]);
    const r = await read({ body: section('I', [['I.a', textPara('Figures:') + table([[textPara('Year'), textPara('Regions')], [textPara('2019'), inner]])]]) });
    const doc = r.answers.get('I.a')!;
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'table']);
    const t = doc.content[1]!;
    expect(t.type === 'table' && t.content.map((row) => row.content.map((c) => docText({ type: 'doc', content: c.content })))).toEqual([
      ['Year', 'Regions'],
      ['2019', 'Casablanca\n12 000'],
    ]);
  });
});

describe('packages from other tools', () => {
  it('reads a minimal package without styles.xml (as Google Docs-like converters write): headings are then plain paragraphs, still matched', async () => {
    const r = await read({
      minimal: true,
      body: textPara('Cover note from the ministry.') + textPara(sectionTitle('I'), '<w:pStyle w:val="Heading1"/>') + textPara(questionLine('I.a'), '<w:pStyle w:val="Heading2"/>') + textPara('A national committee.') + textPara(question('I.b').text, '<w:pStyle w:val="Heading2"/>') + textPara('The Ministry of Foreign Affairs.'),
    });
    expect(answers(r)).toEqual({ 'I.a': 'A national committee.', 'I.b': 'The Ministry of Foreign Affairs.' });
    expect(r.unplaced.map((u) => u.text)).toEqual(['Cover note from the ministry.']);
  });

  it('reports content a web system embedded as HTML (w:altChunk), which it cannot read, in the tray', async () => {
    const r = await read({ chunks: { chunk1: '<html><body><p>Answers written online.</p></body></html>' }, body: section('I', [['I.a', textPara('Answered in Word.')]]) + '<w:altChunk r:id="chunk1"/>' });
    expect(answers(r)).toEqual({ 'I.a': 'Answered in Word.' });
    expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([['chunk1.html', ALT_CHUNK_REASON]]);
    expect(storedText(ALT_CHUNK_REASON)?.messageKey).toBe('unplaced.altChunk');
  });

  it('reads Strict OOXML (ISO 29500 strict namespaces)', async () => {
    const nums = numbering({ 1: level(0, 'lowerLetter', '%1)') }, { 3: 1 }, true);
    const r = await read({ strict: true, numbering: nums, body: textPara(sectionTitle('II')) + table([[textPara(question('II.a').text, numPr(3)), textPara('With employers and associations.')], [textPara(question('II.b').text, numPr(3)), textPara('Through the SDG plan.')]]) });
    expect(answers(r)).toEqual({ 'II.a': 'With employers and associations.', 'II.b': 'Through the SDG plan.' });
  });
});

describe('hidden text (w:vanish)', () => {
  it('keeps text Word does not show out of the answer, and puts it in the tray, one item per paragraph', async () => {
    const r = await read({
      body: section('I', [
        ['I.a', para(run('Shown. ') + run('Guidance: name the ', '<w:i/><w:vanish/>') + run('chair & members.', '<w:vanish w:val="true"/>') + run('Also shown.', '<w:vanish w:val="0"/>'))],
        ['I.b', textPara('Answer b.') + para(run('An old paragraph, hidden rather than deleted.', '<w:vanish/>'))],
      ]),
    });
    expect(answers(r)).toEqual({ 'I.a': 'Shown. Also shown.', 'I.b': 'Answer b.' });
    expect(r.unplaced.map((u) => [u.text, u.reason, u.source])).toEqual([
      ['Guidance: name the chair & members.', HIDDEN_REASON, 'docx:foreign hidden text 1'],
      ['An old paragraph, hidden rather than deleted.', HIDDEN_REASON, 'docx:foreign hidden text 2'],
    ]);
    expect(storedText(HIDDEN_REASON)).toEqual({ messageKey: 'unplaced.hidden', messageParams: {} });
  });
});

describe('through the service', () => {
  it('stores what the tray holds from a foreign file (hidden text, an embedded chunk) with its reason', async () => {
    const s = makeServices();
    const bytes = await ooxmlDocx({ chunks: { chunk1: '<html><body><p>Online.</p></body></html>' }, body: section('I', [['I.a', para(run('Shown. ') + run('Hidden note.', '<w:vanish/>'))]]) + '<w:altChunk r:id="chunk1"/>' });
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'foreign.docx' });
    const items = await invoke(s.handlers, 'listUnplaced', { draftId: res.draft.id });
    expect(items.map((i) => [i.text, i.reason])).toEqual([
      ['Hidden note.', HIDDEN_REASON],
      ['chunk1.html', ALT_CHUNK_REASON],
    ]);
    const d = s.drafts.get(res.draft.id);
    expect(d.fields['I.a']?.value).toEqual({ kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Shown.' }] }] } });
  });
});

/**
 * Damaged packages found by mutating real files (a footnote mark kept when its note was deleted by
 * another tool, a comment's mark without its comment, a picture whose relationship is gone, a row
 * without cells, a span of 10,000 columns, a body lost): each crashed the import with an internal
 * error, or refused the whole file. Word shows such files without the dangling marks.
 */
describe('references to what the package lacks', () => {
  const PIC_NS = `${DRAWING_NS} xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`;
  const picture = (rId: string) =>
    `<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="chart"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${rId}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
  const TEXT = { en: 'The commission meets twice a year.', fr: 'La commission se réunit deux fois par an.', ar: 'تجتمع اللجنة مرتين في السنة.' } as const;

  for (const lang of ['en', 'fr', 'ar'] as const) {
    it(`reads the answer without the marks of a missing footnote, endnote or comment and without a picture whose relationship is missing (${lang})`, async () => {
      const t = TEXT[lang];
      const r = await read({
        namespaces: PIC_NS,
        footnotes: notesPart('footnote', { 1: run(' Kept note.') }),
        body: section('I', [
          ['I.a', para(run(t) + noteRef('footnote', 9) + noteRef('footnote', 0) + noteRef('endnote', 4) + noteRef('footnote', 1))],
          ['I.b', para(commented(7, run(t)) + picture('rIdGone'))],
        ], lang),
      });
      expect(answers(r)).toEqual({ 'I.a': `${t}[1]\n\n[1] Kept note.`, 'I.b': t });
      expect(r.pictures).toEqual([]);
    });
  }

  it('reads notes and comments where the relationships say they are: retargeted to another part, their marks are dropped, the answer kept (fr, ar)', async () => {
    for (const lang of ['fr', 'ar'] as const) {
      const bytes = await ooxmlDocx({
        styles: paragraphStyles({ Heading1: 'heading 1' }),
        comments: commentsPart({ 1: ['Amina', '2026-01-01T00:00:00Z', [run('À vérifier')]] }),
        footnotes: notesPart('footnote', { 1: run(' Décret 2-19-123.') }),
        body: section('I', [['I.a', para(commented(1, run(TEXT[lang])) + noteRef('footnote', 1))]], lang),
      });
      for (const [part, to] of [['comments', 'styles'], ['footnotes', 'styles'], ['comments', 'footnotes']]) {
        const items = (await unpack(bytes)).map((i) => (i.name === 'word/_rels/document.xml.rels' ? { ...i, data: Buffer.from(i.data.toString('utf8').replace(`Target="${part}.xml"`, `Target="${to}.xml"`)) } : i));
        const r = await parseDocxImport(await pack(items), ARAB_REGION_2020, 'docx:retargeted');
        expect(answers(r)['I.a'], `${part} -> ${to}`).toBe(part === 'footnotes' ? TEXT[lang] : `${TEXT[lang]}[1]\n\n[1] Décret 2-19-123.`);
      }
    }
  });

  it('drops a picture and comment marks whose part declares another namespace than the one mammoth reads (a damaged declaration), the answer kept', async () => {
    const bytes = await ooxmlDocx({
      namespaces: PIC_NS,
      media: { rIdPic: pngBytes(4, 4) },
      comments: commentsPart({ 1: ['Amina', '2026-01-01T00:00:00Z', [run('À vérifier')]] }),
      body: section('I', [['I.a', para(commented(1, run(TEXT.ar)) + picture('rIdPic'))]], 'ar'),
    });
    const damage = (name: string, from: string, to: string) => async (items: Array<{ name: string; data: Buffer }>) => items.map((i) => (i.name === name ? { ...i, data: Buffer.from(i.data.toString('utf8').replace(from, to)) } : i));
    const cases = [
      [damage('word/_rels/document.xml.rels', 'package/2006/relationships', 'package/20 6/relationships'), TEXT.ar, 0],
      [damage('word/comments.xml', 'wordprocessingml/2006/main', 'wordprocessingml/2006/mai'), `${TEXT.ar} [Picture 1: chart]`, 1],
    ] as const;
    for (const [edit, text, pictures] of cases) {
      const r = await parseDocxImport(await pack(await edit(await unpack(bytes))), ARAB_REGION_2020, 'docx:namespaces');
      expect(answers(r)['I.a']).toBe(text);
      expect(r.pictures.length).toBe(pictures);
    }
  });

  it('skips a table row without cells and a table without rows; a span wider than any table spans as far as one can (gridSpan 10000)', async () => {
    const r = await read({
      body:
        section('I', [['I.a', textPara('Answer a.')]], 'fr') +
        '<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid></w:tbl>' +
        `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:trPr/></w:tr><w:tr><w:tc>${textPara(questionLine('I.b', 'fr'))}</w:tc><w:tc><w:tcPr><w:gridSpan w:val="10000"/></w:tcPr>${textPara('Réponse b.')}</w:tc></w:tr></w:tbl>`,
    });
    expect(answers(r)).toEqual({ 'I.a': 'Answer a.', 'I.b': 'Réponse b.' });
    const s = makeServices();
    const figures = `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>${textPara('2019')}</w:tc><w:tc>${textPara('2020')}</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="10000"/></w:tcPr>${textPara('تسويات')}</w:tc></w:tr></w:tbl>`;
    const bytes = await ooxmlDocx({ body: textPara(sectionTitle('II', 'ar')) + textPara(questionLine('II.a', 'ar')) + textPara('الأرقام:') + figures });
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'span.docx' });
    expect(res.report.questionsFilled).toEqual(['II.a']);
    const v = (await invoke(s.handlers, 'getDraft', { draftId: res.draft.id })).fields['II.a']?.value;
    expect(v?.kind === 'answer' && v.doc.content[1]).toMatchObject({ type: 'table', content: [{}, { content: [{ attrs: { colspan: MAX_SPAN } }] }] });
  });

  it('refuses a main part without a body, saying so, the store unchanged', async () => {
    const s = makeServices();
    const before = storeSnapshot(s);
    const bytes = await ooxmlDocx({ body: textPara('x') });
    const items = (await unpack(bytes)).map((i) => (i.name === 'word/document.xml' ? { ...i, data: Buffer.from(i.data.toString('utf8').replace(/<\/?w:body>/g, '')) } : i));
    await expect(invoke(s.handlers, 'importDocx', { dataBase64: (await pack(items)).toString('base64'), fileName: 'nobody.docx' })).rejects.toMatchObject({ code: 'bad_file', message: expect.stringContaining('has no body (w:body)') });
    expect(storeSnapshot(s)).toBe(before);
  });
});
