/**
 * Reviews written in Google Docs and downloaded as .docx (test/word/google-docs.ts: no list
 * styles, direct formatting everywhere, w:val="1" on/off properties, one list definition per
 * list), answered in French and in Arabic (right to left): questions as a numbered list, as bold
 * paragraphs or as headings; a question and its answer in one paragraph (a soft line break, Shift+Enter,
 * between them), the answer referring to another question ("voir b)", "انظر ب)").
 */
import { describe, expect, it } from 'vitest';
import { gEmpty, gNumbering, gPara, gRun, gStyles, gTable, type Dir } from './word/google-docs';
import { answers, readOoxml as read } from './word/read';
import { parseTextImport } from '../main/interchange/import-text';
import { docToText } from '../shared/plaintext';
import type { Doc } from '../shared/doc';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';

type Lang = 'fr' | 'ar';
const LANGS: Lang[] = ['fr', 'ar'];
const dirOf = (lang: Lang): Dir => (lang === 'ar' ? 'rtl' : 'ltr');
const WORDS = {
  fr: { before: 'Le comité s’est réuni ', bold: 'quatre fois', after: ' en 2020', items: ['Ministère de l’Intérieur', 'Ministère du Travail'], sub: 'Direction de l’emploi' },
  ar: { before: 'اجتمعت اللجنة ', bold: 'أربع مرات', after: ' في عام 2020', items: ['وزارة الداخلية', 'وزارة الشغل'], sub: 'مديرية التشغيل' },
};
const ids = ['I.a', 'I.b', 'I.c', 'II.a', 'II.b', 'II.c'];
/** Each answer names its question, so a misplaced one shows. */
const expected = (lang: Lang, id: string) => {
  const w = WORDS[lang];
  return `${w.before}${w.bold}${w.after} (${id}).\n\n- ${w.items[0]}\n- ${w.items[1]}\n  - ${w.sub}`;
};
const boldWords = (doc: Doc | undefined) =>
  (doc?.content ?? []).flatMap((b) => (b.type === 'paragraph' ? (b.content ?? []) : [])).flatMap((i) => (i.type === 'text' && i.marks?.some((m) => m.type === 'bold') ? [i.text] : []));

/** The first two sections, three questions each, set as `layout`; each answered by a paragraph with a bold phrase and a bullet list with a sub-item. */
async function googleDoc(lang: Lang, layout: 'list' | 'bold' | 'heading') {
  const dir = dirOf(lang);
  const t = localizeTemplate(ARAB_REGION_2020, lang);
  const w = WORDS[lang];
  const lists: Array<{ kind: 'bullet' | 'lowerLetter' }> = [];
  let body = gPara(gRun(t.title, dir), dir, { style: 'Title' }) + gEmpty(dir);
  for (const s of t.sections.slice(0, 2)) {
    body += gPara(gRun(`${s.id}. ${s.title}`, dir), dir, { style: 'Heading1' });
    lists.push({ kind: 'lowerLetter' });
    const questions = lists.length;
    for (const q of s.questions.slice(0, 3)) {
      if (layout === 'list') body += gPara(gRun(q.text, dir, { bold: true }), dir, { list: [questions, 0] });
      else if (layout === 'bold') body += gPara(gRun(`${q.label} ${q.text}`, dir, { bold: true }), dir);
      else body += gPara(gRun(`${q.label} ${q.text}`, dir), dir, { style: 'Heading2' });
      body += gEmpty(dir) + gPara(gRun(w.before, dir) + gRun(w.bold, dir, { bold: true }) + gRun(`${w.after} (${q.id}).`, dir), dir);
      lists.push({ kind: 'bullet' });
      const bullets = lists.length;
      body += gPara(gRun(w.items[0]!, dir), dir, { list: [bullets, 0] }) + gPara(gRun(w.items[1]!, dir), dir, { list: [bullets, 0] }) + gPara(gRun(w.sub, dir), dir, { list: [bullets, 1] }) + gEmpty(dir);
    }
  }
  return read({ body, numbering: gNumbering(lists), styles: gStyles() }, `docx:google-${lang}-${layout}`);
}

describe.each(LANGS)('a review written in Google Docs (%s)', (lang) => {
  it.each(['list', 'bold', 'heading'] as const)('places every answer with its list, sub-list and bold phrase (questions as %s) (a check)', async (layout) => {
    const r = await googleDoc(lang, layout);
    expect(answers(r)).toEqual(Object.fromEntries(ids.map((id) => [id, expected(lang, id)])));
    for (const id of ids) expect(boldWords(r.answers.get(id)), id).toEqual([WORDS[lang].bold]);
    expect(r.unplaced).toEqual([]);
  });
});

