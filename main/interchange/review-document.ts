/**
 * The exported review as data, in the layout officials know: a title block, then per section a
 * "Questions" | "Answers" table, with III.a's objective statuses and III.b's guiding principles
 * as tables of their own. The DOCX export and the print HTML both render this one model.
 */
import type { DraftDetail } from '../../shared/contract/drafts';
import type { Doc } from '../../shared/doc';
import { isEmptyDoc } from '../../shared/doc';
import { objectiveField, principleField, type ObjectiveStatus, type Template } from '../../shared/template';

export const STATUS_LABELS: Record<ObjectiveStatus, string> = {
  not_started: 'Not started',
  planned: 'Planned',
  in_progress: 'In progress',
  achieved: 'Achieved',
  not_applicable: 'Not applicable',
};
export const NOT_ANSWERED = 'Not answered';
/** First line of every provenance footnote the export writes; the DOCX import skips such footnotes. */
export const PROVENANCE_FOOTNOTE_PREFIX = 'Sources (GCM Review):';
export const COLUMN_HEADERS = ['Questions', 'Answers'] as const;
export const OBJECTIVE_HEADERS = ['No.', 'Objective', 'Status', 'Notes'] as const;
export const PRINCIPLE_HEADERS = ['Guiding principle', 'Steps taken'] as const;

export interface ReviewRow {
  id: string;
  label: string;
  text: string;
  /** null: not answered */
  answer: Doc | null;
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
  meta: Array<[string, string]>;
  sections: ReviewSection[];
}

export function reviewDocument(draft: DraftDetail, t: Template, opts: { appVersion: string; now?: Date }): ReviewDocument {
  const f = draft.fields;
  const answerOf = (id: string): Doc | null => {
    const v = f[id]?.value;
    return v?.kind === 'answer' && !isEmptyDoc(v.doc) ? v.doc : null;
  };
  const meta: Array<[string, string]> = [
    ['Country', draft.country || '—'],
    ['Review', draft.title],
    ['Template', `${t.title} (${t.id} ${t.version})`],
    ['Date', (opts.now ?? new Date()).toISOString().slice(0, 10)],
    ['Version', `last changed ${draft.updatedAt.replace('T', ' ').slice(0, 16)} UTC; ${draft.answered} of ${draft.total} questions answered; GCM Review ${opts.appVersion}`],
  ];
  const sections: ReviewSection[] = t.sections.map((s) => {
    const sec: ReviewSection = {
      id: s.id,
      heading: `${s.id}. ${s.title}`,
      rows: s.questions.map((q) => ({ id: q.id, label: q.label, text: q.text, answer: answerOf(q.id) })),
    };
    for (const q of s.questions) {
      if (q.extension === 'objectives')
        sec.objectives = {
          questionId: q.id,
          caption: `${q.id} Status of the implementation of the ${t.objectives.length} objectives`,
          rows: t.objectives.map((o) => {
            const v = f[objectiveField(q.id, o.number)]?.value;
            const status = v?.kind === 'objective' ? v.status : 'not_started';
            return { number: o.number, title: o.title, status, statusLabel: STATUS_LABELS[status], note: v?.kind === 'objective' && !isEmptyDoc(v.note) ? v.note : null };
          }),
        };
      if (q.extension === 'principles')
        sec.principles = {
          questionId: q.id,
          caption: `${q.id} Guiding principles`,
          rows: t.principles.map((p) => {
            const v = f[principleField(q.id, p.id)]?.value;
            return { id: p.id, title: p.title, note: v?.kind === 'principle' && !isEmptyDoc(v.note) ? v.note : null };
          }),
        };
    }
    return sec;
  });
  return { title: draft.title, meta, sections };
}

/** A bookmark name Word accepts (letters, digits, underscores; max 40) that names the question. */
export const questionBookmark = (id: string) => `gcm_${id.replace(/\./g, '_')}`;
export const bookmarkQuestion = (name: string) => (/^gcm_([A-Z]{1,6})_([a-z0-9]{1,6})$/.exec(name) ? name.slice(4).replace('_', '.') : null);
