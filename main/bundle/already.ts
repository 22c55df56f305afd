/**
 * A bundle id already imported here. The same bundle again is refused as already imported; another
 * bundle under that id (its signed SHA256SUMS differs: other content, a forgery or a replay made
 * to look like it) is refused as such, so nobody takes it for the one they already have. Imports
 * recorded before the signed SHA256SUMS was kept (details.signedSums) can only be told by id.
 *
 * `importedUnder` is the one rule: the import, the verify report (`bundle verify`, the verify call)
 * and `delivery pull` all ask it, and word "another bundle" with `otherBundleMessage` (shared/bundle-already.ts).
 */
import { otherBundleMessage } from '../../shared/bundle-already';
import type { Store } from '../store/store';
import { alreadyImported, otherBundle } from './refusals';

/** What this store imported under `bundleId`: nothing, this very bundle, or another one. */
export type ImportedUnder = { as: 'none' } | { as: 'same' | 'other'; draftId: string | null };

export function importedUnder(store: Store, bundleId: string, signedSums: string): ImportedUnder {
  const row = store.sql("SELECT draft_id, details FROM bundles WHERE id = ? AND direction = 'import'").get(bundleId) as { draft_id: string | null; details: string } | undefined;
  if (!row) return { as: 'none' };
  const kept = (JSON.parse(row.details) as { signedSums?: string }).signedSums;
  return { as: kept && kept !== signedSums ? 'other' : 'same', draftId: row.draft_id };
}

export function assertNotImported(store: Store, bundleId: string, signedSums: string, already: string): void {
  const was = importedUnder(store, bundleId, signedSums);
  if (was.as === 'other') throw otherBundle(otherBundleMessage(bundleId, was.draftId));
  if (was.as === 'same') throw alreadyImported(already);
}
