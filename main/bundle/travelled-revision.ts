/**
 * Writing a revision that arrived in a bundle: under a local id (its own, or a new one when that
 * id is already taken in this store, e.g. by the draft it was exported from), with parents mapped
 * the same way, its original author and time, and the bundle it came from. A re-identified
 * revision remembers the id it travels under (origin_revision_id, migration 002), so later
 * exports and merges still meet it.
 */
import type { RevisionRecord } from '../../shared/bundle-format';
import { textFacts } from '../services/values';
import { insertRevision } from '../store/revisions';
import type { Store } from '../store/store';

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
