/**
 * The export of ours a returned draft was taken from (its manifest's `derivedFrom`): the draft we
 * exported, while the export is recorded here, with that draft's title while it exists. A returned
 * draft merges into that draft only (workshops/bundle-adapter.ts), may be moved there after an
 * import as a new draft by mistake (moved-import.ts), and a draft made by such an import names it
 * (returned-copy.ts).
 */
import type { Store } from '../store/store';

export interface ExportRecord {
  /** null: the draft was deleted since */
  draftId: string | null;
  /** null: no such draft any more */
  title: string | null;
}

export function exportRecord(store: Store, bundleId: string | null | undefined): ExportRecord | null {
  if (!bundleId) return null;
  const row = store.sql("SELECT b.draft_id, d.title FROM bundles b LEFT JOIN drafts d ON d.id = b.draft_id WHERE b.id = ? AND b.direction = 'export'").get(bundleId) as
    | { draft_id: string | null; title: string | null }
    | undefined;
  return row ? { draftId: row.draft_id, title: row.title } : null;
}
