/**
 * Questions typed as plain paragraphs (no table) whose labels are Word's automatic numbering
 * (w:numPr: "a.", "b)", "1.", Arabic "أ-", "١."), reworded by the country: a word changed, a
 * sentence shortened, another French or Arabic translation than the template's. Each answer lands
 * under its question; a placement by reworded text is listed as low confidence; an answer's own
 * numbered items ("a) The Ministry of …") stay in that answer and are never taken for questions.
 */
import { describe, expect, it } from 'vitest';
import { level, numbering, numPr, para, question, questionLine, run, sectionTitle, textPara } from './word/ooxml-parts';
import { parseTextImport } from '../main/interchange/import-text';
import { docToText } from '../shared/plaintext';
import { answers, everything, readOoxml as read, section } from './word/read';
import { ARAB_REGION_2020, localizeTemplate } from '../shared/template';

type Lang = 'en' | 'fr' | 'ar';
/** The questions of section I as a country retyped them, and an answer to each. */
const REWORDED: Record<Lang, Array<[string, string, string]>> = {
  en: [
    ['I.a', 'Has a coordination mechanism been set up for the review? Which entities are represented in it, and who chairs it?', 'A national commission chaired by the Ministry of Foreign Affairs.'],
    ['I.b', 'If a specific mechanism existed, who was in charge of the review?', 'The Department of Global Affairs.'],
    ['I.c', 'Which government entities took part in the review process?', 'The following ministries:'],
    ['I.d', 'Were local authorities (municipalities, town halls) consulted during the review?', 'Yes, the twelve regional councils.'],
  ],
  fr: [
    ['I.a', 'Un mécanisme de coordination de l’examen a-t-il été créé ? Quelles entités y sont représentées ? Qui le préside ?', 'Une commission nationale présidée par le ministère des Affaires étrangères.'],
    ['I.b', 'Si un mécanisme spécifique était en place, qui était responsable de l’examen ?', 'La Direction des affaires globales.'],
    ['I.c', 'Quelles entités gouvernementales ont participé au processus d’examen ?', 'Les ministères suivants :'],
    ['I.d', 'Les autorités locales (municipalités, mairies) ont-elles été consultées lors du processus d’examen ?', 'Oui, les douze conseils régionaux.'],
  ],
  ar: [
    ['I.a', 'هل تم إنشاء آلية لتنسيق الاستعراض؟ ما الجهات الممثلة فيها؟ ومن يرأسها؟', 'لجنة وطنية برئاسة وزارة الشؤون الخارجية.'],
    ['I.b', 'إذا كانت هناك آلية محددة، فمن المسؤول عن الاستعراض؟', 'مديرية الشؤون الشاملة.'],
    ['I.c', 'ما الجهات الحكومية التي شاركت في الاستعراض؟', 'الوزارات التالية:'],
    ['I.d', 'هل تمت استشارة السلطات المحلية (البلديات ومجالس المدن) في الاستعراض؟', 'نعم، المجالس الجهوية الاثنا عشر.'],
  ],
};
/** I.c's answer: its own numbered items, which are no questions. */
const ITEMS: Record<Lang, string[]> = {
  en: ['The Ministry of the Interior and its regional directorates.', 'The High Commission for Planning, which provided the figures.'],
  fr: ['Le ministère de l’Intérieur et ses directions régionales.', 'Le Haut-Commissariat au Plan, qui a fourni les chiffres.'],
  ar: ['وزارة الداخلية ومديرياتها الجهوية.', 'المندوبية السامية للتخطيط التي قدمت الأرقام.'],
};
/** Each placed question's answer as plain text, from any import. */
const answersOf = (r: { answers: Map<string, Parameters<typeof docToText>[0]> }) => Object.fromEntries([...r.answers].map(([q, d]) => [q, docToText(d)]));
const rtl = (lang: Lang) => (lang === 'ar' ? '<w:bidi/>' : '');

/**
 * The document: the section's title, each question a paragraph numbered by list 1 (the label
 * style given), its answer a plain paragraph; I.c's answer goes on with two items of list 2
 * ("a)", "b)", a list of its own).
 */
async function document(lang: Lang, fmt: string, text: string) {
  const nums = numbering({ 1: level(0, fmt, text), 2: level(0, 'lowerLetter', '%1)') }, { 1: 1, 2: 2 });
  const body =
    textPara(sectionTitle('I', lang), rtl(lang)) +
    REWORDED[lang]
      .map(([id, q, a]) => para(run(q), numPr(1) + rtl(lang)) + textPara(a, rtl(lang)) + (id === 'I.c' ? ITEMS[lang].map((t) => para(run(t), numPr(2) + rtl(lang))).join('') : ''))
      .join('');
  return read({ numbering: nums, body });
}
const expected = (lang: Lang) => ({
  ...Object.fromEntries(REWORDED[lang].map(([id, , a]) => [id, a])),
  'I.c': `${REWORDED[lang][2]![2]}\n\n${ITEMS[lang].map((t, i) => `${i + 1}. ${t}`).join('\n')}`,
});

