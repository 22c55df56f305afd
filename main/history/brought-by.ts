/**
 * Who brought a revision into this store: the signer of the bundle it came in, under the name this
 * installation's trust register gives that key (main/bundle records it so at import), never the
 * author name the bundle's revisions claim. A department can write any name as its author; the
 * history shows both, so a claimed name is never taken for the signer's word.
 */
import type { Store } from '../store/store';

export interface BroughtBy {
  bundleId: string;
  signerName: string;
  signerOrganisation: string;
  signerFingerprint: string;
}

/** The signers of the imported bundles named by `ids` (those this store has a record of). */
export function bundleSigners(store: Store, ids: Iterable<string>): Map<string, BroughtBy> {
  const q = store.sql("SELECT signer_name, signer_org, signer_fingerprint FROM bundles WHERE id = ? AND direction = 'import'");
  const out = new Map<string, BroughtBy>();
  for (const id of new Set(ids)) {
    const r = q.get(id) as { signer_name: string; signer_org: string; signer_fingerprint: string } | undefined;
    if (r) out.set(id, { bundleId: id, signerName: r.signer_name, signerOrganisation: r.signer_org, signerFingerprint: r.signer_fingerprint });
  }
  return out;
}
