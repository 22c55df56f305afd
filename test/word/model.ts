/**
 * Word fixtures as data: a questionnaire (which questions, in which language, labelled how) with
 * answers made of paragraphs, nested lists, tables, pictures and footnotes. Every renderer (the
 * `docx` library, LibreOffice from HTML, hand-written OOXML) draws the same model, and the ground
 * truth (which line of text belongs under which question, at which list depth) comes from it, so
 * no fixture is tuned by hand.
 */
import { ARAB_REGION_2020, localizeTemplate, type Template } from '../../shared/template';

export type Lang = 'en' | 'fr' | 'ar';
export type Block =
  | { p: string; note?: string; bold?: string; underline?: string }
  | { list: 'ul' | 'ol'; items: Array<{ text: string; depth: number }>; typed?: boolean }
  | { table: string[][]; header: boolean }
  | { image: string };

export interface FQuestion {
  id: string;
  label: string;
  text: string;
  answer: Block[];
}
export interface FSection {
  id: string;
  heading: string;
  questions: FQuestion[];
}
export interface FixtureModel {
  name: string;
  lang: Lang;
  title: string;
  sections: FSection[];
  /** text before the first question (a cover note): goes to the tray */
  preamble?: string;
  /** a section the template does not have, with text under it (goes to the tray, never glued) */
  extraSection?: { heading: string; text: string };
}

/** Answer sentences per language; {n} and {q} make each one unique. */
const BANK: Record<Lang, { para: string[]; items: string[]; tableHead: string[]; years: string; total: string; note: string; alt: string }> = {
  en: {
    para: [
      'The Ministry in charge of migration coordinated this work with {n} departments in {q}.',
      'A national consultation held in Rabat in {n} gathered regional councils and associations for {q}.',
      'The budget allocated to this measure reached {n} million dirhams for {q}.',
      'Progress on {q} was reviewed twice a year by the steering committee, most recently in {n}.',
    ],
    items: ['Ministry of the Interior ({q}, {n})', 'Ministry of Labour and Professional Integration ({q})', 'National Human Rights Council, opinion {n}', 'Regional councils of Souss-Massa and Oriental ({q})'],
    tableHead: ['Year', 'Beneficiaries'],
    years: 'Year',
    total: 'Total',
    note: 'Source: Ministry report {n}, annex {q}.',
    alt: 'Chart of regularisations {q}',
  },
  fr: {
    para: [
      'Le ministère chargé de la migration a coordonné ce travail avec {n} départements pour {q}.',
      'Une concertation nationale tenue à Rabat en {n} a réuni les conseils régionaux et les associations pour {q}.',
      'Le budget alloué à cette mesure a atteint {n} millions de dirhams pour {q}.',
      'L’avancement de {q} a été examiné deux fois par an par le comité de pilotage, la dernière fois en {n}.',
    ],
    items: ['Ministère de l’Intérieur ({q}, {n})', 'Ministère du Travail et de l’Insertion professionnelle ({q})', 'Conseil national des droits de l’homme, avis {n}', 'Conseils régionaux du Souss-Massa et de l’Oriental ({q})'],
    tableHead: ['Année', 'Bénéficiaires'],
    years: 'Année',
    total: 'Total',
    note: 'Source : rapport du ministère {n}, annexe {q}.',
    alt: 'Graphique des régularisations {q}',
  },
  ar: {
    para: [
      'نسقت الوزارة المكلفة بالهجرة هذا العمل مع {n} قطاعات حكومية بخصوص {q}',
      'جمعت مشاورة وطنية عقدت في الرباط سنة {n} المجالس الجهوية والجمعيات بشأن {q}.',
      'بلغت الميزانية المخصصة لهذا الإجراء {n} مليون درهم في إطار {q}.',
      'راجعت لجنة القيادة التقدم المحرز في {q} مرتين في السنة، وآخرها سنة {n}.',
    ],
    items: ['وزارة الداخلية ({q}، {n})', 'وزارة الشغل والإدماج المهني ({q})', 'المجلس الوطني لحقوق الإنسان، رأي {n}', 'المجالس الجهوية لسوس ماسة والشرق ({q})'],
    tableHead: ['السنة', 'المستفيدون'],
    years: 'السنة',
    total: 'المجموع',
    note: 'المصدر: تقرير الوزارة {n}، الملحق {q}.',
    alt: 'رسم بياني للتسويات {q}',
  },
};

const fill = (s: string, q: string, n: number) => s.replace('{q}', q).replace('{n}', String(n));

export interface AnswerOptions {
  tables?: boolean;
  images?: boolean;
  notes?: boolean;
  typedBullets?: boolean;
  /** an answer ending in an open list item before the next question (the "sentence continues" trap) */
  openEnds?: boolean;
}

