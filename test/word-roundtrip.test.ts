/**
 * Round trip: a draft whose answers hold tables, nested lists, underline, Arabic and French, taken
 * to DOCX and imported back, gives the same answers (equal documents, not just equal text).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { rewriteDocx } from '../main/interchange/docx-safety';
import type { Services } from '../main/services';
import type { FieldValue } from '../shared/contract/drafts';
import { DocSchema, docText, type Doc, type ListItem } from '../shared/doc';
import { objectiveField, principleField, questions, ARAB_REGION_2020 } from '../shared/template';
import { docWithTable, p } from './doc-fixtures';
import { cli, makeServices, tempDir } from './helpers';
import { drawings, JPEG_240x160, pngBytes } from './picture-fixtures';
import { pack, unpack, zipText } from './bundle-tools';
import { officeConvertAll } from './office';

const li = (text: string, ...rest: ListItem['content']): ListItem => ({ type: 'listItem', content: [p(text), ...rest] });

function answer(i: number): Doc {
  const lang = (['en', 'fr', 'ar'] as const)[i % 3]!;
  const base = docWithTable(lang);
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: `${lang === 'ar' ? 'الجواب' : 'Réponse'} ${i}: ` }, { type: 'text', text: 'souligné', marks: [{ type: 'underline' }] }, { type: 'text', text: ' et ' }, { type: 'text', text: 'gras', marks: [{ type: 'bold' }, { type: 'italic' }] }] },
      ...base.content,
      { type: 'bulletList', content: [li(`Niveau un ${i}`, { type: 'orderedList', content: [li('Niveau deux', { type: 'bulletList', content: [li('المستوى الثالث')] })] }), li('Second')] },
      ...(i % 2 ? [{ type: 'table' as const, content: [{ type: 'tableRow' as const, content: [{ type: 'tableCell' as const, attrs: { colspan: 2 }, content: [p('Sans en-tête, fusionnée')] }] }, { type: 'tableRow' as const, content: [{ type: 'tableCell' as const, content: [p('a')] }, { type: 'tableCell' as const, content: [p('ب')] }] }] }] : []),
    ],
  };
}

describe('DOCX round trip with tables', () => {
  it('exports and imports every answer equal: tables (header rows, spans, lists in cells), nested lists, underline, Arabic, French', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Aller-retour', country: 'Maroc' });
    const qs = questions(ARAB_REGION_2020);
    const sent = new Map<string, Doc>();
    for (const [i, q] of qs.entries()) {
      const doc = DocSchema.parse(answer(i));
      sent.set(q.id, doc);
      await invoke(s.handlers, 'saveField', { draftId: d.id, field: q.id, value: { kind: 'answer', doc }, baseRevisionId: null });
    }
    const out = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
    const back = await invoke(s.handlers, 'importDocx', { dataBase64: out.dataBase64, fileName: 'aller-retour.docx' });
    expect(back.report.questionsFilled).toEqual(qs.map((q) => q.id));
    expect(back.report.unplaced).toEqual([]);
    expect(back.report.lowConfidence).toEqual([]);
    const draft = await invoke(s.handlers, 'getDraft', { draftId: back.draft.id });
    for (const q of qs) {
      const v = draft.fields[q.id]?.value;
      expect(v?.kind === 'answer' ? v.doc : null, q.id).toEqual(sent.get(q.id));
    }
  }, 120_000);
});

describe('DOCX round trip with pictures', () => {
  it('a picture in its placeholder and one after the answer come back once each, as attachments with their bytes, and export again alike', async () => {
    const s = makeServices();
    const chart = pngBytes(600, 300);
    const d = await invoke(s.handlers, 'createDraft', { title: 'Aller-retour images', country: 'Maroc', language: 'fr' });
    const doc = DocSchema.parse({ type: 'doc', content: [p('Organisation du comité :'), p('[Picture 1: Organigramme]'), p('Fin de la réponse.')] });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc }, baseRevisionId: null });
    await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'Organigramme.png', base64: chart.toString('base64') });
    await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'carte des flux.jpg', base64: JPEG_240x160.toString('base64') });

    const first = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
    const back = await invoke(s.handlers, 'importDocx', { dataBase64: first.dataBase64, fileName: 'images.docx' });
    expect(back.report.pictures).toEqual([
      { name: 'Organigramme.png', question: 'I.a' },
      { name: 'carte des flux.jpg', question: 'I.a' },
    ]);
    const atts = await invoke(s.handlers, 'listAttachments', { draftId: back.draft.id });
    expect(atts.map((a) => [a.field, a.name, a.mediaType])).toEqual([
      ['I.a', 'Organigramme.png', 'image/png'],
      ['I.a', 'carte des flux.jpg', 'image/jpeg'],
    ]);
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    expect(atts.map((a) => a.sha256)).toEqual([sha(chart), sha(JPEG_240x160)]);
    // the answer: the text, the first picture's placeholder where it was, the second's after it; no caption text
    const draft = await invoke(s.handlers, 'getDraft', { draftId: back.draft.id });
    const v = draft.fields['I.a']?.value;
    const text = v?.kind === 'answer' ? v.doc.content.map((b) => (b.type === 'paragraph' ? (b.content ?? []).map((n) => (n.type === 'text' ? n.text : '')).join('').trim() : '')) : [];
    expect(text).toEqual(['Organisation du comité :', '[Picture 1: Organigramme]', 'Fin de la réponse.', '[Picture 2: carte des flux]']);

    // exported again: both pictures in their places, each once
    const second = Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: back.draft.id })).dataBase64, 'base64');
    expect((await unpack(second)).filter((e) => e.name.startsWith('word/media/'))).toHaveLength(2);
    const xml = await zipText(second, 'word/document.xml');
    expect(drawings(xml).map((g) => g.descr)).toEqual(['Organigramme', 'carte des flux']);
    expect(xml.replace(/<[^>]+>/g, '')).not.toContain('[Picture');
  }, 60_000);

  it("a picture inside an objective's note comes back as an attachment of III.a, its placeholder in the note (it was dropped and reported as not placed)", async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Image dans une note', country: 'Maroc', language: 'fr' });
    const flux = pngBytes(300, 200);
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: DocSchema.parse({ type: 'doc', content: [p('[Picture 1: Carte des flux]')] }) }, baseRevisionId: null });
    await invoke(s.handlers, 'addAttachmentData', { draftId: d.id, field: 'I.a', name: 'Carte des flux.png', base64: flux.toString('base64') });
    const note = DocSchema.parse({ type: 'doc', content: [p('Voir la carte NOTE-ICI')] });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: objectiveField('III.a', 7), value: { kind: 'objective', status: 'in_progress', note }, baseRevisionId: null });
    // the picture's run moved from I.a's cell into objective 7's note, as a department would paste it there
    const items = await unpack(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: d.id })).dataBase64, 'base64'));
    const main = items.find((i) => i.name === 'word/document.xml')!;
    let xml = main.data.toString('utf8');
    const at = xml.indexOf('<w:drawing>');
    const [from, to] = [Math.max(xml.lastIndexOf('<w:r>', at), xml.lastIndexOf('<w:r ', at)), xml.indexOf('</w:r>', at) + '</w:r>'.length];
    const drawingRun = xml.slice(from, to);
    xml = xml.slice(0, from) + xml.slice(to);
    const marker = xml.indexOf('NOTE-ICI');
    const runEnd = xml.indexOf('</w:r>', marker) + '</w:r>'.length;
    xml = xml.slice(0, runEnd) + drawingRun + xml.slice(runEnd);
    main.data = Buffer.from(xml, 'utf8');
    const moved = await pack(items.map((i) => ({ ...i, compress: true })));

    const back = await invoke(s.handlers, 'importDocx', { dataBase64: moved.toString('base64'), fileName: 'note.docx' });
    expect(back.report.pictures).toEqual([{ name: 'Carte des flux.png', question: 'III.a' }]);
    const atts = await invoke(s.handlers, 'listAttachments', { draftId: back.draft.id });
    expect(atts.map((a) => [a.field, a.name, a.sha256])).toEqual([['III.a', 'Carte des flux.png', crypto.createHash('sha256').update(flux).digest('hex')]]);
    const v = (await invoke(s.handlers, 'getDraft', { draftId: back.draft.id })).fields[objectiveField('III.a', 7)]?.value;
    expect(v?.kind === 'objective' ? docText(v.note) : '').toMatch(/^Voir la carte NOTE-ICI\s*\[Picture 1: Carte des flux\]$/);
  }, 60_000);
});

/**
 * What the app itself exported comes back whole: the draft's title, country, submitting authority
 * and document language (from our properties, else the title block), and rich objective and
 * principle notes (paragraphs, lists, bold, links, a table), in each document language; also
 * after LibreOffice saved the file again, and with our properties gone (the title block alone).
 */
