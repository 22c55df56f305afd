/**
 * Provenance footnotes for exports: for each question, where its accepted contributions came
 * from (contribution_sources), one line per source: who (a participant's name only with their
 * consent, else the organisation), the workshop, the signer of the bundle it came in, when it was
 * accepted, in the document's language (shared/i18n/document.*.json). Every footnote starts with
 * that language's `sources` line so that our own DOCX import recognises and skips it, whatever the
 * language (ANY_LANGUAGE.sources; it describes the store's own provenance; it is not answer text).
 */
import { xmlSafeText } from '../../shared/doc';
import { fill, type DocumentText } from '../../shared/document-text';
import { fieldKind, fieldQuestion } from '../../shared/template';
import type { Store } from '../store/store';
import { queryContributions } from './rows';

/** "objective 6: " / "principle a: " for a sub-field of a question; nothing for the answer itself. */
function part(field: string, x: DocumentText): string {
  const k = fieldKind(field);
  if (k === 'answer') return '';
  return fill(k === 'objective' ? x.sourceObjective : x.sourcePrinciple, { n: field.split('/').pop()! });
}

/** question id -> footnote paragraphs (the `sources` line first) in the document's words `x`, built from one query over the draft. */
export function provenanceFootnotes(store: Store, draftId: string, x: DocumentText): (questionId: string) => string[] | undefined {
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
    if (p.workshop) bits.push(fill(x.sourceWorkshop, { title: p.workshop.title, date: p.workshop.date, place: p.workshop.place }) + (p.workshop.authority ? ` (${p.workshop.authority})` : ''));
    if (p.bundle?.signerName) bits.push(fill(x.sourceSigned, { signer: `${p.bundle.signerName}${p.bundle.signerOrganisation ? ` (${p.bundle.signerOrganisation})` : ''}` }));
    bits.push(fill(x.sourceAccepted, { date: r.accepted_at.slice(0, 10), by: r.accepted_by }));
    const q = fieldQuestion(r.field);
    // names and workshops as they came (a bundle, a form): a character XML cannot carry would leave a file Word refuses
    const line = xmlSafeText(`${part(r.field, x)}${bits.join(x.sourceSeparator)}`);
    const list = byQuestion.get(q) ?? [];
    if (!list.includes(line)) list.push(line);
    byQuestion.set(q, list);
  }
  return (questionId) => {
    const lines = byQuestion.get(questionId);
    return lines ? [x.sources, ...lines] : undefined;
  };
}