describe('questions as automatically numbered paragraphs, reworded', () => {
  const cases: Array<[Lang, string, string, string]> = [
    ['en', 'lowerLetter', '%1.', 'a.'],
    ['en', 'decimal', '%1.', '1.'],
    ['fr', 'lowerLetter', '%1)', 'a)'],
    ['fr', 'decimal', '%1)', '1)'],
    ['ar', 'arabicAbjad', '%1-', 'أ-'],
    ['ar', 'hindiNumbers', '%1.', '١.'],
  ];
  it.each(cases)('places each answer under its question (%s, labels %s "%s": %s)', async (lang, fmt, text) => {
    const r = await document(lang, fmt, text);
    expect(answers(r)).toEqual(expected(lang));
    expect(r.unplaced.map((u) => u.text)).toEqual([]);
    // the questions' words are in no answer
    expect(everything(r)).not.toContain(REWORDED[lang][1]![1].slice(0, 20));
    // placed by reworded text: reported, each where it was found
    for (const l of r.lowConfidence) expect(['text', 'similar']).toContain(l.via);
  });

  it('reports a reworded question placed by its meaning words as low confidence (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const r = await document(lang, 'lowerLetter', '%1)');
      const low = new Map(r.lowConfidence.map((l) => [l.question, l]));
      // I.a is the most reworded in every language: it is placed, and listed
      expect(low.get('I.a')?.confidence, lang).toBeLessThan(0.75);
      expect(low.get('I.a')?.confidence, lang).toBeGreaterThan(0);
    }
  });

  it('leaves an unrelated numbered paragraph in the answer it is in (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const nums = numbering({ 1: level(0, 'lowerLetter', '%1)') }, { 1: 1 });
      const [a, b] = REWORDED[lang];
      const stray = { en: 'The commission met four times in 2020 and adopted its rules of procedure.', fr: 'La commission s’est réunie quatre fois en 2020 et a adopté son règlement intérieur.', ar: 'اجتمعت اللجنة أربع مرات في عام 2020 واعتمدت نظامها الداخلي.' }[lang];
      const body =
        textPara(sectionTitle('I', lang), rtl(lang)) +
        para(run(a![1]), numPr(1) + rtl(lang)) +
        textPara(a![2], rtl(lang)) +
        // a numbered paragraph of the answer, continuing the list of the questions (its label "b)")
        para(run(stray), numPr(1) + rtl(lang)) +
        para(run(b![1]), numPr(1) + rtl(lang)) +
        textPara(b![2], rtl(lang));
      const r = await read({ numbering: nums, body });
      expect(Object.keys(answers(r)).sort(), lang).toEqual(['I.a', 'I.b']);
      expect(answers(r)['I.a'], lang).toContain(stray);
      expect(answers(r)['I.b'], lang).toBe(b![2]);
    }
  });
});

