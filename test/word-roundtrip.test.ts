/**
 * Round trip: a draft whose answers hold tables, nested lists, underline, Arabic and French, taken
 * to DOCX and imported back, gives the same answers (equal documents, not just equal text).
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { DocSchema, type Doc, type ListItem } from '../shared/doc';
import { questions, ARAB_REGION_2020 } from '../shared/template';
import { docWithTable, p } from './doc-fixtures';
import { makeServices } from './helpers';
import { drawings, JPEG_240x160, pngBytes } from './picture-fixtures';
import { unpack, zipText } from './bundle-tools';

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
});
