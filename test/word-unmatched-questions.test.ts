/**
 * A question a country reworded too far for the matcher ("b) Who was in charge of the review: …",
 * its French and Arabic counterparts shortened): its label, where it stands and how it is set
 * (a "?" or ":", bold) say it starts a question. Its answer must never be glued to the previous
 * question's: the next question by its label is placed there (low confidence, by position), a
 * label further on sends what follows to the tray. An answer's own numbered or lettered items stay
 * in that answer. In a Word document (typed labels, bold, automatic numbering) and a text import.
 */
import { describe, expect, it } from 'vitest';
import { level, numbering, numPr, para, questionLine, run, sectionTitle, table, textPara } from './word/ooxml-parts';
import { answers, readOoxml as read } from './word/read';
import { parseTextImport } from '../main/interchange/import-text';
import { docToText } from '../shared/plaintext';
import { ARAB_REGION_2020 } from '../shared/template';

type Lang = 'en' | 'fr' | 'ar';
const LANGS: Lang[] = ['en', 'fr', 'ar'];
const rtl = (lang: Lang) => (lang === 'ar' ? '<w:bidi/>' : '');

/** I.b as countries retyped it, too far from the template's words to be matched by them. */
const FAR: Record<Lang, string[]> = {
  en: ['b) Who was in charge of the review:', 'b) Who led it?', 'b) Lead entity:'],
  fr: ['b) Qui a piloté l’exercice :', 'b) Entité chef de file ?', 'b) Pilotage :'],
  ar: ['ب) الجهة التي قادت العملية:', 'ب) من قاد العملية؟', 'ب) القيادة:'],
};
/** Answers to I.a, I.b, I.c. */
const ANSWER: Record<Lang, [string, string, string]> = {
  en: ['A national commission.', 'The Department of Global Affairs.', 'The ministries of the Interior and Labour.'],
  fr: ['Une commission nationale.', 'La Direction des affaires globales.', 'Les ministères de l’Intérieur et du Travail.'],
  ar: ['لجنة وطنية.', 'مديرية الشؤون الشاملة.', 'وزارتا الداخلية والشغل.'],
};
const withoutLabel = (line: string) => line.replace(/^\S+\s/, '');
const answersOf = (r: { answers: Map<string, Parameters<typeof docToText>[0]> }) => Object.fromEntries([...r.answers].map(([q, d]) => [q, docToText(d)]));
const trayText = (r: { unplaced: Array<{ text: string }> }) => r.unplaced.map((u) => u.text).join('\n');

/** How the questions are set in the Word document: typed labels, bold typed labels, or Word's automatic numbering. */
type Setting = 'typed' | 'bold' | 'automatic';
function wordBody(lang: Lang, setting: Setting, lines: Array<['q' | 'a', string]>): { body: string; numbering: string } {
  const nums = numbering({ 1: level(0, lang === 'ar' ? 'arabicAlpha' : 'lowerLetter', '%1)') }, { 1: 1 });
  const q = (t: string) => (setting === 'automatic' ? para(run(withoutLabel(t)), numPr(1) + rtl(lang)) : para(run(t, setting === 'bold' ? '<w:b/>' : ''), rtl(lang)));
  const body = textPara(sectionTitle('I', lang), rtl(lang)) + lines.map(([kind, t]) => (kind === 'q' ? q(t) : textPara(t, rtl(lang)))).join('');
  return { body, numbering: nums };
}

