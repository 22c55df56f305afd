/**
 * A table's header row in an answer, as other tools write it, comes back as the table's header
 * row (tableHeader cells), not as an ordinary first row of figures:
 * - LibreOffice saving HTML as .docx (a web form, an email): a <th> row inside <thead> gets
 *   w:tblHeader; a <th> row without <thead> (the usual HTML) only gets LibreOffice's "Table
 *   Heading" paragraph style; both, in a questionnaire cell and under a question paragraph (fr, ar);
 * - Word's "Repeat as header row" (w:tblHeader), and the same property explicitly off;
 * - our own export, opened and saved again by LibreOffice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocxImport, type DocxImported } from '../main/interchange/docx-import';
import { invoke } from '../main/dispatch';
import { DocSchema, type Doc, type Table } from '../shared/doc';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';
import { figuresTable, p } from './doc-fixtures';
import { makeServices } from './helpers';
import { officeConvert } from './office';
import { libreofficeDocx, libreofficeDocxAll } from './word/render-html';
import { para, run, textPara } from './word/ooxml-parts';
import { readOoxml } from './word/read';

type Lang = 'fr' | 'ar';
const HEAD: Record<Lang, [string, string]> = { fr: ['Année', 'Régularisations'], ar: ['السنة', 'التسويات'] };
const BODY: Record<Lang, [string, string]> = { fr: ['2014', '18 000'], ar: ['2014', '18000'] };
const INTRO: Record<Lang, string> = { fr: 'Les chiffres :', ar: 'الأرقام:' };

/** The tables of an answer: each row as [cell kind, text]. */
const tablesOf = (doc: Doc | undefined) =>
  (doc?.content ?? [])
    .filter((b): b is Table => b.type === 'table')
    .map((t) => t.content.map((r) => r.content.map((c) => `${c.type === 'tableHeader' ? 'th' : 'td'}:${c.content.map((f) => (f.type === 'paragraph' ? (f.content ?? []).map((i) => (i.type === 'text' ? i.text : '')).join('') : '')).join('')}`)));
const expectedTable = (lang: Lang) => [[`th:${HEAD[lang][0]}`, `th:${HEAD[lang][1]}`], [`td:${BODY[lang][0]}`, `td:${BODY[lang][1]}`]];

/** I.a and I.b in the questionnaire table (header row inside <thead>, then without), I.c and I.d as paragraphs, each answered with a table. */
function html(lang: Lang): string {
  const t = localizeTemplate(ARAB_REGION_2020, lang);
  const qs = t.sections[0]!.questions;
  const dir = lang === 'ar' ? ' dir="rtl"' : '';
  const figures = (thead: boolean) => {
    const head = `<tr>${HEAD[lang].map((h) => `<th>${h}</th>`).join('')}</tr>`;
    const body = `<tr>${BODY[lang].map((c) => `<td>${c}</td>`).join('')}</tr>`;
    return `<p>${INTRO[lang]}</p><table border="1">${thead ? `<thead>${head}</thead><tbody>${body}</tbody>` : head + body}</table>`;
  };
  return (
    `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8"></head><body${dir}><p><b>I. ${t.sections[0]!.title}</b></p>` +
    `<table border="1"><tr><td>${qs[0]!.label} ${qs[0]!.text}</td><td>${figures(true)}</td></tr><tr><td>${qs[1]!.label} ${qs[1]!.text}</td><td>${figures(false)}</td></tr></table>` +
    `<p>${qs[2]!.label} ${qs[2]!.text}</p>${figures(true)}<p>${qs[3]!.label} ${qs[3]!.text}</p>${figures(false)}</body></html>`
  );
}

const fromLibreOffice: Partial<Record<Lang, DocxImported>> = {};
beforeAll(async () => {
  const langs = ['fr', 'ar'] as const;
  const docx = libreofficeDocxAll(langs.map((lang) => ({ source: html(lang), name: `th-${lang}` })));
  for (const [i, lang] of langs.entries()) fromLibreOffice[lang] = await parseDocxImport(docx[i]!, ARAB_REGION_2020, `docx:th-${lang}`);
}, 300_000);

describe.each(['fr', 'ar'] as const)('HTML <th> rows saved as .docx by LibreOffice (%s)', (lang) => {
  it('keeps the header row as the table\'s header, with or without <thead>, in a questionnaire cell and under a question paragraph', () => {
    const r = fromLibreOffice[lang]!;
    for (const id of ['I.a', 'I.b', 'I.c', 'I.d']) expect(tablesOf(r.answers.get(id)), id).toEqual([expectedTable(lang)]);
    expect(r.unplaced).toEqual([]);
  });
});

describe('Word\'s "Repeat as header row"', () => {
  const cell = (text: string) => `<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>${textPara(text)}</w:tc>`;
  const figures = (trPr: string) =>
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>` +
    `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${HEAD.fr.map(cell).join('')}</w:tr><w:tr>${BODY.fr.map(cell).join('')}</w:tr></w:tbl>`;
  const answerTable = async (trPr: string) => {
    const q = localizeTemplate(ARAB_REGION_2020, 'fr').sections[0]!.questions[0]!;
    const r = await readOoxml({ body: para(run(`${q.label} ${q.text}`)) + textPara(INTRO.fr) + figures(trPr) });
    return tablesOf(r.answers.get('I.a'));
  };

  it('is the header row (w:tblHeader, on or w:val="true")', async () => {
    for (const trPr of ['<w:tblHeader/>', '<w:tblHeader w:val="true"/>', '<w:tblHeader w:val="1"/>']) expect(await answerTable(trPr), trPr).toEqual([expectedTable('fr')]);
  });

  it('is an ordinary row when the property is explicitly off (w:val="0", "false", "off") or absent', async () => {
    const plain = [HEAD.fr.map((h) => `td:${h}`), BODY.fr.map((c) => `td:${c}`)];
    for (const trPr of ['<w:tblHeader w:val="0"/>', '<w:tblHeader w:val="false"/>', '<w:tblHeader w:val="off"/>', '']) expect(await answerTable(trPr), trPr).toEqual([plain]);
  });
});

describe('our export, saved again by LibreOffice', () => {
  it('keeps each answer\'s table header row (fr, ar)', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'En-têtes', country: 'Maroc' });
    const answer = (lang: 'fr' | 'ar'): Doc => DocSchema.parse({ type: 'doc', content: [p(INTRO[lang]), figuresTable(lang)] });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: answer('fr') }, baseRevisionId: null });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.b', value: { kind: 'answer', doc: answer('ar') }, baseRevisionId: null });
    const out = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
    // LibreOffice will not save a .docx over itself: through its own format and back
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-th-'));
    let resaved: Buffer;
    try {
      const docx = path.join(dir, 'export.docx');
      fs.writeFileSync(docx, Buffer.from(out.dataBase64, 'base64'));
      resaved = libreofficeDocx(fs.readFileSync(officeConvert(docx, 'odt', 300_000)), 'resaved', 'odt');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const r = await parseDocxImport(resaved, ARAB_REGION_2020, 'docx:resaved');
    for (const [id, lang] of [['I.a', 'fr'], ['I.b', 'ar']] as const) {
      const [table] = tablesOf(r.answers.get(id));
      expect(table?.[0], id).toEqual(figuresTable(lang).content[0]!.content.map((c) => `th:${(c.content[0] as { content: Array<{ text: string }> }).content[0]!.text}`));
      expect(table?.slice(1).every((row) => row.every((c) => c.startsWith('td:'))), id).toBe(true);
    }
  }, 300_000);
});