/** A varied answer for question number i (what it holds depends on i, so every fixture mixes shapes). */
export function answerFor(lang: Lang, qid: string, i: number, o: AnswerOptions): Block[] {
  const b = BANK[lang];
  const n = 2000 + ((i * 7) % 23);
  const out: Block[] = [{ p: fill(b.para[i % 4]!, qid, n), ...(o.notes && i % 5 === 2 ? { note: fill(b.note, qid, n) } : {}) }];
  if (i % 3 === 1) out.push({ list: 'ul', typed: o.typedBullets && i % 2 === 1, items: [{ text: fill(b.items[0]!, qid, n), depth: 1 }, { text: fill(b.items[1]!, qid, n), depth: 2 }, { text: fill(b.items[2]!, qid, n), depth: 1 }] });
  if (i % 4 === 2) out.push({ list: 'ol', items: [{ text: fill(b.items[3]!, qid, n), depth: 1 }, { text: fill(b.items[2]!, qid, n + 1), depth: 1 }] });
  if (o.tables && i % 6 === 3) out.push({ table: [b.tableHead, ['2014', `${17000 + i}`], ['2017', `${28000 + i}`], [b.total, `${45000 + 2 * i}`]], header: true });
  if (o.images && i % 7 === 4) out.push({ image: fill(b.alt, qid, n) });
  if (i % 2 === 0) out.push({ p: fill(b.para[(i + 1) % 4]!, qid, n + 3) });
  if (o.openEnds && i % 3 === 0) out.push({ list: 'ul', items: [{ text: fill(b.items[3]!, qid, n + 5).replace(/[.)]$/, '') + (lang === 'ar' ? ' في إطار' : lang === 'fr' ? ' dans le cadre de' : ' within the framework of'), depth: 1 }] });
  return out;
}

export interface ModelOptions extends AnswerOptions {
  name: string;
  lang: Lang;
  /** question ids to leave out (unanswered questions are simply absent) */
  skip?: string[];
  /** rewrite a question's text: reworded or shortened endings */
  reword?: (text: string, qid: string) => string;
  preamble?: boolean;
  extraSection?: boolean;
  /** template to draw from (default: the built-in) */
  template?: Template;
}

/** Reworded and shortened question texts, per language: endings cut, words replaced. */
export function reworded(lang: Lang): (text: string, qid: string) => string {
  return (text, qid) => {
    const k = qid.charCodeAt(qid.length - 1) % 3;
    const sentences = text.split(/(?<=[?؟.])\s+/u);
    let t = k === 0 && sentences.length > 1 ? sentences.slice(0, -1).join(' ') : text;
    if (k === 1) t = t.replace(/[?؟]\s*$/u, '').split(/\s+/).slice(0, -2).join(' ') + (lang === 'ar' ? '؟' : lang === 'fr' ? ' ?' : '?');
    if (k === 2) t = lang === 'en' ? t.replace(/\bgovernment\b/g, 'State').replace(/\bpolicies\b/g, 'measures') : lang === 'fr' ? t.replace(/gouvernement/g, 'État').replace(/politiques/g, 'mesures') : t.replace(/الحكومة/g, 'الدولة');
    return t;
  };
}

export function buildModel(o: ModelOptions): FixtureModel {
  const t = localizeTemplate(o.template ?? ARAB_REGION_2020, o.lang);
  let i = 0;
  const sections: FSection[] = t.sections.map((s) => ({
    id: s.id,
    heading: `${s.id}. ${s.title}`,
    questions: s.questions
      .filter((q) => !o.skip?.includes(q.id))
      .map((q) => ({ id: q.id, label: q.label, text: o.reword ? o.reword(q.text, q.id) : q.text, answer: answerFor(o.lang, q.id, i++, o) })),
  }));
  const pre = { en: 'This review was prepared by the national coordination committee.', fr: 'Cet examen a été préparé par le comité national de coordination.', ar: 'أعدت هذا الاستعراض اللجنة الوطنية للتنسيق.' }[o.lang];
  const extra = {
    en: { heading: 'VI. Additional information on consular services', text: 'Consular services opened four new offices abroad.' },
    fr: { heading: 'VI. Informations complémentaires sur les services consulaires', text: 'Les services consulaires ont ouvert quatre nouveaux bureaux à l’étranger.' },
    ar: { heading: 'VI. معلومات إضافية حول الخدمات القنصلية', text: 'فتحت المصالح القنصلية أربعة مكاتب جديدة في الخارج.' },
  }[o.lang];
  return { name: o.name, lang: o.lang, title: t.title, sections, ...(o.preamble ? { preamble: pre } : {}), ...(o.extraSection ? { extraSection: extra } : {}) };
}

/** Ground truth: a question's answer as lines ("p:" paragraph, "li2:" item at depth 2, "tr:" table row). */
export function truthLines(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if ('p' in b) out.push(`p:${b.p}`);
    else if ('list' in b) for (const it of b.items) out.push(`li${it.depth}:${it.text}`);
    else if ('table' in b) for (const r of b.table) out.push(`tr:${r.join(' | ')}`);
  }
  return out;
}

export const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();