describe('a question reworded too far to be matched', () => {
  const lines = (lang: Lang, far: string): Array<['q' | 'a', string]> => [
    ['q', questionLine('I.a', lang)],
    ['a', ANSWER[lang][0]],
    ['q', far],
    ['a', ANSWER[lang][1]],
    ['q', questionLine('I.c', lang)],
    ['a', ANSWER[lang][2]],
  ];
  const expected = (lang: Lang) => ({ 'I.a': ANSWER[lang][0], 'I.b': ANSWER[lang][1], 'I.c': ANSWER[lang][2] });

  it.each(LANGS)('is placed by its label right after a) in a Word document, typed, bold or numbered automatically, never glued to a)\'s answer (%s)', async (lang) => {
    for (const far of FAR[lang])
      for (const setting of ['typed', 'bold', 'automatic'] as const) {
        const r = await read(wordBody(lang, setting, lines(lang, far)));
        expect(answers(r), `${setting} ${far}`).toEqual(expected(lang));
        expect(r.unplaced, `${setting} ${far}`).toEqual([]);
        // placed by its label and place, not its words: reported for the official to check
        expect(r.lowConfidence.find((l) => l.question === 'I.b')?.confidence, `${setting} ${far}`).toBeLessThanOrEqual(0.5);
      }
  });

  it.each(LANGS)('is placed by its label right after a) in a text import (%s)', (lang) => {
    for (const far of FAR[lang]) {
      const r = parseTextImport([sectionTitle('I', lang), ...lines(lang, far).map(([, t]) => t)].join('\n'), ARAB_REGION_2020, 'text:far');
      expect(answersOf(r), far).toEqual(expected(lang));
      expect(r.lowConfidence.find((l) => l.question === 'I.b')?.confidence, far).toBeLessThanOrEqual(0.5);
    }
  });

  it('is placed after a) with labels of other styles: "B)", "Q2:", "Question 2 -", "Question 2 :", "السؤال ٢:" (Word and text)', async () => {
    const STYLES: Array<[Lang, (n: number) => string]> = [
      ['en', (n) => `${'ABC'[n - 1]})`],
      ['en', (n) => `Q${n}:`],
      ['en', (n) => `Question ${n} -`],
      ['fr', (n) => `Question ${n} :`],
      ['ar', (n) => `السؤال ${'١٢٣'[n - 1]}:`],
    ];
    for (const [lang, label] of STYLES) {
      const own = (id: string, n: number) => `${label(n)} ${questionLine(id, lang).replace(/^\S+\s/, '')}`;
      const far = `${label(2)} ${withoutLabel(FAR[lang][0]!)}`;
      const lines = [sectionTitle('I', lang), own('I.a', 1), ANSWER[lang][0], far, ANSWER[lang][1], own('I.c', 3), ANSWER[lang][2]];
      const r = await read({ body: lines.map((l) => textPara(l, rtl(lang))).join('') });
      expect(answers(r), far).toEqual(expected(lang));
      expect(answersOf(parseTextImport(lines.join('\n'), ARAB_REGION_2020, 'text:styles')), far).toEqual(expected(lang));
    }
  });

  it('keeps an answer on the same line after the reworded question\'s colon (en, fr, ar)', () => {
    for (const lang of LANGS) {
      const far = FAR[lang][0]!;
      const text = [sectionTitle('I', lang), questionLine('I.a', lang), ANSWER[lang][0], `${far} ${ANSWER[lang][1]}`, questionLine('I.c', lang), ANSWER[lang][2]].join('\n');
      expect(answersOf(parseTextImport(text, ARAB_REGION_2020, 'text:same-line')), lang).toEqual(expected(lang));
    }
  });

  it('sends what follows to the tray when its label skips a question ("d)" after "a)"): never glued to a)\'s answer (en, fr, ar)', async () => {
    const SKIP: Record<Lang, string> = { en: 'd) Involvement of the regions:', fr: 'd) Implication des régions :', ar: 'د) إشراك الجهات:' };
    const LATER: Record<Lang, string> = { en: 'The twelve regions took part.', fr: 'Les douze régions y ont pris part.', ar: 'شاركت الجهات الاثنتا عشرة.' };
    for (const lang of LANGS) {
      const doc: Array<['q' | 'a', string]> = [['q', questionLine('I.a', lang)], ['a', ANSWER[lang][0]], ['q', SKIP[lang]], ['a', LATER[lang]]];
      const r = await read(wordBody(lang, 'typed', doc));
      expect(answers(r), lang).toEqual({ 'I.a': ANSWER[lang][0] });
      expect(trayText(r), lang).toContain(LATER[lang]);
      expect(r.unplaced.find((u) => u.text.includes(LATER[lang]))?.reason, lang).toContain(SKIP[lang]);
      const t = parseTextImport([sectionTitle('I', lang), ...doc.map(([, x]) => x)].join('\n'), ARAB_REGION_2020, 'text:skip');
      expect(answersOf(t), lang).toEqual({ 'I.a': ANSWER[lang][0] });
      expect(trayText(t), lang).toContain(LATER[lang]);
    }
  });
});

