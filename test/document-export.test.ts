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
import { ARAB_REGION_2020, localizeTemplate, objectiveField } from '../shared/template';
import { zipText } from './bundle-tools';
import { officeConvertAll, pdfText } from './office';
import { pngBytes } from './picture-fixtures';
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
    { type: 'bulletList', content: [li('وزارة الداخلية', { type: 'orderedList', content: [li('مديرية الهجرة', { type: 'bulletList', content: [li('وحدة الحدود')] })] })] },
  ],
};
const FRENCH_ANSWER: Doc = { type: 'doc', content: [p('Le ministère des Affaires étrangères a coordonné l’examen.'), { type: 'bulletList', content: [li('Ministère de l’Intérieur')] }] };

let dir: string;
let s: Services;
const out: Record<'ar' | 'fr', { id: string; docx: Buffer; xml: string; pdfText: string; html: string; pdfImages: string }> = {} as never;
/** A picture attached to I.b (not answered): the export draws it in the answer cell. */
const CHART = pngBytes(320, 200);

async function make(lang: 'ar' | 'fr', answer: Doc) {
  const d = await invoke(s.handlers, 'createDraft', {
    title: lang === 'ar' ? 'المملكة المغربية — الاستعراض الوطني 2020' : 'Royaume du Maroc — examen national 2020',
    country: lang === 'ar' ? 'المغرب' : 'Maroc',
    authority: lang === 'ar' ? 'وزارة الشؤون الخارجية' : 'Ministère des Affaires étrangères',
    language: lang,
  });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: answer }, baseRevisionId: null });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: objectiveField('III.a', 1), value: { kind: 'objective', status: 'achieved', note: '' }, baseRevisionId: null });
  await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.b', name: 'chart.png', base64: CHART.toString('base64') });
  const r = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
  const docx = Buffer.from(r.dataBase64, 'base64');
  const file = path.join(dir, `${lang}.docx`);
  fs.writeFileSync(file, docx);
  const { html } = await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id });
  out[lang] = { id: d.id, docx, xml: await zipText(docx, 'word/document.xml'), pdfText: '', html, pdfImages: '' };
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-doclang-'));
  s = createServices(path.join(dir, 'store.sqlite'));
  const files = [await make('ar', ARABIC_ANSWER), await make('fr', FRENCH_ANSWER)];
  // both opened in LibreOffice and printed to PDF in one run (its start-up is most of the time)
  const pdfs = officeConvertAll(files, 'pdf');
  out.ar.pdfText = pdfText(pdfs[0]!, { layout: true });
  out.fr.pdfText = pdfText(pdfs[1]!, { layout: true });
  // the images LibreOffice drew (poppler's list: a header of two lines, then one line an image)
  out.ar.pdfImages = execFileSync('pdfimages', ['-list', pdfs[0]!], { encoding: 'utf8' });
  out.fr.pdfImages = execFileSync('pdfimages', ['-list', pdfs[1]!], { encoding: 'utf8' });
}, 400_000);
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
    has(dateInWords(new Date(), 'ar').split(' ')[1]!); // the month in words
    expect(text).toMatch(new RegExp(`${arabicKey('الصفحة')}\\s*1\\s*${arabicKey('من')}\\s*\\d+`)); // footer: page X of Y
    expect(text).not.toMatch(/\bQuestions\b|\bAnswers\b|Not answered|Country:/);
    expect(text).not.toContain('arab-region-2020');
  });

  it('lays tables out right-to-left with bidi paragraphs and the complex-script font at 12 pt on Arabic runs', () => {
    const xml = out.ar.xml;
    const tables = xml.match(/<w:tblPr>.*?<\/w:tblPr>/gs)!;
    expect(tables.length).toBeGreaterThan(5);
    for (const tp of tables) expect(tp).toContain('<w:bidiVisual/>');
    const answerPara = xml.split('</w:p>').find((q) => q.includes('أنشأت الحكومة'))!;
    expect(answerPara).toContain('<w:bidi/>');
    expect(answerPara).toContain('<w:rtl/>');
    expect(answerPara).toMatch(/<w:rFonts [^>]*w:cs="Arial"/);
    expect(answerPara).toContain('<w:szCs w:val="24"/>');
    expect(xml).toContain(x.statuses.achieved);
    const heading = xml.split('</w:p>').find((q) => q.includes(t.sections[0]!.title))!;
    expect(heading).toContain('<w:bidi/>');
    // the list items of an Arabic answer are right-to-left too
    expect(xml.split('</w:p>').find((q) => q.includes('وحدة الحدود'))).toContain('<w:bidi/>');
  });

  it('LibreOffice draws the picture attached to I.b, right-to-left in its cell', () => {
    const images = out.ar.pdfImages.trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\bimage\s+320\s+200\b/);
    expect(out.ar.xml.split('</w:p>').find((q) => q.includes('<w:drawing>'))).toContain('<w:bidi/>');
    expect(out.ar.html).toMatch(/<img class="picture" src="data:image\/png;base64,[^"]+" alt="chart" width="320" height="200">/);
    expect(out.ar.html).toContain(`<figcaption>${fill(x.figure, { n: 1, name: 'chart.png' })}</figcaption>`);
  });

  it('keeps internal details in the document properties', async () => {
    const core = await zipText(out.ar.docx, 'docProps/core.xml');
    const custom = await zipText(out.ar.docx, 'docProps/custom.xml');
    expect(core).toContain(x.description);
    expect(custom).toContain('arab-region-2020 1.0.0');
    expect(custom).toMatch(/1 of 23/);
  });

  it('imports back: the Arabic furniture is recognised, the answer and the objective status return', async () => {
    const r = await invoke(s.handlers, 'importDocx', { dataBase64: out.ar.docx.toString('base64'), fileName: 'ar.docx' });
    expect(r.report.unplaced).toEqual([]);
    const d = s.drafts.get(r.draft.id);
    expect(d.fields['I.a']!.value).toEqual({ kind: 'answer', doc: ARABIC_ANSWER });
    expect(d.fields[objectiveField('III.a', 1)]!.value).toMatchObject({ status: 'achieved' });
    // "not answered" cells stay empty; I.b's picture comes back as its attachment, its place in the answer
    expect(Object.keys(d.fields).filter((f) => !f.includes('/'))).toEqual(['I.a', 'I.b']);
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
