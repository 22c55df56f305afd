/**
 * A returned draft imported as a NEW draft by mistake, merged into the master afterwards.
 *
 * `bundle import FILE --into MASTER` of a bundle that an earlier import made into a new draft is
 * not refused as "already imported" when that draft is in the trash, or untouched since its import
 * (nothing in it but what the bundle brought: no edit, attachment, comment, contribution, rename or
 * status change, no export of it). The bundle file itself is merged again, verified again, so the
 * revisions meet the master under the ids they travel under (the mistaken draft may hold some of
 * them re-identified: travelled-revision.ts origin_revision_id); the import record then names the
 * master, keeping the first import in its details (`firstImport`); the mistaken draft goes to the
 * trash (restorable), and both drafts' audit logs say where the bundle went. A changed draft is
 * refused by name: move it to the trash first (its changes stay there, restorable), or merge by hand.
 */
import { nowIso, type Store } from '../store/store';
import { hasRevisionNotFrom } from '../store/revisions';
import { importedDraftChanged } from './refusals';
import { importedUnder } from './already';
import { exportRecord } from './export-record';

export interface FirstImport {
  draftId: string;
  title: string;
  inTrash: boolean;
}

/** Audit actions that the import itself, or moving the draft to and from the trash, write. */
const IMPORT_ACTIONS = ['bundle.import', 'bundle.import.signer-confirmed', 'draft.trash', 'draft.restore'];

/**
 * The draft an earlier import of a returned draft made (a new draft, not a merge into one), while
 * it exists. Returned: taken from an export of ours (`derivedFrom`), so it has a master here to go
 * into; a department's own draft imported as a new draft is what that import is for.
 */
export function firstImportAsNewDraft(store: Store, m: { bundleId: string; derivedFrom?: string | null }): FirstImport | null {
  if (!exportRecord(store, m.derivedFrom)) return null;
  const bundleId = m.bundleId;
  const row = store
    .sql("SELECT d.id, d.title, d.deleted_at FROM bundles b JOIN drafts d ON d.id = b.draft_id WHERE b.id = ? AND b.direction = 'import' AND b.kind = 'draft' AND d.origin_bundle_id = b.id")
    .get(bundleId) as { id: string; title: string; deleted_at: string | null } | undefined;
  return row ? { draftId: row.id, title: row.title, inTrash: row.deleted_at !== null } : null;
}

/** Whether anything happened to the draft made by importing `bundleId` since that import. */
export function changedSinceImport(store: Store, draftId: string, bundleId: string): boolean {
  const any = (sql: string, ...args: unknown[]) => store.sql(sql).get(...args) !== undefined;
  return (
    hasRevisionNotFrom(store, draftId, bundleId) ||
    any('SELECT 1 FROM attachments WHERE draft_id = ? AND (source_bundle_id IS NOT ? OR removed_at IS NOT NULL) LIMIT 1', draftId, bundleId) ||
    any('SELECT 1 FROM comments WHERE draft_id = ? LIMIT 1', draftId) ||
    any('SELECT 1 FROM contributions WHERE draft_id = ? LIMIT 1', draftId) ||
    any(`SELECT 1 FROM audit_log WHERE draft_id = ? AND action NOT IN (${IMPORT_ACTIONS.map(() => '?').join(', ')}) LIMIT 1`, draftId, ...IMPORT_ACTIONS) ||
    any("SELECT 1 FROM bundles WHERE draft_id = ? AND direction = 'export' LIMIT 1", draftId)
  );
}

/**
 * The mistaken draft a merge of `bundleId` into `targetDraftId` may take over, or null when the
 * bundle was not imported as a new draft, or another bundle was imported under its id (then
 * assertNotImported refuses it). Refused by name when
 * that draft was changed since and is not in the trash.
 */
export function movableImport(store: Store, m: { bundleId: string; derivedFrom?: string | null }, signedSums: string, targetDraftId: string): FirstImport | null {
  const bundleId = m.bundleId;
  if (importedUnder(store, bundleId, signedSums).as !== 'same') return null; // another bundle under this id is refused as such
  const first = firstImportAsNewDraft(store, m);
  if (!first || first.draftId === targetDraftId) return null;
  if (!first.inTrash && changedSinceImport(store, first.draftId, bundleId)) {
    throw importedDraftChanged(
      `bundle ${bundleId} was already imported as draft ${first.draftId} "${first.title}", which was changed since; to merge the bundle into this draft instead, move "${first.title}" to the trash first (its changes stay there, restorable), then import again; nothing was added`,
      first.title,
    );
  }
  return first;
}

/**
 * Moves the import record of `bundleId` from the mistaken draft to the target, around `record`
 * (which writes the target's import row): the first import is kept in the row's details
 * (`firstImport`: draft, title, file, when, and what it recorded), the mistaken draft goes to the
 * trash (restorable) and both audit logs say where the bundle went. Inside the merge's transaction.
 */
export function moveImportRecord(store: Store, bundleId: string, first: FirstImport, target: { draftId: string; title: string }, record: () => void): void {
  const old = store.sql("SELECT file_name, recorded_at, details FROM bundles WHERE id = ? AND direction = 'import'").get(bundleId) as { file_name: string; recorded_at: string; details: string };
  store.sql("DELETE FROM bundles WHERE id = ? AND direction = 'import'").run(bundleId);
  record();
  const firstImport = { draftId: first.draftId, title: first.title, file: old.file_name, recordedAt: old.recorded_at, details: JSON.parse(old.details) as unknown };
  store.sql("UPDATE bundles SET details = json_set(details, '$.firstImport', json(?)) WHERE id = ? AND direction = 'import'").run(JSON.stringify(firstImport), bundleId);
  const why = `bundle ${bundleId} was imported as a new draft by mistake; it is merged into draft "${target.title}" instead`;
  store.audit(first.draftId, 'bundle.import.moved', { target: bundleId, newValue: target.draftId, reason: why });
  store.audit(target.draftId, 'bundle.import.moved', { target: bundleId, oldValue: first.draftId, reason: `${why}; the draft "${first.title}" made by its first import ${first.inTrash ? 'stays in' : 'goes to'} the trash` });
  if (!first.inTrash) {
    store.sql('UPDATE drafts SET deleted_at = ? WHERE id = ?').run(nowIso(), first.draftId);
    store.audit(first.draftId, 'draft.trash', { reason: why });
  }
}