describe('sections and questions numbered by one multi-level list ("I." > "a)")', () => {
  /** Each section's title at level 0, its first questions at level 1 with their last sentence cut, a plain paragraph answering each. */
  async function outline(lang: Lang, questionFmt: string, questionText: string, extra = '', end = '') {
    const t = localizeTemplate(ARAB_REGION_2020, lang);
    const nums = numbering({ 1: level(0, 'upperRoman', '%1.') + level(1, questionFmt, questionText), 2: level(0, 'bullet', '•') + level(1, 'bullet', 'o') }, { 1: 1, 2: 2 });
    let body = '';
    for (const s of t.sections.slice(0, 2)) {
      body += para(run(s.title), numPr(1, 0) + rtl(lang));
      for (const q of s.questions.slice(0, 3)) {
        const sentences = q.text.split(/(?<=[?؟])\s+/);
        body += para(run(sentences.length > 1 ? sentences.slice(0, -1).join(' ') : q.text), numPr(1, 1) + rtl(lang)) + textPara(`${REPLY[lang]} ${q.id}.`, rtl(lang));
        if (q.id === 'I.b') body += extra;
      }
    }
    return read({ numbering: nums, body: body + end });
  }
  const REPLY = { en: 'Our reply to', fr: 'Notre réponse à', ar: 'ردنا على' };
  const ids = ['I.a', 'I.b', 'I.c', 'II.a', 'II.b', 'II.c'];

  it.each([
    ['en', 'lowerLetter', '%2)'],
    ['fr', 'lowerLetter', '%2.'],
    ['ar', 'arabicAlpha', '%2-'],
  ] as Array<[Lang, string, string]>)('places every answer (%s, questions "%s" "%s"): the section items hold the questions\' list', async (lang, fmt, text) => {
    const r = await outline(lang, fmt, text);
    expect(answers(r)).toEqual(Object.fromEntries(ids.map((id) => [id, `${REPLY[lang]} ${id}.`])));
    expect(r.unplaced).toEqual([]);
  });

  it('sends a section of the outline that the template does not have to the tray with the text under it (en, fr, ar)', async () => {
    const EXTRA: Record<Lang, [string, string]> = { en: ['Additional information', 'Four consulates opened.'], fr: ['Informations complémentaires', 'Quatre consulats ont ouvert.'], ar: ['معلومات إضافية', 'افتتحت أربع قنصليات.'] };
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const [title, text] = EXTRA[lang];
      const r = await outline(lang, 'lowerLetter', '%2)', '', para(run(title), numPr(1, 0) + rtl(lang)) + textPara(text, rtl(lang)));
      expect(answers(r)['II.c'], lang).toBe(`${REPLY[lang]} II.c.`);
      expect(r.unplaced.map((u) => u.text).join('\n'), lang).toContain(text);
    }
  });

  it('keeps an answer\'s own bullets, indented to the second level under their question, in that answer as its list: no empty bullet above them (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const bullets = ITEMS[lang].map((x) => para(run(x), numPr(2, 1) + rtl(lang))).join('');
      const r = await outline(lang, 'lowerLetter', '%2)', bullets);
      expect(answers(r)['I.b'], lang).toBe(`${REPLY[lang]} I.b.\n\n${ITEMS[lang].map((x) => `- ${x}`).join('\n')}`);
      expect(answers(r)['I.c'], lang).toBe(`${REPLY[lang]} I.c.`);
    }
  });
});

describe('an answer\'s list that starts at a deeper level than its first', () => {
  it('reads it as the answer\'s list, with no empty bullets above it, in a questionnaire table too (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const nums = numbering({ 2: level(0, 'bullet', '•') + level(1, 'bullet', 'o') + level(2, 'bullet', '▪') }, { 2: 2 });
      const cell = textPara(REWORDED[lang][2]![2], rtl(lang)) + para(run(ITEMS[lang][0]!), numPr(2, 2) + rtl(lang)) + para(run(ITEMS[lang][1]!), numPr(2, 2) + rtl(lang));
      const r = await read({ numbering: nums, body: section('I', [['I.c', cell]], lang) });
      expect(answers(r), lang).toEqual({ 'I.c': `${REWORDED[lang][2]![2]}\n\n${ITEMS[lang].map((x) => `- ${x}`).join('\n')}` });
    }
  });
});

describe('an answer\'s numbered items that speak of another question\'s subject', () => {
  /** I.a's answer: items that reuse the words of I.d and I.f without asking anything. */
  const ITEMS_LIKE_QUESTIONS: Record<Lang, string[]> = {
    en: ['Local authorities were consulted in the review process through the regions.', 'The data available for the review came from the ministries.'],
    fr: ['Les autorités locales ont été consultées au cours du processus d’examen par les régions.', 'Les données disponibles pour l’examen provenaient des ministères.'],
    ar: ['جرت استشارة السلطات المحلية في عملية الاستعراض عبر الجهات.', 'البيانات المتاحة لإجراء الاستعراض جاءت من الوزارات.'],
  };
  const INTRO = { en: 'A committee was set up:', fr: 'Un comité a été créé :', ar: 'أُنشئت لجنة:' };
  const expectedA = (lang: Lang, marker: (i: number) => string) => `${INTRO[lang]}\n\n${ITEMS_LIKE_QUESTIONS[lang].map((t, i) => `${marker(i)} ${t}`).join('\n')}`;

  it('keeps them in the answer in a text import, typed "1." or "١-" (en, fr, ar)', () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const label = (i: number) => (lang === 'ar' ? `${'١٢'[i]}-` : `${i + 1}.`);
      const text = [questionLine('I.a', lang), INTRO[lang], ...ITEMS_LIKE_QUESTIONS[lang].map((t, i) => `${label(i)} ${t}`), questionLine('I.b', lang), REWORDED[lang][1]![2]].join('\n');
      const r = parseTextImport(text, ARAB_REGION_2020, 'text:items');
      expect(Object.keys(answersOf(r)).sort(), lang).toEqual(['I.a', 'I.b']);
      expect(answersOf(r)['I.a'], lang).toBe(expectedA(lang, (i) => `${i + 1}.`));
    }
  });

  it('keeps them in the answer in a Word document, numbered automatically "1." (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const nums = numbering({ 1: level(0, 'lowerLetter', '%1)'), 2: level(0, 'decimal', '%1.') }, { 1: 1, 2: 2 });
      const body =
        textPara(sectionTitle('I', lang), rtl(lang)) +
        para(run(question('I.a', lang).text), numPr(1) + rtl(lang)) +
        textPara(INTRO[lang], rtl(lang)) +
        ITEMS_LIKE_QUESTIONS[lang].map((t) => para(run(t), numPr(2) + rtl(lang))).join('') +
        para(run(question('I.b', lang).text), numPr(1) + rtl(lang)) +
        textPara(REWORDED[lang][1]![2], rtl(lang));
      const r = await read({ numbering: nums, body });
      expect(Object.keys(answers(r)).sort(), lang).toEqual(['I.a', 'I.b']);
      expect(answers(r)['I.a'], lang).toBe(expectedA(lang, (i) => `${i + 1}.`));
    }
  });
});

