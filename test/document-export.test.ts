/**
 * Issue 8: the exported review in its document language. An Arabic draft's DOCX has right-to-left
 * tables (bidiVisual), bidi paragraphs, the complex-script font at 12 pt on Arabic runs and Arabic
 * furniture; a French draft has French furniture. LibreOffice opens both (converted to PDF, read
 * back with pdftotext), and the print HTML carries the same words and direction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices, type Services } from '../main/services';
import { documentText, dateInWords, fill } from '../shared/document-text';
import type { Doc, ListItem } from '../shared/doc';
import { ARAB_REGION_2020, localizeTemplate, objectiveField, principleField } from '../shared/template';
import { zipText } from './bundle-tools';
import { officeConvertAll, pdfText, pdfWords, type PdfWord } from './office';
import { pngBytes } from './picture-fixtures';
import { readOoxml, section } from './word/read';
import { CS_FONT } from '../main/interchange/docx-export';
import { textPara } from './word/ooxml-parts';
import { execFileSync } from 'node:child_process';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/**
 * pdftotext wraps Arabic runs in bidi controls and writes lam-alef ligatures as alef-then-lam:
 * compare Arabic text without the controls, the lams, the alefs and the vowel marks (pdftotext detaches them).
 */
const arabicKey = (s: string) => norm(s.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[\u0627\u0623\u0625\u0622\u0644\u064b-\u065f\u0670]/g, ''));
const p = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
const li = (text: string, ...rest: ListItem['content']): ListItem => ({ type: 'listItem', content: [p(text), ...rest] });
const ARABIC_ANSWER: Doc = {
  type: 'doc',
  content: [
    p('أنشأت الحكومة لجنة وطنية لتنسيق الاستعراض.'),
    p('يحدد القانون شروط دخول الأجانب وإقامتهم (loi n° 02-03)'),
    { type: 'bulletList', content: [li('وزارة الداخلية', { type: 'orderedList', content: [li('مديرية الهجرة', { type: 'bulletList', content: [li('وحدة الحدود')] })] })] },
  ],
};
const FRENCH_ANSWER: Doc = { type: 'doc', content: [p('Le ministère des Affaires étrangères a coordonné l’examen.'), { type: 'bulletList', content: [li('Ministère de l’Intérieur')] }] };

const ENGLISH_ANSWER: Doc = { type: 'doc', content: [p('The Ministry of the Interior coordinated the review.'), { type: 'bulletList', content: [li('Civil society organisations')] }] };
/** I.c's table: a header row, a row of short cells and a long one; the word in the second column must stay whole. */
const FIGURE_HEADS: Record<Lang, string[]> = {
  en: ['Year', 'Amendments', 'Participants', 'Summary of the consultation'],
  fr: ['Année', 'Modifications', 'Participants', 'Résumé de la consultation'],
  ar: ['السنة', 'التعديلات', 'المشاركون', 'ملخص المشاورات'],
};
function figures(head: string[]): Doc {
  const cell = (type: 'tableHeader' | 'tableCell', text: string) => ({ type, content: [p(text)] });
  const summary = `${head[3]} — ${'Les ateliers régionaux ont réuni les autorités locales, les syndicats et les associations de migrants. '.repeat(4)}`;
  return {
    type: 'doc',
    content: [{ type: 'table', content: [{ type: 'tableRow', content: head.map((h) => cell('tableHeader', h)) }, { type: 'tableRow', content: ['2019', head[1]!, '300', summary].map((t) => cell('tableCell', t)) }] }],
  } as Doc;
}
/**
 * A table as other tools' Word files have it, read by the import: a region's name merged down the
 * whole table (w:vMerge), a short header row (w:gridAfter), a total across two columns (w:gridSpan).
 * Imported, no row has as many cells as the table has columns.
 */
