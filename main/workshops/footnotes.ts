/**
 * Provenance footnotes for exports: for each question, where its accepted contributions came
 * from (contribution_sources), one line per source: who (a participant's name only with their
 * consent, else the organisation), the workshop, the signer of the bundle it came in, when it was
 * accepted. Every footnote starts with PROVENANCE_FOOTNOTE_PREFIX so that our own DOCX import
 * recognises and skips it (it describes the store's own provenance; it is not answer text).
 */
import { fieldKind, fieldQuestion } from '../../shared/template';
import { PROVENANCE_FOOTNOTE_PREFIX } from '../interchange/review-document';
import type { Store } from '../store/store';
import { queryContributions } from './rows';

/** "objective 6" / "principle a" for a sub-field of a question; nothing for the answer itself. */
function part(field: string): string {
  const k = fieldKind(field);
  return k === 'answer' ? '' : `${k} ${field.split('/').pop()}: `;
}

/** question id -> footnote paragraphs (prefix line first), built from one query over the draft. */
export function provenanceFootnotes(store: Store, draftId: string): (questionId: string) => string[] | undefined {
  const rows = store
    .sql('SELECT contribution_id, field, accepted_at, accepted_by FROM contribution_sources WHERE draft_id = ? ORDER BY accepted_at, contribution_id')
    .all(draftId) as Array<{ contribution_id: string; field: string; accepted_at: string; accepted_by: string }>;
  if (!rows.length) return () => undefined;
  const contributions = new Map(queryContributions(store, 'c.id IN (SELECT contribution_id FROM contribution_sources WHERE draft_id = ?)', draftId).map((c) => [c.id, c]));
  const byQuestion = new Map<string, string[]>();
  for (const r of rows) {
    const c = contributions.get(r.contribution_id);
    if (!c) continue;
    const p = c.provenance;
    const bits = [p.source];
    if (p.workshop) bits.push(`workshop "${p.workshop.title}", ${p.workshop.date}, ${p.workshop.place}${p.workshop.authority ? ` (${p.workshop.authority})` : ''}`);
    if (p.bundle?.signerName) bits.push(`signed by ${p.bundle.signerName}${p.bundle.signerOrganisation ? ` (${p.bundle.signerOrganisation})` : ''}`);
    bits.push(`accepted ${r.accepted_at.slice(0, 10)} by ${r.accepted_by}`);
    const q = fieldQuestion(r.field);
    const line = `${part(r.field)}${bits.join('; ')}`;
    const list = byQuestion.get(q) ?? [];
    if (!list.includes(line)) list.push(line);
    byQuestion.set(q, list);
  }
  return (questionId) => {
    const lines = byQuestion.get(questionId);
    return lines ? [PROVENANCE_FOOTNOTE_PREFIX, ...lines] : undefined;
  };
}
