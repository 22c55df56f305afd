/**
 * Word import against the varied fixtures of test/fixtures/word/ (docx library, LibreOffice,
 * hand-written OOXML; English, French, Arabic; table and headings layouts; typed, automatic and
 * missing labels; reworded questions; bilingual headers): every answer line under its question
 * with its list depth, nothing lost, and what could not be placed in the tray with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocxImport, type DocxImported } from '../main/interchange/docx-import';
import { docText, type Doc } from '../shared/doc';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020 } from '../shared/template';
import { invoke } from '../main/dispatch';
import { storedFixtures, type StoredFixture } from './word/fixtures';
import { scoreImport } from './word/score';
import { DELETED_TEXT } from './word/render-ooxml';
import { cli, makeServices, tempDir } from './helpers';

const fixtures = storedFixtures();
const results = new Map<string, DocxImported>();
beforeAll(async () => {
  for (const f of fixtures) results.set(f.name, await parseDocxImport(f.bytes, ARAB_REGION_2020, `docx:${f.name}`));
}, 120_000);
const get = (name: string) => ({ f: fixtures.find((x) => x.name === name)!, r: results.get(name)! });
const allText = (r: DocxImported) => [...r.answers.values()].map(docText).join('\n') + '\n' + r.unplaced.map((u) => u.text).join('\n');

describe('Word fixtures: placement, nothing lost', () => {
  it('has fixtures from four tools in three languages', () => {
    expect(new Set(fixtures.map((f) => f.tool))).toEqual(new Set(['docx', 'libreoffice', 'pandoc', 'ooxml']));
    expect(new Set(fixtures.map((f) => f.model.lang))).toEqual(new Set(['en', 'fr', 'ar']));
  });

  for (const name of fixtures.map((f) => f.name))
    it(`${name}: answer lines under the right question, none lost or misplaced`, () => {
      const { f, r } = get(name);
      const s = scoreImport(f.model, r);
      expect(s.lost).toBe(0);
      expect(s.misplaced).toBe(0);
      expect(s.placed / s.expected).toBeGreaterThanOrEqual(0.98);
      // the numbering labels' private marks never leak into text
      expect(allText(r)).not.toMatch(/[\uE000\uE001]/);
      // header rows in any language are not answer text
      expect([...r.answers.values()].map(docText).join('\n')).not.toMatch(/^(?:Questions|Answers|Réponses|الأسئلة|الإجابات)\b/mu);
    });
});

describe('what the import keeps and reports', () => {
  it('keeps a table inside an answer as a table with its header row', () => {
    const { r } = get('docx-en-table-typed');
    const doc = r.answers.get('I.d')!;
    const table = doc.content.find((b) => b.type === 'table');
    expect(table?.type).toBe('table');
    if (table?.type !== 'table') return;
    expect(table.content[0]!.content.map((c) => c.type)).toEqual(['tableHeader', 'tableHeader']);
    expect(table.content.map((row) => row.content.map((c) => docText({ type: 'doc', content: c.content })))).toEqual([
      ['Year', 'Beneficiaries'],
      ['2014', '17003'],
      ['2017', '28003'],
      ['Total', '45006'],
    ]);
  });

  it('keeps tables from LibreOffice and hand-written OOXML too', () => {
    for (const name of ['lo-fr-table-auto', 'ooxml-ar-table']) {
      const { r } = get(name);
      const tables = [...r.answers.values()].flatMap((d) => d.content.filter((b) => b.type === 'table'));
      expect(tables.length, name).toBeGreaterThanOrEqual(3);
    }
  });

  it('turns pictures into attachments of their question and says where they were', () => {
    const { r } = get('docx-en-table-typed');
    expect(r.pictures.map((p) => [p.name, r.images.get(p.index)])).toEqual([
      ['Chart of regularisations I.e.png', 'I.e'],
      ['Chart of regularisations II.d.png', 'II.d'],
      ['Chart of regularisations III.d.png', 'III.d'],
    ]);
    expect(r.pictures[0]!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(docText(r.answers.get('I.e')!)).toContain('[Picture 1: Chart of regularisations I.e]');
  });

  it('keeps footnotes with their question, as notes at the end of the answer', () => {
    const { r } = get('docx-fr-table-auto');
    const doc = r.answers.get('I.c')!;
    const last = docText({ type: 'doc', content: [doc.content[doc.content.length - 1]!] });
    expect(last).toBe('[1] Source : rapport du ministère 2014, annexe I.c.');
    expect(docText(doc)).toContain('pour I.c.[1]');
    expect(r.footnotesKept).toBe(4); // I.h, which has the fifth, is left out of this one
    expect(r.unplaced.some((u) => u.reason.includes('footnote'))).toBe(false);
  });

  it('puts a heading that is not in the template, and the text under it, in the tray; never glues them to the last answer', () => {
    for (const [name, heading, text] of [
      ['docx-en-table-typed', 'VI. Additional information on consular services', 'Consular services opened four new offices abroad.'],
      ['lo-ar-headings-typed', 'VI. معلومات إضافية حول الخدمات القنصلية', 'فتحت المصالح القنصلية أربعة مكاتب جديدة في الخارج.'],
    ] as const) {
      const { r } = get(name);
      expect(r.unplaced.find((u) => u.text === heading)?.reason, name).toBe('a heading that is not a section or question of the template');
      expect(r.unplaced.find((u) => u.text === text)?.reason, name).toMatch(/^text under a heading that is not in the template/);
      expect([...r.answers.values()].some((d) => docText(d).includes(text)), name).toBe(false);
    }
  });

  it('never continues an open sentence across a question start (Arabic has no capitals to tell)', () => {
    const { f, r } = get('docx-ar-table-auto');
    // each question's first paragraph starts its own answer, whatever the previous answer ended with
    for (const s of f.model.sections)
      for (const q of s.questions) {
        const first = (q.answer[0] as { p: string }).p;
        expect(docText(r.answers.get(q.id)!).startsWith(first), q.id).toBe(true);
      }
  });

  it('reads tracked changes: inserted text kept, deleted text never shown (stored zip entries)', () => {
    for (const name of ['ooxml-fr-table-stylenum', 'ooxml-ar-table']) {
      const { r } = get(name);
      expect(allText(r)).not.toContain(DELETED_TEXT.slice(0, 10));
    }
  });

  it('places questions no text identifies by their position in a recognised section, and reports it', () => {
    const { r } = get('ooxml-fr-table-stylenum');
    expect(r.lowConfidence.map((l) => [l.question, l.via])).toEqual([
      ['II.b', 'position'],
      ['II.c', 'position'],
    ]);
    expect(docText(r.answers.get('II.c')!)).toContain('II.c');
  });

  it('matches reworded question headings without labels', () => {
    const { f, r } = get('docx-fr-headings-nolabels');
    expect([...r.answers.keys()].sort()).toEqual(f.model.sections.flatMap((s) => s.questions.map((q) => q.id)).sort());
  });

  it('reads Word comments with their author and date; anchors decide their question; one on text under no question waits in the tray', () => {
    const { f, r } = get('docx-en-table-typed');
    const expected = f.model.sections.flatMap((s) => [
      ...(s.questions.find((q) => q.comment) ? s.questions.filter((q) => q.comment).map((q) => [q.comment!.author, q.comment!.date, q.comment!.text, q.id]) : []),
      ...s.questions.flatMap((q) => q.answer.flatMap((b) => ('p' in b && b.comment ? [[b.comment.author, b.comment.date, b.comment.text, q.id]] : []))),
    ]);
    const got = r.wordComments.filter((c) => r.comments.get(c.id)).map((c) => [c.author, c.date!.replace('.000', ''), c.text, r.comments.get(c.id)]);
    expect(got.sort()).toEqual(expected.sort());
    expect(got.length).toBeGreaterThanOrEqual(5);
    expect(got).toContainEqual(['John Reviewer', '2020-01-19T09:30:00Z', 'Please check this figure (II.a question).', 'II.a']);
    const tray = r.unplaced.find((u) => u.reason === 'a Word comment on text that is not under any question');
    expect(tray?.text).toBe('John Reviewer (2020-08-17): Please check this figure (preamble).');
    // comment marks never show in answer text
    expect([...r.answers.values()].map(docText).join('\n')).not.toMatch(/\[(AE|JR)\d+\]/);
  });

  it('makes hand-typed bullets real list items with their depth', () => {
    const { r } = get('docx-en-table-typed');
    expect(docToText(r.answers.get('I.b')!)).toContain('- Ministry of the Interior (I.b, 2007)\n  - Ministry of Labour and Professional Integration (I.b)\n- National Human Rights Council, opinion 2007');
  });
});

describe('through the service and the CLI', () => {
  it('stores pictures as attachments of their question and reports low-confidence placements on stderr', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    const s = makeServices(db);
    const res = await invoke(s.handlers, 'importDocx', { dataBase64: get('docx-en-table-typed').f.bytes.toString('base64'), fileName: 'review.docx' });
    expect(res.report.pictures).toEqual([
      { name: 'Chart of regularisations I.e.png', question: 'I.e' },
      { name: 'Chart of regularisations II.d.png', question: 'II.d' },
      { name: 'Chart of regularisations III.d.png', question: 'III.d' },
    ]);
    expect(res.report.footnotesKept).toBe(5);
    const atts = await invoke(s.handlers, 'listAttachments', { draftId: res.draft.id });
    expect(atts.map((a) => [a.field, a.name, a.mediaType])).toEqual([
      ['I.e', 'Chart of regularisations I.e.png', 'image/png'],
      ['II.d', 'Chart of regularisations II.d.png', 'image/png'],
      ['III.d', 'Chart of regularisations III.d.png', 'image/png'],
    ]);
    const opened = await invoke(s.handlers, 'openAttachment', { attachmentId: atts[0]!.id });
    expect(fs.readFileSync(opened.path).subarray(1, 4).toString()).toBe('PNG');
    // Word comments are comment threads on their question, by their author, on their date
    expect(res.report.comments.filter((c) => c.question).length).toBeGreaterThanOrEqual(5);
    const threads = await invoke(s.handlers, 'listComments', { draftId: res.draft.id, field: 'II.a' });
    expect(threads.map((c) => [c.body, c.authorName, c.createdAt.slice(0, 16), c.depth])).toContainEqual(['Please check this figure (II.a question).', 'John Reviewer', '2020-01-19T09:30', 0]);
    s.close();

    const file = path.join(dir, 'fr.docx');
    fs.writeFileSync(file, get('ooxml-fr-table-stylenum').f.bytes);
    const r = await cli(db, 'import', 'docx', file);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('low confidence: II.b placed by its position in the section (confidence 0.30)');
    expect(r.err).toContain('a heading that is not a section or question of the template');
  });
});

export type { StoredFixture, Doc };