describe('a table in an answer, as Google writes it (every row says w:tblHeader w:val="0")', () => {
  const FIGURES: Record<Lang, string[][]> = { fr: [['Année', 'Nombre'], ['2019', '1 200'], ['2020', '1 450']], ar: [['السنة', 'العدد'], ['2019', '1200'], ['2020', '1450']] };
  const kinds = (doc: Doc | undefined) => (doc?.content ?? []).flatMap((b) => (b.type === 'table' ? [b.content.map((r) => r.content.map((c) => c.type))] : []));

  it.each(LANGS)('keeps its rows as rows, and a pinned first row as the header row (%s)', async (lang) => {
    const dir = dirOf(lang);
    const s = localizeTemplate(ARAB_REGION_2020, lang).sections[0]!;
    for (const pinned of [0, 1]) {
      const body = gPara(gRun(`I. ${s.title}`, dir), dir, { style: 'Heading1' }) + gPara(gRun(`${s.questions[0]!.label} ${s.questions[0]!.text}`, dir, { bold: true }), dir) + gTable(FIGURES[lang], dir, pinned) + gEmpty(dir);
      const r = await read({ body, styles: gStyles() });
      const header = pinned ? ['tableHeader', 'tableHeader'] : ['tableCell', 'tableCell'];
      expect(kinds(r.answers.get('I.a')), `pinned ${pinned}`).toEqual([[header, ['tableCell', 'tableCell'], ['tableCell', 'tableCell']]]);
      expect(answers(r)['I.a'], `pinned ${pinned}`).toContain(FIGURES[lang][2]![1]);
    }
  });
});

describe('a question and its answer in one paragraph, the answer referring to another question', () => {
  const REFERS: Record<Lang, [string, string]> = {
    fr: ['Les ministères de l’Intérieur et du Travail (voir b)', 'Voir aussi la réponse à I.a.'],
    ar: ['وزارتا الداخلية والشغل (انظر ب)', 'انظر أيضا الجواب عن I.a.'],
  };
  const MORE: Record<Lang, string> = { fr: 'Le Haut-Commissariat au Plan a fourni les chiffres.', ar: 'قدمت المندوبية السامية للتخطيط الأرقام.' };
  const OTHER: Record<Lang, [string, string]> = { fr: ['Une commission nationale.', 'La Direction des affaires globales.'], ar: ['لجنة وطنية.', 'مديرية الشؤون الشاملة.'] };

  it.each(LANGS)('keeps the reference and what follows in that answer, in a Google Docs paragraph (soft line break) and a text line (%s)', async (lang) => {
    const dir = dirOf(lang);
    const s = localizeTemplate(ARAB_REGION_2020, lang).sections[0]!;
    const [a, b, c] = s.questions;
    for (const reference of REFERS[lang]) {
      const qa = (q: typeof a, answer: string) => gPara(gRun(`${q!.label} ${q!.text}`, dir, { bold: true }) + '<w:r><w:br/></w:r>' + gRun(answer, dir), dir);
      const body = gPara(gRun(`I. ${s.title}`, dir), dir, { style: 'Heading1' }) + qa(a, OTHER[lang][0]) + qa(b, OTHER[lang][1]) + qa(c, reference) + gPara(gRun(MORE[lang], dir), dir);
      const want = { 'I.a': OTHER[lang][0], 'I.b': OTHER[lang][1], 'I.c': `${reference}\n\n${MORE[lang]}` };
      const r = await read({ body, styles: gStyles() });
      expect(answers(r), reference).toEqual(want);
      expect(r.lowConfidence, reference).toEqual([]);
      const lines = [`I. ${s.title}`, ...[a, b, c].map((q, i) => `${q!.label} ${q!.text} ${i < 2 ? OTHER[lang][i] : reference}`), MORE[lang]];
      const t = parseTextImport(lines.join('\n'), ARAB_REGION_2020, 'text:reference');
      // the text import's own paragraphing: one paragraph or two, both lines in I.c's answer
      const text = Object.fromEntries([...t.answers].map(([k, d]) => [k, docToText(d).replace(/\s+/g, ' ')]));
      expect(text, reference).toEqual({ ...want, 'I.c': `${reference} ${MORE[lang]}` });
    }
  });
});