const MERGED: Record<Lang, { region: string; arrivals: string }> = {
  en: { region: 'Oriental', arrivals: 'Arrivals' },
  fr: { region: 'Oriental', arrivals: 'Arrivées' },
  ar: { region: 'الشرقية', arrivals: 'الوافدون' },
};
const MERGED_FIGURES = ['2021', '2022', '1200', '1450', '2650'];
async function importedMergedTable(lang: Lang): Promise<Doc> {
  const tc = (xml: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${xml}</w:tc>`;
  const below = tc('<w:p/>', '<w:vMerge/>');
  const [y1, y2, a, b] = MERGED_FIGURES.slice(0, 4).map((t) => tc(textPara(t)));
  const xml =
    `<w:tbl><w:tblGrid>${'<w:gridCol w:w="3000"/>'.repeat(3)}</w:tblGrid>` +
    `<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>${tc(textPara(MERGED[lang].region), '<w:vMerge w:val="restart"/>')}${tc(textPara(MERGED[lang].arrivals))}</w:tr>` +
    `<w:tr>${below}${y1}${y2}</w:tr><w:tr>${below}${a}${b}</w:tr>` +
    `<w:tr>${below}${tc(textPara(MERGED_FIGURES[4]!), '<w:gridSpan w:val="2"/>')}</w:tr></w:tbl>`;
  const doc = (await readOoxml({ body: section('I', [['I.c', xml]], lang) })).answers.get('I.c')!;
  // as imported: [region (4 rows), arrivals], [2021, 2022], [1200, 1450], [2650 (2 columns)]
  const [table] = doc.content;
  expect(table?.type === 'table' && table.content.map((r) => r.content.length)).toEqual([2, 2, 2, 1]);
  return doc;
}
/** A note longer than a third of a page in its column (its row may go on to the next page) and a short one. */
const LONG_NOTE = Array.from({ length: 30 }, (_, i) => `${i + 1}. La mesure ${i + 1} a été mise en œuvre avec les partenaires locaux.`).join(' ');

type Lang = 'ar' | 'fr' | 'en';
let dir: string;
let s: Services;
const out: Record<Lang, { id: string; docx: Buffer; xml: string; numbering: string; styles: string; core: string; pdfText: string; words: PdfWord[]; html: string; pdfImages: string }> = {} as never;
/** A picture attached to I.b (not answered): the export draws it in the answer cell. */
const CHART = pngBytes(320, 200);

async function make(lang: Lang, answer: Doc) {
  const d = await invoke(s.handlers, 'createDraft', {
    title: { ar: 'المملكة المغربية — الاستعراض الوطني 2020', fr: 'Royaume du Maroc — examen national 2020', en: 'Kingdom of Morocco — national review 2020' }[lang],
    country: { ar: 'المغرب', fr: 'Maroc', en: 'Morocco' }[lang],
    authority: { ar: 'وزارة الشؤون الخارجية', fr: 'Ministère des Affaires étrangères', en: 'Ministry of Foreign Affairs' }[lang],
    language: lang,
  });
  const save = (field: string, value: unknown) => invoke(s.handlers, 'saveField', { draftId: d.id, field, value: value as never, baseRevisionId: null });
  await save('I.a', { kind: 'answer', doc: answer });
  await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.b', name: 'chart.png', base64: CHART.toString('base64') });
  await save('I.c', { kind: 'answer', doc: { type: 'doc', content: [...figures(FIGURE_HEADS[lang]).content, ...(await importedMergedTable(lang)).content] } });
  await save(objectiveField('III.a', 1), { kind: 'objective', status: 'achieved', note: '' });
  await save(objectiveField('III.a', 2), { kind: 'objective', status: 'in_progress', note: { type: 'doc', content: [p(LONG_NOTE)] } });
  await save(objectiveField('III.a', 3), { kind: 'objective', status: 'planned', note: { type: 'doc', content: [p('Étude en cours.')] } });
  await save(principleField('III.b', 'a'), { kind: 'principle', note: { type: 'doc', content: [p(lang === 'ar' ? 'وُضع المهاجر في صلب السياسات.' : 'Migrants first.')] } });
  const r = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
  const docx = Buffer.from(r.dataBase64, 'base64');
  const file = path.join(dir, `${lang}.docx`);
  fs.writeFileSync(file, docx);
  const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id });
  const part = (name: string) => zipText(docx, name);
  out[lang] = { id: d.id, docx, xml: await part('word/document.xml'), numbering: await part('word/numbering.xml'), styles: await part('word/styles.xml'), core: await part('docProps/core.xml'), pdfText: '', words: [], html, pdfImages: '' };
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-doclang-'));
  s = createServices(path.join(dir, 'store.sqlite'));
  await invoke(s.handlers, 'setIdentity', { name: 'Amina Benali', organisation: 'Ministère des Affaires étrangères' });
  const files = [await make('ar', ARABIC_ANSWER), await make('fr', FRENCH_ANSWER), await make('en', ENGLISH_ANSWER)];
  // all opened in LibreOffice and printed to PDF in one run (its start-up is most of the time)
  const pdfs = officeConvertAll(files, 'pdf');
  (['ar', 'fr', 'en'] as const).forEach((lang, i) => {
    out[lang].pdfText = pdfText(pdfs[i]!, { layout: true });
    out[lang].words = pdfWords(pdfs[i]!);
    // the images LibreOffice drew (poppler's list: a header of two lines, then one line an image)
    out[lang].pdfImages = execFileSync('pdfimages', ['-list', pdfs[i]!], { encoding: 'utf8' });
  });
}, 400_000);

/** The paragraphs of document.xml (up to their end tag). */
const paragraphs = (xml: string) => xml.split('</w:p>');
/** The III.a table (the one whose header row names the notes' column): its grid and its rows. */
function objectivesTable(lang: Lang): { grid: number[]; rows: string[] } {
  const t = out[lang].xml.split('<w:tbl>').find((q) => q.split('</w:tr>')[0]!.includes(`>${documentText(lang).notes}<`))!;
  return { grid: [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1])), rows: t.split('</w:tr>').slice(0, -1) };
}
/** The widths of the grid of the innermost table holding `word`. */
function answerTableGrid(xml: string, word: string): number[] {
  const t = xml.split('<w:tbl>').filter((q) => q.includes(word)).at(-1)!;
  return [.../<w:tblGrid>(.*?)<\/w:tblGrid>/.exec(t)![1]!.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
}
/** Whether LibreOffice laid `word` out whole (pdftotext gives Arabic words in visual order, reversed; compared by arabicKey). */
const laidOutWhole = (lang: Lang, word: string) =>
  out[lang].words.some((w) => w.text === word || (lang === 'ar' && arabicKey([...w.text].reverse().join('')) === arabicKey(word)));

describe('every language: the III.a table, answer tables, header cells, author', () => {
  for (const lang of ['ar', 'fr', 'en'] as const) {
    it(`${lang}: III.a's notes column is the widest, its number header on one line; a row with a long note may split`, () => {
      const { grid, rows } = objectivesTable(lang);
      expect(grid.reduce((a, b) => a + b, 0)).toBe(9638);
      expect(Math.max(...grid)).toBe(grid[3]); // the notes
      const row = (n: string) => rows.find((r) => r.replace(/<[^>]+>/g, '').includes(n))!;
      expect(row('mise en œuvre avec les partenaires')).not.toContain('<w:cantSplit');
      expect(row('Étude en cours.')).toContain('<w:cantSplit/>');
      expect(laidOutWhole(lang, documentText(lang).number)).toBe(true); // "الرقم", not "الرق" over "م"
    });

    it(`${lang}: an answer table's columns follow its content: words are not cut`, () => {
      const grid = answerTableGrid(out[lang].xml, '2019');
      expect(new Set(grid).size).toBeGreaterThan(1); // not equal widths
      expect(grid[3]).toBeGreaterThan(grid[0]!); // the summary's column wider than the year's
      expect(laidOutWhole(lang, FIGURE_HEADS[lang][1]!)).toBe(true); // "Amendments", "Modifications", "التعديلات": whole
    });

    it(`${lang}: a table imported with merged cells has a column for each cell start, none 0 wide; LibreOffice lays out every cell's text whole`, () => {
      const grid = answerTableGrid(out[lang].xml, MERGED[lang].arrivals);
      expect(grid).toHaveLength(3); // was 2: the columns the region's cell covers below were not counted
      for (const w of grid) expect(w).toBeGreaterThan(240 + 136 * 4); // room for "2022" (a column of 0 twips before)
      expect(grid.reduce((a, b) => a + b, 0)).toBe(9638 - 3400 - 240);
      const table = out[lang].xml.split('<w:tbl>').filter((q) => q.includes(MERGED[lang].arrivals)).at(-1)!;
      const cellWidths = [...table.matchAll(/<w:tcW [^>]*>/g)].map(([e]) => Number(/w:w="(\d+)"/.exec(e)![1]));
      expect(Math.min(...cellWidths)).toBeGreaterThan(0);
      for (const word of [MERGED[lang].region, MERGED[lang].arrivals, ...MERGED_FIGURES]) expect(laidOutWhole(lang, word), word).toBe(true);
    });

    it(`${lang}: header cells are bold, the author and last editor are the identity, the custom properties stay`, async () => {
      expect(/<w:style w:type="paragraph" w:styleId="TableHeading">.*?<\/w:style>/s.exec(out[lang].styles)![0]).toMatch(/<w:b\/>.*<w:bCs\/>/s);
      expect(out[lang].core).toContain('<dc:creator>Amina Benali (Ministère des Affaires étrangères)</dc:creator>');
      expect(out[lang].core).toContain('<cp:lastModifiedBy>Amina Benali (Ministère des Affaires étrangères)</cp:lastModifiedBy>');
      expect(await zipText(out[lang].docx, 'docProps/custom.xml')).toContain('Draft id');
    });
  }
});