describe('a shortened question ending in ":" with its answer on the same line (text import)', () => {
  it('places the answer without the question\'s last words, and the next question by its colon (en, fr)', () => {
    const cases = {
      en: ['a) Has a coordination mechanism been set up for the review, and who chairs it: A national commission chaired by the Ministry.', 'c) Government entities involved in the review process: The ministries of the Interior and Labour.'],
      fr: ['a) Un mécanisme de coordination de l’examen a-t-il été créé, et qui le préside : Une commission nationale présidée par le ministère.', 'c) Entités gouvernementales ayant pris part au processus d’examen : Les ministères de l’Intérieur et du Travail.'],
    };
    for (const [lang, lines] of Object.entries(cases) as Array<['en' | 'fr', string[]]>) {
      const r = parseTextImport([sectionTitle('I', lang), ...lines].join('\n'), ARAB_REGION_2020, 'text:colon');
      const after = (l: string) => l.slice(l.search(/ ?: [A-Z]/) + 1).replace(/^\s*:?\s*/, '');
      expect(answersOf(r), lang).toEqual({ 'I.a': after(lines[0]!), 'I.c': after(lines[1]!) });
    }
  });

  it('keeps an answer\'s first words before a colon when its question ended with "?" ("… the review? Yes: …")', () => {
    const text = `${questionLine('I.b')} Yes: the Department of Global Affairs.\n${questionLine('I.c')} Ministries: Interior and Labour.`;
    expect(answersOf(parseTextImport(text, ARAB_REGION_2020, 'text:yes'))).toEqual({ 'I.b': 'Yes: the Department of Global Affairs.', 'I.c': 'Ministries: Interior and Labour.' });
  });
});

describe('a reworded question that asks without a question mark ("b) Indicate who …")', () => {
  const IMPERATIVE: Record<Lang, [string, string]> = {
    en: ['b) Where a specific mechanism was in place, indicate who was responsible for the review.', 'c) List the government entities involved in the review process.'],
    fr: ['b) Indiquez qui était chargé de l’examen s’il existait un mécanisme spécifique.', 'c) Énumérez les entités gouvernementales ayant pris part au processus d’examen.'],
    ar: ['ب- في حال وجود آلية محددة، يرجى ذكر الجهة المسؤولة عن الاستعراض.', 'ج- يرجى ذكر الجهات الحكومية التي شاركت في عملية الاستعراض.'],
  };
  const lines = (lang: Lang) => [questionLine('I.a', lang), REWORDED[lang][0]![2], IMPERATIVE[lang][0], REWORDED[lang][1]![2], IMPERATIVE[lang][1], REWORDED[lang][2]![2]];
  const expected = (lang: Lang) => ({ 'I.a': REWORDED[lang][0]![2], 'I.b': REWORDED[lang][1]![2], 'I.c': REWORDED[lang][2]![2] });

  it('is placed when its letter is the next question\'s, in a Word document and a text import (en, fr, ar)', async () => {
    for (const lang of ['en', 'fr', 'ar'] as const) {
      const r = await read({ body: textPara(sectionTitle('I', lang), rtl(lang)) + lines(lang).map((l) => textPara(l, rtl(lang))).join('') });
      expect(answers(r), lang).toEqual(expected(lang));
      expect(answersOf(parseTextImport([sectionTitle('I', lang), ...lines(lang)].join('\n'), ARAB_REGION_2020, 'text:imperative')), lang).toEqual(expected(lang));
    }
  });
});