describe('in a table whose rows span it, each question with its answer below it in the same cell', () => {
  it('places the next question by its label and sends the answer of one that skips ahead to the tray (en, fr, ar)', async () => {
    const SKIP: Record<Lang, string> = { en: 'd) Involvement of the regions:', fr: 'd) Implication des régions :', ar: 'د) إشراك الجهات:' };
    for (const lang of LANGS) {
      const rows = (second: string) =>
        table([[questionLine('I.a', lang), ANSWER[lang][0]], [second, ANSWER[lang][1]], [questionLine('I.c', lang), ANSWER[lang][2]]].map(([q, a]) => [textPara(q!, rtl(lang)) + textPara(a!, rtl(lang))]));
      const placed = await read({ body: textPara(sectionTitle('I', lang), rtl(lang)) + rows(FAR[lang][0]!) });
      expect(answers(placed), lang).toEqual({ 'I.a': ANSWER[lang][0], 'I.b': ANSWER[lang][1], 'I.c': ANSWER[lang][2] });
      const skipped = await read({ body: textPara(sectionTitle('I', lang), rtl(lang)) + rows(SKIP[lang]) });
      expect(answers(skipped), lang).toEqual({ 'I.a': ANSWER[lang][0], 'I.c': ANSWER[lang][2] });
      expect(trayText(skipped), lang).toContain(ANSWER[lang][1]);
    }
  });
});