afterAll(() => {
  s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Arabic review', () => {
  const x = documentText('ar');
  const t = localizeTemplate(ARAB_REGION_2020, 'ar');

  it('opens in LibreOffice; the PDF holds the Arabic furniture, headings and answers', () => {
    const text = arabicKey(out.ar.pdfText);
    const has = (word: string) => expect(text, word).toContain(arabicKey(word));
    // (the status words carry vowel marks, which pdftotext scatters: they are checked in the XML)
    for (const word of [x.questions, x.answers, x.country, x.authority, x.notAnswered, x.objective, 'المغرب', 'وزارة الشؤون الخارجية']) has(word);
    for (const word of ['أنشأت الحكومة لجنة وطنية', 'وزارة الداخلية', 'مديرية الهجرة', 'وحدة الحدود']) has(word);
    has(t.sections[1]!.title.split(' ').slice(0, 3).join(' '));
    has(dateInWords(new Date(), 'ar', 'المغرب').split(' ')[1]!); // the month in words
    expect(text).toMatch(new RegExp(`${arabicKey('الصفحة')}\\s*1\\s*${arabicKey('من')}\\s*\\d+`)); // footer: page X of Y
    expect(text).not.toMatch(/\bQuestions\b|\bAnswers\b|Not answered|Country:/);
    expect(text).not.toContain('arab-region-2020');
  });

  it('lays tables out right-to-left with bidi paragraphs, Arabic runs in the complex-script font, its text at 12 pt', () => {
    const xml = out.ar.xml;
    const tables = xml.match(/<w:tblPr>.*?<\/w:tblPr>/gs)!;
    expect(tables.length).toBeGreaterThan(5);
    for (const tp of tables) expect(tp).toContain('<w:bidiVisual/>');
    const answerPara = xml.split('</w:p>').find((q) => q.includes('أنشأت الحكومة'))!;
    expect(answerPara).toContain('<w:bidi/>');
    expect(answerPara).toContain('<w:rtl/>');
    expect(answerPara).toMatch(new RegExp(`<w:rFonts [^>]*w:cs="${CS_FONT}"`));
    expect(answerPara).not.toMatch(/<w:szCs /); // the size is the style's, for both scripts
    expect(/<w:docDefaults>.*<\/w:docDefaults>/s.exec(out.ar.styles)![0]).toMatch(/<w:sz w:val="24"\/><w:szCs w:val="24"\/>/);
    expect(xml).toContain(x.statuses.achieved);
    const heading = xml.split('</w:p>').find((q) => q.includes(t.sections[0]!.title))!;
    expect(heading).toContain('<w:bidi/>');
    // the list items of an Arabic answer are right-to-left too
    expect(xml.split('</w:p>').find((q) => q.includes('وحدة الحدود'))).toContain('<w:bidi/>');
  });

  it('the page is right-to-left (sectPr w:bidi, not in fr or en); in LibreOffice a French note keeps to the left of its cell, the page number centred', () => {
    const sectPr = (lang: Lang) => /<w:sectPr>.*?<\/w:sectPr>/s.exec(out[lang].xml)![0];
    expect(sectPr('ar')).toMatch(/<w:bidi\/><w:docGrid /);
    expect(sectPr('fr')).not.toContain('<w:bidi');
    expect(sectPr('en')).not.toContain('<w:bidi');
    // a left-to-right paragraph on the right-to-left page stays left-to-right (LibreOffice does not give it the page's direction)
    const note = out.ar.words.find((w) => w.text === 'Étude')!;
    expect(note.xMin, JSON.stringify(note)).toBeLessThan(80); // the III.a notes column is the leftmost; the page's margin is at 56.7 pt
    // the footer's "page 1 of N" in the middle of the page (595 pt wide), on the first page
    const footer = out.ar.words.filter((w) => w.page === 1 && w.yMin > 780);
    const mid = (Math.min(...footer.map((w) => w.xMin)) + Math.max(...footer.map((w) => w.xMax))) / 2;
    expect(Math.abs(mid - 297.6), JSON.stringify(footer)).toBeLessThan(15);
  });

  it('LibreOffice draws the picture attached to I.b, right-to-left in its cell', () => {
    const images = out.ar.pdfImages.trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\bimage\s+320\s+200\b/);
    expect(out.ar.xml.split('</w:p>').find((q) => q.includes('<w:drawing>'))).toContain('<w:bidi/>');
    expect(out.ar.html).toMatch(/<img class="picture" src="data:image\/png;base64,[^"]+" alt="chart" width="320" height="200">/);
    expect(out.ar.html).toContain(`<figcaption>${fill(x.figure, { n: 1, name: 'chart.png' })}</figcaption>`);
  });

  it('III.a and III.b captions and the principles\' titles are right-to-left paragraphs, though they start with a Latin label', () => {
    const para = (text: string) => paragraphs(out.ar.xml).find((q) => q.replace(/<[^>]+>/g, '').includes(text))!;
    for (const text of [`III.a ${x.objectivesCaption.split(' ')[1]}`, `III.b ${x.principlesCaption.split(' ')[1]}`, `a)\u200e ${t.principles[0]!.title}`]) {
      const q = para(text);
      expect(q, text).toContain('<w:bidi/>');
      expect(q).not.toContain('<w:bidi w:val="false"/>');
      // every run with Arabic (the tatweel of "الـ23" too) is right-to-left
      for (const [, r] of q.matchAll(/<w:r>(.*?)<\/w:r>/gs)) if (/[\u0600-\u06ff]/.test(r!)) expect(r, r).toContain('<w:rtl/>');
    }
    // LibreOffice sets the III.a caption on the right, its label at the start (was on the far left)
    const words = out.ar.words;
    const label = words.find((w) => w.text === 'III.a' && words.some((q) => q.page === w.page && Math.abs(q.yMin - w.yMin) < 2 && arabicKey([...q.text].reverse().join('')) === arabicKey('حالة')));
    expect(label!.xMin, JSON.stringify(label)).toBeGreaterThan(400);
  });

  it('numbers and bullets of right-to-left lists are inside the answer cell (LibreOffice)', () => {
    // the cell's text is right-aligned at its margin: the right edge of the first paragraph's first word
    const words = out.ar.words;
    const first = words.find((w) => arabicKey([...w.text].reverse().join('')) === arabicKey('أنشأت'))!;
    const markers = words.filter((w) => /^(•|◦|▪|\.?\d\.?)$/.test(w.text) && w.page === first.page && w.yMin > first.yMin && w.yMin < first.yMin + 120 && Math.abs(w.xMax - first.xMax) < 60);
    expect(markers.map((m) => m.text)).toEqual(expect.arrayContaining(['•', '1', '▪']));
    for (const m of markers) expect(m.xMax, JSON.stringify(m)).toBeLessThan(first.xMax - 5); // on the border before
    // Word's numbering: right-to-left lists have definitions of their own, the marker 360 twips in from the cell's start
    // (the docx library's own default definition, ●, is left aside)
    const firstLevels = (xml: string) => [...xml.matchAll(/<w:lvl w:ilvl="0"[^>]*>(?:(?!<\/w:lvl>).)*<w:lvlText w:val="(?:•|%1\.)"\/>(?:(?!<\/w:lvl>).)*<w:ind ([^>]*)\/>/gs)].map((m) => m[1]);
    expect(new Set(firstLevels(out.ar.numbering))).toEqual(new Set(['w:left="720" w:hanging="360"']));
    expect(new Set(firstLevels(out.en.numbering))).toEqual(new Set(['w:left="360" w:hanging="360"'])); // left-to-right lists as before
  });

  it('keeps internal details in the document properties', async () => {
    const core = await zipText(out.ar.docx, 'docProps/core.xml');
    const custom = await zipText(out.ar.docx, 'docProps/custom.xml');
    expect(core).toContain(x.description);
    expect(custom).toContain('arab-region-2020 1.0.0');
    expect(custom).toMatch(/2 of 23/); // I.a and I.c (I.b holds only a picture)
  });

  it('imports back: the Arabic furniture is recognised, the answer and the objective status return', async () => {
    const r = await invoke(s.handlers, 'importDocx', { dataBase64: out.ar.docx.toString('base64'), fileName: 'ar.docx' });
    expect(r.report.unplaced).toEqual([]);
    const d = s.drafts.get(r.draft.id);
    expect(d.fields['I.a']!.value).toEqual({ kind: 'answer', doc: ARABIC_ANSWER });
    expect(d.fields[objectiveField('III.a', 1)]!.value).toMatchObject({ status: 'achieved' });
    // "not answered" cells stay empty; I.b's picture comes back as its attachment, its place in the answer
    expect(Object.keys(d.fields).filter((f) => !f.includes('/'))).toEqual(['I.a', 'I.b', 'I.c']);
    expect(d.fields['I.b']!.value).toEqual({ kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '[Picture 1: chart]' }] }] } });
    expect(r.report.pictures).toEqual([{ name: 'chart.png', question: 'I.b' }]);
  });

  it('the print HTML is Arabic, right-to-left, with the same furniture', () => {
    const html = out.ar.html;
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    for (const word of [x.questions, x.answers, x.notAnswered, x.country]) expect(html).toContain(word);
    expect(html).toContain(t.sections[0]!.questions[0]!.text);
    expect(html).not.toMatch(/<(ul|ol|li)[^>]*dir=/);
    expect(html).toContain('counter(pages)');
  });
});