type Lang = 'en' | 'fr' | 'ar';
const IDENTITY: Record<Lang, { title: string; country: string; authority: string }> = {
  en: { title: 'National review of Morocco — GCM 2020', country: 'Morocco', authority: 'Ministry of Foreign Affairs' },
  fr: { title: 'Examen national du Maroc — Pacte mondial 2020', country: 'Maroc', authority: 'Ministère des Affaires étrangères' },
  ar: { title: 'الاستعراض الوطني للمملكة المغربية 2020', country: 'المغرب', authority: 'وزارة الشؤون الخارجية' },
};
const NOTE_WORDS: Record<Lang, [string, string, string]> = {
  en: ['The action plan was adopted in 2020.', 'Law 27.14 applied since 2019', 'Budget 2021: 12 million'],
  fr: ['Le plan d’action a été adopté en 2020.', 'Application de la loi 27.14 depuis 2019', 'Budget 2021 : 12 millions'],
  ar: ['اعتُمدت خطة العمل سنة 2020.', 'تطبيق القانون رقم 27.14 منذ 2019', 'ميزانية 2021: 12 مليون'],
};

/** A note as the editor writes one: paragraphs, a nested list, bold, a link, and (odd `i`) a small table. */
function richNote(lang: Lang, i: number): Doc {
  const [intro, first, second] = NOTE_WORDS[lang];
  return DocSchema.parse({
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: `${intro} ` }, { type: 'text', text: `(${i})`, marks: [{ type: 'bold' }] }] },
      { type: 'bulletList', content: [li(first, { type: 'bulletList', content: [li(second)] }), { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'GFMD', marks: [{ type: 'link', attrs: { href: 'https://www.gfmd.org/' } }] }] }] }] },
      ...(i % 2 ? [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p('2020')] }, { type: 'tableHeader', content: [p('2021')] }] }, { type: 'tableRow', content: [{ type: 'tableCell', content: [p('12')] }, { type: 'tableCell', content: [p('14')] }] }] }] : []),
      p(second),
    ],
  });
}

