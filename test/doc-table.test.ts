import { documentText } from '../shared/document-text';
import fs from 'node:fs';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { DocSchema, docText, maxListDepth, type Doc } from '../shared/doc';
import { docToText, textToDoc } from '../shared/plaintext';
import { fillDoc, mergeDocs } from '../main/merge/doc';
import { docHtml } from '../main/interchange/print-html';
import { voiceOf } from '../shared/text-scripts';
import { exportDocx } from '../main/interchange/docx-export';
import type { ReviewDocument } from '../main/interchange/review-document';
import { docWithTable, figuresTable, p, row } from './doc-fixtures';
import { tempDir } from './helpers';
import { officeConvert } from './office';

describe('tables in the answer model', () => {
  it('accepts a table at the top level with a header row, lists in cells and spans', () => {
    const doc = docWithTable();
    expect(DocSchema.parse(doc)).toEqual(doc);
    const spanned = { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2, rowspan: 1, colwidth: null }, content: [p('wide')] }] }] }] };
    expect(DocSchema.parse(spanned)).toEqual({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 2 }, content: [p('wide')] }] }] }] });
  });

  it('drops spans of 1 and column widths (what the editor writes on every cell)', () => {
    const fromEditor = { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [p('a')] }] }] }] };
    expect(DocSchema.parse(fromEditor)).toEqual({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p('a')] }] }] }] });
  });

  it('refuses a table in a cell, a table in a list item, an empty row and an unknown cell type', () => {
    const inner = figuresTable();
    const nested = { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [inner] }] }] }] };
    expect(DocSchema.safeParse(nested).success).toBe(false);
    const inList = { type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [p('x'), inner] }] }] };
    expect(DocSchema.safeParse(inList).success).toBe(false);
    expect(DocSchema.safeParse({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [] }] }] }).success).toBe(false);
    expect(DocSchema.safeParse({ type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'td', content: [p('x')] }] }] }] }).success).toBe(false);
  });

  it('counts list depth and text inside cells', () => {
    const doc = docWithTable();
    expect(maxListDepth(doc)).toBe(1);
    expect(docText(doc)).toContain('Regularisations\n2014\n18 000');
  });

  it('reads as a pipe table in the plain-text form, and back', () => {
    const doc = docWithTable('fr');
    const text = docToText(doc);
    expect(text).toBe(
      ['Chiffres des deux campagnes :', '| Année | Régularisations |\n| --- | --- |\n| 2014 | 18 000 |\n| 2017 | 28 400 |\n| Total | Deux campagnes :\\n\\n- 2014\\n- 2017 |', 'Les chiffres viennent du ministère de l’Intérieur.'].join('\n\n'),
    );
    const back = textToDoc(text);
    // emphasis is not in plain text; everything else comes back
    expect(docToText(back)).toBe(text);
    const table = back.content[1]!;
    expect(table.type === 'table' && table.content.map((r) => r.content.map((c) => c.type).join())).toEqual(['tableHeader,tableHeader', ...Array(3).fill('tableCell,tableCell')]);
    expect(DocSchema.safeParse(back).success).toBe(true);
  });

  it('escapes pipes and backslashes in cells; a table without a header row starts with its separator', () => {
    const doc: Doc = { type: 'doc', content: [{ type: 'table', content: [row(false, 'a | b', 'c\\d')] }] };
    const text = docToText(doc);
    expect(text).toBe('| --- | --- |\n| a \\| b | c\\\\d |');
    expect(textToDoc(text)).toEqual(doc);
  });

  it('leaves lines with pipes but no separator as paragraphs', () => {
    expect(textToDoc('| not a table |').content[0]!.type).toBe('paragraph');
  });

  it('merges a table as one block: an edit on one side is taken, edits on both sides conflict', () => {
    const base = docWithTable();
    const ours: Doc = { ...base, content: [p('New intro.'), ...base.content.slice(1)] };
    const theirs: Doc = { ...base, content: [base.content[0]!, { type: 'table', content: [...figuresTable().content, row(false, '2020', '2 000')] }, base.content[2]!] };
    const m = mergeDocs(base, ours, theirs);
    expect(m.places).toEqual([]);
    expect(fillDoc(m, () => undefined)).toEqual({ ...base, content: [p('New intro.'), theirs.content[1], base.content[2]] });
    const theirs2: Doc = { ...base, content: [base.content[0]!, { type: 'table', content: [row(true, 'Year', 'Total')] }, base.content[2]!] };
    const ours2: Doc = { ...base, content: [base.content[0]!, { type: 'table', content: [row(true, 'Year', 'Sum')] }, base.content[2]!] };
    const both = mergeDocs(base, ours2, theirs2);
    expect(both.places).toHaveLength(1); // the table is one place, decided on its own
    expect(fillDoc(both, () => 'theirs')).toEqual(theirs2);
  });

  it('prints as an HTML table with header cells, in each language', () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const doc = docWithTable(lang);
      const html = docHtml(doc, lang === 'ar' ? 'rtl' : 'ltr', voiceOf(lang, 'en', doc));
      // the header row is the table's <thead> (repeated on each printed page), the rest its body
      expect(html).toMatch(/<table class="answer-table"><thead><tr><th><p[^>]*>.*?<\/tr><\/thead><tbody><tr><td>/);
      expect(html).toContain('<td><p>2014</p></td>');
      // an Arabic answer's paragraphs follow its right-to-left container (the answer cell says dir="rtl")
      if (lang === 'ar') expect(html).toContain('<th><p>السنة</p></th>');
    }
  });

  it('exports a real Word table inside the answer cell (LibreOffice reads it as a table)', async () => {
    const review: ReviewDocument = {
      title: 'T',
      language: 'en',
      dir: 'ltr',
      text: documentText('en'),
      subtitle: '',
      properties: { description: '', subject: '', keywords: '', custom: [] },
      meta: [],
      sections: [{ id: 'I', heading: 'I. Methodology', rows: [{ id: 'I.a', label: 'a)', text: 'Question?', answer: docWithTable('ar') }] }],
    };
    const bytes = await exportDocx(review);
    const dir = tempDir();
    const file = path.join(dir, 'r.docx');
    fs.writeFileSync(file, bytes);
    const html = fs.readFileSync(officeConvert(file, 'html', 120_000), 'utf8');
    // the answer table sits inside the question table's answer cell, with its rows and columns
    const dom = parseDocument(html);
    const tables = DomUtils.getElementsByTagName('table', dom);
    expect(tables).toHaveLength(2);
    const inner = tables[1]!;
    // cells as td or th: the header row's cells are in the "Table Heading" style (docx-export), which
    // LibreOffice's HTML writes as th, and also the answer cell that holds them (its HTML export's
    // way; its own model keeps that cell's paragraph an ordinary one)
    const cells = (el: Parameters<typeof DomUtils.getElementsByTagName>[1]) => DomUtils.findAll((e) => e.name === 'td' || e.name === 'th', [el].flat());
    expect(cells(tables[0]!).some((c) => DomUtils.getElementsByTagName('table', c).includes(inner))).toBe(true);
    const trs = DomUtils.getElementsByTagName('tr', inner);
    const rows = trs.map((tr) => DomUtils.findAll((e) => e.name === 'td' || e.name === 'th', tr.children).map((c) => DomUtils.textContent(c).replace(/\s+/g, ' ').trim()));
    expect(rows.slice(0, 3)).toEqual([['السنة', 'التسويات'], ['2014', '18 000'], ['2017', '28 400']]);
    expect(DomUtils.getElementsByTagName('th', trs[0]!)).toHaveLength(2); // the header row is a header
  }, 180_000);
});
