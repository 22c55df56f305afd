/** Which questions count as answered, from the fields the view holds (same rule as the services). */
import type { DraftDetail } from '../../../shared/contract';
import { isEmptyDoc } from '../../../shared/doc';
import type { Template } from '../../../shared/template/schema';

export function answeredQuestions(fields: DraftDetail['fields']): Set<string> {
  const out = new Set<string>();
  for (const [field, f] of Object.entries(fields)) if (f.value.kind === 'answer' && !isEmptyDoc(f.value.doc)) out.add(field);
  return out;
}

export function sectionProgress(t: Template, answered: Set<string>) {
  return t.sections.map((s) => ({ sectionId: s.id, answered: s.questions.filter((q) => answered.has(q.id)).length, total: s.questions.length }));
}