const NOTED_OBJECTIVES = [1, 7, 23];
const NOTED_PRINCIPLES = ['a', 'd'];

/** A draft in `lang` with two answers and rich notes on three objectives and two principles, exported. */
async function exportedDraft(s: Services, lang: Lang): Promise<{ bytes: Buffer; fields: Map<string, unknown>; draftId: string }> {
  const d = await invoke(s.handlers, 'createDraft', { ...IDENTITY[lang], language: lang });
  const qs = questions(ARAB_REGION_2020);
  const objectivesQ = qs.find((q) => q.extension === 'objectives')!.id;
  const principlesQ = qs.find((q) => q.extension === 'principles')!.id;
  const fields = new Map<string, unknown>();
  const save = async (field: string, value: FieldValue) => {
    await invoke(s.handlers, 'saveField', { draftId: d.id, field, value, baseRevisionId: null });
    fields.set(field, value);
  };
  await save('I.a', { kind: 'answer', doc: DocSchema.parse(answer(lang === 'en' ? 0 : lang === 'fr' ? 1 : 2)) });
  await save('II.b', { kind: 'answer', doc: richNote(lang, 5) });
  for (const [k, n] of NOTED_OBJECTIVES.entries()) await save(objectiveField(objectivesQ, n), { kind: 'objective', status: k === 0 ? 'not_started' : 'in_progress', note: richNote(lang, n) });
  for (const [k, id] of NOTED_PRINCIPLES.entries()) await save(principleField(principlesQ, id), { kind: 'principle', note: richNote(lang, k) });
  const out = await invoke(s.handlers, 'exportDocx', { draftId: d.id });
  return { bytes: Buffer.from(out.dataBase64, 'base64'), fields, draftId: d.id };
}

/** Imports `bytes` and checks the draft is the exported one: identity, every field equal, nothing in the tray or extra. */
async function expectSameDraft(s: Services, lang: Lang, bytes: Buffer, fields: Map<string, unknown>, fileName: string) {
  const back = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName });
  expect(back.report.unplaced, `${fileName}: tray`).toEqual([]);
  const draft = await invoke(s.handlers, 'getDraft', { draftId: back.draft.id });
  const got = Object.fromEntries(Object.entries(draft.fields).map(([f, v]) => [f, v.value]));
  expect(got, fileName).toEqual(Object.fromEntries(fields));
  expect({ title: draft.title, country: draft.country, authority: draft.authority, language: draft.language }, fileName).toEqual({ ...IDENTITY[lang], language: lang });
  expect(back.report.fromFile, fileName).toEqual({ ...IDENTITY[lang], language: lang });
}

