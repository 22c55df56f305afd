/**
 * Writing a revision that arrived in a bundle: under a local id (its own, or a new one when that
 * id is already taken in this store, e.g. by the draft it was exported from), with parents mapped
 * the same way, its original author and time, and the bundle it came from. A re-identified
 * revision remembers the id it travels under (origin_revision_id, migration 002), so later
 * exports and merges still meet it.
 */
import type { DraftPayload, RevisionRecord } from '../../shared/bundle-format';
import { canonicalJson, textFacts } from '../services/values';
import { getRevisionRow, insertRevision, parseValue, revisionInDraft } from '../store/revisions';
import type { Store } from '../store/store';
import { inconsistent } from './refusals';

export function insertTravelledRevision(
  store: Store,
  r: RevisionRecord,
  at: { id: string; draftId: string; field: string; local: (id: string | null) => string | null; bundleId: string; note?: string | null },
): void {
  insertRevision(store, {
    id: at.id,
    draft_id: at.draftId,
    field: at.field,
    parent_id: at.local(r.parentId),
    merge_parent_id: at.local(r.mergeParentId),
    value: JSON.stringify(r.value),
    text_size: textFacts(r.value).size,
    author_name: r.authorName,
    author_org: r.authorOrganisation,
    installation_id: r.installationId,
    created_at: r.createdAt,
    note: at.note !== undefined ? at.note : r.note,
    source_bundle_id: at.bundleId,
    origin_revision_id: at.id !== r.id ? r.id : null,
  });
}

/**
 * A returned draft's revisions that the draft here already holds (under their ids, or as copies
 * that remember them) must hold the values they have here: a saved revision never changes, so
 * other content under its id is a bundle that rewrites history (a buggy version editing in place,
 * or words put in someone else's revision). Refused; the merge would otherwise take the revision
 * as known and drop the text it carried without a word. Before the merge writes anything.
 */
export function assertSameAsHere(store: Store, draftId: string, fields: DraftPayload['fields']): void {
  for (const f of fields) {
    for (const r of f.revisions) {
      const here = revisionInDraft(store, draftId, r.id);
      const row = here ? getRevisionRow(store, here) : undefined;
      // one of another question is refused by the merge, by name
      if (row && row.field === f.field && canonicalJson(parseValue(row.value)) !== canonicalJson(r.value)) {
        throw inconsistent(`revision ${r.id} of ${f.field} is here with other content: a saved revision never changes, so this is not the draft that went out; nothing merged`);
      }
    }
  }
}

