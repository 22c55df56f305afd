/**
 * The exported review as data, in the layout officials know: a title block, then per section a
 * "Questions" | "Answers" table, with III.a's objective statuses and III.b's guiding principles
 * as tables of their own. The DOCX export and the print HTML both render this one model.
 */
import type { DraftDetail } from '../../shared/contract/drafts';
import type { Doc } from '../../shared/doc';
import { isEmptyDoc, xmlSafeText } from '../../shared/doc';
import { latinOf, type LatinLanguage } from '../../shared/text-scripts';
import { allLanguages, dateInWords, documentDir, documentText, fill, type DocLanguage, type DocumentText } from '../../shared/document-text';
import { localizeTemplate, objectiveField, principleField, type ObjectiveStatus, type Template } from '../../shared/template';
import { checkPicture, type CheckedPicture, type PictureFile } from '../../shared/picture-files';

const EN = documentText('en');
/** The English furniture (the words of an English document); other languages: shared/i18n/document.*.json. */
export const STATUS_LABELS: Record<ObjectiveStatus, string> = EN.statuses;
export const NOT_ANSWERED = EN.notAnswered;
export const COLUMN_HEADERS = [EN.questions, EN.answers] as const;
export const OBJECTIVE_HEADERS = [EN.number, EN.objective, EN.status, EN.notes] as const;
export const PRINCIPLE_HEADERS = [EN.principle, EN.stepsTaken] as const;

export const columnHeaders = (x: DocumentText) => [x.questions, x.answers] as const;
export const objectiveHeaders = (x: DocumentText) => [x.number, x.objective, x.status, x.notes] as const;
export const principleHeaders = (x: DocumentText) => [x.principle, x.stepsTaken] as const;
/**
 * III.a's columns in percent of the page's width: number, objective, status, the ministry's notes.
 * The number's fits its header on one line in bold ("الرقم" at 12 pt, "No.", "N°"); the notes, the
 * officials' own and often long text, are the widest; the fixed objective titles wrap in theirs.
 */
export const OBJECTIVE_COLUMNS = [10, 30, 15, 45] as const;

/** The furniture of an exported review in any document language, for the DOCX import to recognise. */
export const ANY_LANGUAGE = {
  notAnswered: new Set(allLanguages((x) => x.notAnswered)),
  columnHeaders: allLanguages(columnHeaders),
  objectiveHeaders: allLanguages(objectiveHeaders),
  principleHeaders: allLanguages(principleHeaders),
  /** The first line of a provenance footnote the export writes (main/workshops/footnotes.ts): the DOCX import skips such footnotes. */
  sources: allLanguages((x) => x.sources),
  /** A status word (lower case) in any language -> the status. */
  statuses: new Map(allLanguages((x) => Object.entries(x.statuses).map(([k, v]) => [v.toLowerCase(), k as ObjectiveStatus] as const)).flat()),
};

export interface ReviewRow {
  id: string;
  label: string;
  text: string;
  /** null: not answered */
  answer: Doc | null;
  /** the question's picture attachments (picture-files.ts), checked; absent when none */
  pictures?: CheckedPicture[];
}

export interface ReviewSection {
  id: string;
  heading: string;
  rows: ReviewRow[];
  objectives?: { questionId: string; caption: string; rows: Array<{ number: number; title: string; status: ObjectiveStatus; statusLabel: string; note: Doc | null }> };
  principles?: { questionId: string; caption: string; rows: Array<{ id: string; title: string; note: Doc | null }> };
}

export interface ReviewDocument {
  title: string;
  /** The document language, its direction and its words. */
  language: DocLanguage;
  dir: 'rtl' | 'ltr';
  text: DocumentText;
  /** The questionnaire's title in the document language. */
  subtitle: string;
  /** The title block: country, submitting authority, date in words (label with its colon, value). */
  meta: Array<[string, string]>;
  /** Internal details, kept out of the page: document properties (DOCX) and meta tags (HTML). */
  properties: { description: string; subject: string; keywords: string; custom: Array<[string, string]> };
  sections: ReviewSection[];
}

/** The custom property naming the draft a document was exported from. */
export const DRAFT_ID_PROPERTY = 'Draft id';
/** The custom property naming the revision a field was exported from: "GCM revision I.a". */
export const REVISION_PROPERTY = 'GCM revision ';
/** The custom property counting those: a file that lists fewer (an older export, a tool that dropped some) is not merged back. */
export const REVISION_COUNT_PROPERTY = 'GCM fields exported';

