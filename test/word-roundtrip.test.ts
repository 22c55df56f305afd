/**
 * Round trip: a draft whose answers hold tables, nested lists, underline, Arabic and French, taken
 * to DOCX and imported back, gives the same answers (equal documents, not just equal text).
 */
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { DocSchema, type Doc, type ListItem } from '../shared/doc';
import { questions, ARAB_REGION_2020 } from '../shared/template';
import { docWithTable, p } from './doc-fixtures';
import { makeServices } from './helpers';

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
