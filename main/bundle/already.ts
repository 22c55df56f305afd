/**
 * A bundle id already imported here. The same bundle again is refused as already imported; another
 * bundle under that id (its signed SHA256SUMS differs: other content, a forgery or a replay made
 * to look like it) is refused as such, so nobody takes it for the one they already have. Imports
 * recorded before the signed SHA256SUMS was kept (details.signedSums) can only be told by id.
 */
import type { Store } from '../store/store';
import { alreadyImported, clash } from './refusals';

export function assertNotImported(store: Store, bundleId: string, signedSums: string, already: string): void {
  const row = store.sql("SELECT draft_id, details FROM bundles WHERE id = ? AND direction = 'import'").get(bundleId) as { draft_id: string | null; details: string } | undefined;
  if (!row) return;
  const kept = (JSON.parse(row.details) as { signedSums?: string }).signedSums;
  if (kept && kept !== signedSums) {
    throw clash(`another bundle than the one already imported under id ${bundleId}${row.draft_id ? ` (into draft ${row.draft_id})` : ''}: its signed contents (SHA256SUMS) differ; refused as a possible forgery or replay; nothing was added`);
  }
  throw alreadyImported(already);
}