describe('French review', () => {
  const x = documentText('fr');
  it('opens in LibreOffice; the PDF holds French furniture and French question texts, left-to-right tables', () => {
    const text = norm(out.fr.pdfText);
    for (const word of ['Questions', 'Réponses', 'Autorité soumettant l’examen', x.notAnswered, x.statuses.achieved]) expect(text, word).toContain(word);
    // French typography in the title block: a no-break space before the colon (never a line break there)
    expect(out.fr.xml).toContain('>Pays\u00a0: <');
    expect(text).toContain('Pays : Maroc');
    expect(text).toContain('Autorité soumettant l’examen : Ministère des Affaires étrangères');
    expect(out.fr.html).toContain('<strong>Pays\u00a0:</strong> <bdi>Maroc</bdi>');
    expect(text).toContain('Le ministère des Affaires étrangères a coordonné l’examen.');
    expect(text).toContain(norm(localizeTemplate(ARAB_REGION_2020, 'fr').sections[0]!.title));
    expect(text).toMatch(/Page 1 sur \d+/);
    expect(text).toContain(dateInWords(new Date(), 'fr'));
    expect(text).not.toMatch(/Not answered|Answers|Country:/);
    expect(out.fr.xml).not.toContain('<w:bidiVisual/>');
    expect(out.fr.pdfImages.trim().split('\n').slice(2)).toHaveLength(1);
    expect(text).toContain(norm(fill(x.figure, { n: 1, name: 'chart.png' })));
  });
});