describe('an answer\'s own labelled items are not questions', () => {
  /** I.a's answer: an introduction, then its own items, lettered or numbered, each with a colon in it. */
  const ITEMS: Record<Lang, string[]> = {
    en: ['Interior: police and border control.', 'Labour: work permits and inspections.', 'Planning: the figures of the review.'],
    fr: ['Intérieur : police et contrôle des frontières.', 'Travail : permis de travail et inspections.', 'Plan : les chiffres de l’examen.'],
    ar: ['الداخلية: الشرطة ومراقبة الحدود.', 'الشغل: تصاريح العمل والتفتيش.', 'التخطيط: أرقام الاستعراض.'],
  };
  const INTRO: Record<Lang, string> = { en: 'The commission brings together:', fr: 'La commission réunit :', ar: 'تضم اللجنة:' };
  const LABELS: Record<Lang, { letters: string[]; numbers: string[] }> = {
    en: { letters: ['a)', 'b)', 'c)'], numbers: ['1.', '2.', '3.'] },
    fr: { letters: ['a)', 'b)', 'c)'], numbers: ['1)', '2)', '3)'] },
    ar: { letters: ['أ)', 'ب)', 'ج)'], numbers: ['١.', '٢.', '٣.'] },
  };

  it.each(LANGS)('keeps them in the answer, typed or numbered automatically, lettered or numbered (%s)', async (lang) => {
    for (const kind of ['letters', 'numbers'] as const) {
      const labels = LABELS[lang][kind];
      const typed = ITEMS[lang].map((t, i) => `${labels[i]} ${t}`);
      const lines = [questionLine('I.a', lang), INTRO[lang], ...typed, questionLine('I.b', lang), ANSWER[lang][1]];
      const text = answersOf(parseTextImport([sectionTitle('I', lang), ...lines].join('\n'), ARAB_REGION_2020, 'text:items'));
      expect(Object.keys(text).sort(), `${kind} text`).toEqual(['I.a', 'I.b']);
      for (const item of ITEMS[lang]) expect(text['I.a'], `${kind} text`).toContain(item);
      expect(text['I.b'], `${kind} text`).toBe(ANSWER[lang][1]);

      const fmt = kind === 'letters' ? (lang === 'ar' ? 'arabicAbjad' : 'lowerLetter') : lang === 'ar' ? 'hindiNumbers' : 'decimal';
      const nums = numbering({ 1: level(0, lang === 'ar' ? 'arabicAlpha' : 'lowerLetter', '%1)'), 2: level(0, fmt, kind === 'letters' ? '%1)' : '%1.') }, { 1: 1, 2: 2 });
      for (const automatic of [false, true]) {
        const body =
          textPara(sectionTitle('I', lang), rtl(lang)) +
          textPara(questionLine('I.a', lang), rtl(lang)) +
          textPara(INTRO[lang], rtl(lang)) +
          (automatic ? ITEMS[lang].map((t) => para(run(t), numPr(2) + rtl(lang))) : typed.map((t) => textPara(t, rtl(lang)))).join('') +
          textPara(questionLine('I.b', lang), rtl(lang)) +
          textPara(ANSWER[lang][1], rtl(lang));
        const r = await read({ numbering: nums, body });
        const got = answers(r);
        expect(Object.keys(got).sort(), `${kind} automatic=${automatic}`).toEqual(['I.a', 'I.b']);
        for (const item of ITEMS[lang]) expect(got['I.a'], `${kind} automatic=${automatic}`).toContain(item);
        expect(got['I.b'], `${kind} automatic=${automatic}`).toBe(ANSWER[lang][1]);
        expect(r.unplaced, `${kind} automatic=${automatic}`).toEqual([]);
      }
    }
  });

  it.each(LANGS)('keeps lines that start with initials or a title and a colon ("A. Benali : président", "د. أحمد العلوي: …") in the answer (%s)', async (lang) => {
    const PEOPLE: Record<Lang, string[]> = {
      en: ['A. Benali: chair of the commission.', 'B. Idrissi: secretary.', 'M. Tazi: rapporteur.'],
      fr: ['A. Benali : président de la commission.', 'B. Idrissi : secrétaire.', 'M. Tazi : rapporteur.'],
      ar: ['د. أحمد العلوي: رئيس اللجنة.', 'أ. سعاد الإدريسي: مقررة.', 'ب. كريم التازي: كاتب.'],
    };
    const lines = [questionLine('I.a', lang), INTRO[lang], ...PEOPLE[lang], questionLine('I.b', lang), ANSWER[lang][1]];
    const text = answersOf(parseTextImport([sectionTitle('I', lang), ...lines].join('\n'), ARAB_REGION_2020, 'text:people'));
    const r = await read({ body: [sectionTitle('I', lang), ...lines].map((l) => textPara(l, rtl(lang))).join('') });
    for (const got of [text, answers(r)]) {
      expect(Object.keys(got).sort(), lang).toEqual(['I.a', 'I.b']);
      for (const p of PEOPLE[lang]) expect(got['I.a'], lang).toContain(p.slice(3));
      expect(got['I.b'], lang).toBe(ANSWER[lang][1]);
    }
    expect(r.unplaced, lang).toEqual([]);
  });

  it.each(LANGS)('keeps items numbered on from an earlier list ("3.", "4." under a)) in the answer (%s)', async (lang) => {
    const labels = lang === 'ar' ? ['٣.', '٤.'] : ['3.', '4.'];
    const lines = [questionLine('I.a', lang), INTRO[lang], ...ITEMS[lang].slice(0, 2).map((t, i) => `${labels[i]} ${t}`), questionLine('I.b', lang), ANSWER[lang][1]];
    const text = answersOf(parseTextImport([sectionTitle('I', lang), ...lines].join('\n'), ARAB_REGION_2020, 'text:items-on'));
    const r = await read({ body: [sectionTitle('I', lang), ...lines].map((l) => textPara(l, rtl(lang))).join('') });
    for (const got of [text, answers(r)]) {
      expect(Object.keys(got).sort()).toEqual(['I.a', 'I.b']);
      for (const item of ITEMS[lang].slice(0, 2)) expect(got['I.a']).toContain(item);
    }
    expect(r.unplaced).toEqual([]);
  });
});