/** `pictures`: a question's picture attachments (main/attachments/question-pictures.ts). */
export function reviewDocument(draft: DraftDetail, source: Template, opts: { appVersion: string; now?: Date; pictures?: Map<string, PictureFile[]> }): ReviewDocument {
  const lang = draft.language;
  const x = documentText(lang);
  const t = localizeTemplate(source, lang);
  const f = draft.fields;
  const answerOf = (id: string): Doc | null => {
    const v = f[id]?.value;
    return v?.kind === 'answer' && !isEmptyDoc(v.doc) ? v.doc : null;
  };
  // a label with its colon as the language writes it ("Country:", "Pays\u00a0:", "البلد:")
  const label = (l: string) => fill(x.label, { label: l });
  // as the store holds them: one kept before the forms cleaned them may carry a character XML cannot
  const country = xmlSafeText(draft.country);
  const authority = xmlSafeText(draft.authority);
  const meta: Array<[string, string]> = [[label(x.country), country || '—']];
  if (authority) meta.push([label(x.authority), authority]);
  meta.push([label(x.date), dateInWords(opts.now ?? new Date(), lang, draft.country)]);
  const properties: ReviewDocument['properties'] = {
    description: x.description,
    subject: t.title,
    keywords: `GCM; ${source.id} ${source.version}; ${lang}`,
    custom: [
      ['Template', `${source.id} ${source.version}`],
      ['Document language', lang],
      ['Answered', `${draft.answered} of ${draft.total}`],
      ['Last changed', draft.updatedAt],
      [DRAFT_ID_PROPERTY, draft.id],
      ['GCM Review version', opts.appVersion],
      // the revision each answer was exported from: a copy edited in Word merges back against it (docx-identity exportOrigin)
      [REVISION_COUNT_PROPERTY, String(Object.keys(f).length)],
      ...Object.entries(f).map(([field, st]): [string, string] => [`${REVISION_PROPERTY}${field}`, st.revisionId]),
    ],
  };
  // In a right-to-left document a left-to-right mark after "II." or "a)" keeps the punctuation with its letter.
  const ltr = (s: string) => (documentDir(lang) === 'rtl' ? `${s}\u200e` : s);
  const sections: ReviewSection[] = t.sections.map((s) => {
    const sec: ReviewSection = {
      id: s.id,
      heading: fill(x.sectionHeading, { id: s.id, title: s.title }).replace(`${s.id}.`, ltr(`${s.id}.`)),
      rows: s.questions.map((q) => {
        const pictures = opts.pictures?.get(q.id)?.map(checkPicture);
        return { id: q.id, label: ltr(q.label), text: q.text, answer: answerOf(q.id), ...(pictures?.length ? { pictures } : {}) };
      }),
    };
    for (const q of s.questions) {
      if (q.extension === 'objectives')
        sec.objectives = {
          questionId: q.id,
          caption: fill(x.objectivesCaption, { id: q.id, count: t.objectives.length }),
          rows: t.objectives.map((o) => {
            const v = f[objectiveField(q.id, o.number)]?.value;
            const status = v?.kind === 'objective' ? v.status : 'not_started';
            return { number: o.number, title: o.title, status, statusLabel: x.statuses[status], note: v?.kind === 'objective' && !isEmptyDoc(v.note) ? v.note : null };
          }),
        };
      if (q.extension === 'principles')
        sec.principles = {
          questionId: q.id,
          caption: fill(x.principlesCaption, { id: q.id }),
          rows: t.principles.map((p) => {
            const v = f[principleField(q.id, p.id)]?.value;
            return { id: p.id, title: p.title, note: v?.kind === 'principle' && !isEmptyDoc(v.note) ? v.note : null };
          }),
        };
    }
    return sec;
  });
  return { title: xmlSafeText(draft.title), language: lang, dir: documentDir(lang), text: x, subtitle: t.title, meta, properties, sections };
}

/** A bookmark name Word accepts (letters, digits, underscores; max 40) that names the question. */
export const questionBookmark = (id: string) => `gcm_${id.replace(/\./g, '_')}`;
/** The bookmark on a section heading: the import knows the section in any document language. */
export const sectionBookmark = (id: string) => `gcm_section_${id}`;
export const bookmarkSection = (name: string) => /^gcm_section_([A-Z]{1,6})$/.exec(name)?.[1] ?? null;
export const bookmarkQuestion = (name: string) => (/^gcm_([A-Z]{1,6})_([a-z0-9]{1,6})$/.exec(name) ? name.slice(4).replace('_', '.') : null);

/** The language of the review's Latin text (shared/text-scripts.ts, latinOf), from its answers and notes. */
export function documentLatin(review: ReviewDocument): LatinLanguage {
  return latinOf(review.language, review.sections.flatMap((s) => [...s.rows.map((r) => r.answer), ...(s.objectives?.rows ?? []).map((o) => o.note), ...(s.principles?.rows ?? []).map((p) => p.note)]));
}