describe('DOCX round trip of the draft itself: identity and rich notes, en, fr, ar', () => {
  const s = makeServices();
  const dir = tempDir('gcm-rt-identity-');
  const sent = new Map<Lang, { bytes: Buffer; fields: Map<string, unknown>; draftId: string }>();
  beforeAll(async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) sent.set(lang, await exportedDraft(s, lang));
  }, 120_000);

  for (const lang of ['en', 'fr', 'ar'] as const)
    it(`${lang}: title, country, authority, language and every note come back from the exported file`, async () => {
      const { bytes, fields } = sent.get(lang)!;
      await expectSameDraft(s, lang, bytes, fields, `${lang}.docx`);
    }, 60_000);

  it('what the user gives (title, country) wins over the file, and the report says only what came from the file', async () => {
    const { bytes } = sent.get('ar')!;
    const back = await invoke(s.handlers, 'importDocx', { dataBase64: bytes.toString('base64'), fileName: 'ar.docx', title: 'نسخة الوزارة', country: 'Maroc' });
    const draft = await invoke(s.handlers, 'getDraft', { draftId: back.draft.id });
    expect([draft.title, draft.country, draft.authority, draft.language]).toEqual(['نسخة الوزارة', 'Maroc', IDENTITY.ar.authority, 'ar']);
    expect(back.report.fromFile).toEqual({ authority: IDENTITY.ar.authority, language: 'ar' });
  }, 60_000);

  it('CLI: the import report on stderr says what was taken from the file, not what the user gave (--title)', async () => {
    const file = path.join(dir, 'cli-fr.docx');
    fs.writeFileSync(file, sent.get('fr')!.bytes);
    const r = await cli(path.join(dir, 'cli.sqlite'), 'import', 'docx', file, '--title', 'Copie du ministère');
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('taken from the file'))).toEqual([
      `country taken from the file: ${IDENTITY.fr.country}`,
      `submitting authority taken from the file: ${IDENTITY.fr.authority}`,
      'document language taken from the file: fr',
    ]);
  }, 60_000);

  it('after LibreOffice saved the files again (one batch), and with our document properties removed: nothing lost or duplicated', async () => {
    const files = (['en', 'fr', 'ar'] as const).map((lang) => {
      const f = path.join(dir, `${lang}.docx`);
      fs.writeFileSync(f, sent.get(lang)!.bytes);
      return f;
    });
    // and the French one edited in Word (a copy's answer under the export's properties), saved again by LibreOffice with its text unchanged
    const fr = sent.get('fr')!;
    const copy = await invoke(s.handlers, 'duplicateDraft', { draftId: fr.draftId, title: 'copie' });
    const wordText = 'Texte revu dans Word par le ministère de l’Intérieur.';
    await invoke(s.handlers, 'saveField', { draftId: copy.id, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [p(wordText)] } }, baseRevisionId: (await invoke(s.handlers, 'getDraft', { draftId: copy.id })).fields['I.a']?.revisionId ?? null });
    const editedBytes = await rewriteDocx(Buffer.from((await invoke(s.handlers, 'exportDocx', { draftId: copy.id })).dataBase64, 'base64'), new Map([['docProps/custom.xml', Buffer.from(await zipText(fr.bytes, 'docProps/custom.xml'))]]));
    const edited = path.join(dir, 'fr-edited.docx');
    fs.writeFileSync(edited, editedBytes);
    fs.mkdirSync(path.join(dir, 'lo'));
    const saved = officeConvertAll([...files, edited], 'docx:MS Word 2007 XML', 170_000, path.join(dir, 'lo'));
    for (const [i, lang] of (['en', 'fr', 'ar'] as const).entries()) {
      const bytes = fs.readFileSync(saved[i]!);
      const { fields, draftId } = sent.get(lang)!;
      await expectSameDraft(s, lang, bytes, fields, `lo-${lang}.docx`);
      // brought back into the draft it came from (main/services/word-return.ts): LibreOffice kept the
      // revisions it was made from (custom properties), and nothing it read differs from them
      const back = await invoke(s.handlers, 'mergeDocx', { draftId, dataBase64: bytes.toString('base64'), fileName: `lo-${lang}.docx` });
      expect([back.fields, back.emptied, back.unplaced, back.unchanged], lang).toEqual([[], [], 0, fields.size]);
      // another tool dropped our custom properties and emptied the core ones: the title block alone says who and what
      const bare = await rewriteDocx(bytes, new Map([
        ['docProps/custom.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>')],
        ['docProps/core.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title></dc:title></cp:coreProperties>')],
      ]));
      await expectSameDraft(s, lang, bare, fields, `bare-${lang}.docx`);
    }
    // the edited file brought back, then its copy LibreOffice saved again (other bytes, the same edit): already there, nothing written
    const revisions = async () => (await invoke(s.handlers, 'fieldHistory', { draftId: fr.draftId, field: 'I.a' })).length;
    const first = await invoke(s.handlers, 'mergeDocx', { draftId: fr.draftId, dataBase64: editedBytes.toString('base64'), fileName: 'fr-edited.docx' });
    expect(first.fields).toEqual([{ field: 'I.a', outcome: 'fast-forward' }]);
    const count = await revisions();
    const resaved = fs.readFileSync(saved[3]!);
    expect(resaved.equals(editedBytes)).toBe(false);
    const again = await invoke(s.handlers, 'mergeDocx', { draftId: fr.draftId, dataBase64: resaved.toString('base64'), fileName: 'fr-edited.docx' });
    expect([again.already, again.fields, await revisions()]).toEqual([true, [{ field: 'I.a', outcome: 'up-to-date' }], count]);
  }, 300_000);
});
