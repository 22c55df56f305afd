/**
 * A bundle id already imported here. The same bundle again is refused as already imported, naming
 * the draft it went to; another bundle under that id (its signed SHA256SUMS differs: other content,
 * a forgery or a replay made to look like it) is refused as such, so nobody takes it for the one
 * they already have. Imports recorded before the signed SHA256SUMS was kept (details.signedSums)
 * can only be told by id.
 *
 * One way past "already imported": a returned draft imported as a NEW draft by mistake may be
 * merged into another draft afterwards, once (./moved-import.ts says when; the merge moves the
 * import record to that draft).
 *
 * `importedUnder` is the one rule: the import, the verify report (`bundle verify`, the verify call)
 * and `delivery pull` all ask it, and word "another bundle" with `otherBundleMessage` (shared/bundle-already.ts).
 */
import { otherBundleMessage } from '../../shared/bundle-already';
import type { Store } from '../store/store';
import { alreadyImported, otherBundle } from './refusals';

/** What this store imported under `bundleId`: nothing, this very bundle, or another one (and the draft it went to, while it exists). */
export type ImportedUnder = { as: 'none' } | { as: 'same' | 'other'; draftId: string | null; title: string | null; /** the import made that draft (else it was merged or queued into it) */ made: boolean };

export function importedUnder(store: Store, bundleId: string, signedSums: string): ImportedUnder {
  const row = store.sql("SELECT b.draft_id, b.details, d.title, d.origin_bundle_id IS b.id AS made FROM bundles b LEFT JOIN drafts d ON d.id = b.draft_id WHERE b.id = ? AND b.direction = 'import'").get(bundleId) as
    | { draft_id: string | null; details: string; title: string | null; made: number }
    | undefined;
  if (!row) return { as: 'none' };
  const kept = (JSON.parse(row.details) as { signedSums?: string }).signedSums;
  return { as: kept && kept !== signedSums ? 'other' : 'same', draftId: row.draft_id, title: row.title, made: row.made === 1 };
}

/**
 * Refused when `bundleId` was imported here. `movable`: the earlier import made a new draft that may
 * still be merged into another one (the refusal then says how: `bundle import FILE --into DRAFT`).
 */
export function assertNotImported(store: Store, bundleId: string, signedSums: string, opts: { into?: boolean; movable?: boolean } = {}): void {
  const was = importedUnder(store, bundleId, signedSums);
  if (was.as === 'other') throw otherBundle(otherBundleMessage(bundleId, was.draftId));
  if (was.as === 'same') {
    const where = was.draftId ? ` (${was.made ? 'as' : 'into'} draft ${was.draftId}${was.title !== null ? ` "${was.title}"` : ''})` : '';
    const how = opts.movable ? '; to merge it into another draft (the master) instead: bundle import FILE --into DRAFT' : '';
    throw alreadyImported(`${opts.into ? `bundle ${bundleId}` : 'this bundle'} was already imported${where}; nothing was added${how}`, was.title, !!opts.movable);
  }
}
