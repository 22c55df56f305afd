/**
 * What a contributions bundle may claim in this store, checked before anything of it is written:
 *  - a contribution or participant id already here must belong to the bundle's own workshop (a
 *    bundle of another workshop must not rewrite them, withdraw their consent or borrow their names);
 *  - a workshop already here is extended only by the signer who brought it (or by this
 *    installation's own keys, for a workshop captured here);
 *  - an export older than one already imported for the same workshop is refused (a replay would
 *    put back texts edited there since). Older by the exporter's export number, which its bundle id
 *    carries as its time (export-sequence.ts), not by its clock: a laptop whose clock was once in
 *    2030 or back in 2000 neither blocks its later exports nor lets an earlier one back in. Among
 *    the same signer's exports only (the numbers are its store's). A bundle made before the numbers
 *    existed carries the time of its export in its id: compared so, as its createdAt was; an id
 *    that is no UUID version 7 (none of the app's) is compared by its createdAt.
 */
import type { ContributionsPayload } from '../../shared/contributions-format';
import { clash } from '../bundle/refusals';
import { uuid7Time } from '../store/uuid7';
import type { Store } from '../store/store';

/** Incoming contributions and participants whose ids sit here in another workshop. */
export function assertOwnRecords(store: Store, p: ContributionsPayload): void {
  const w = p.workshop;
  const contribution = store.sql('SELECT workshop_id FROM contributions WHERE id = ?');
  for (const c of p.contributions) {
    const row = contribution.get(c.id) as { workshop_id: string | null } | undefined;
    if (row && row.workshop_id !== w.id) throw clash(`contribution ${c.id} is already here in another workshop (${row.workshop_id ?? 'none'}), not in workshop "${w.title}" (${w.id}); nothing imported`);
  }
  const participant = store.sql('SELECT workshop_id FROM participants WHERE id = ?');
  for (const x of p.participants) {
    const row = participant.get(x.id) as { workshop_id: string } | undefined;
    if (row && row.workshop_id !== w.id) throw clash(`participant ${x.id} is already here in another workshop (${row.workshop_id}), not in workshop "${w.title}" (${w.id}); nothing imported`);
  }
}

interface Signed {
  bundleId: string;
  createdAt: string;
  signer: { name: string; organisation: string; fingerprint: string };
}

/** An export's number: its bundle id's time, else (an id that is no UUID version 7) its creation time. */
const exportNumber = (bundleId: string, createdAt: string): number => uuid7Time(bundleId) ?? Date.parse(createdAt);

/** The workshop, if here, came from this signer; this export is not older than one already imported. */
export function assertWorkshopSource(store: Store, p: ContributionsPayload, m: Signed): void {
  const w = p.workshop;
  const here = store
    .sql(
      `SELECT w.source_bundle_id, b.signer_fingerprint, b.signer_name, b.signer_org FROM workshops w
       LEFT JOIN bundles b ON b.id = w.source_bundle_id AND b.direction = 'import' WHERE w.id = ?`,
    )
    .get(w.id) as { source_bundle_id: string | null; signer_fingerprint: string | null; signer_name: string | null; signer_org: string | null } | undefined;
  if (here) {
    const own = !here.source_bundle_id && !!store.sql('SELECT 1 FROM signing_keys WHERE fingerprint = ?').get(m.signer.fingerprint);
    if (!own && here.signer_fingerprint !== m.signer.fingerprint) {
      const by = here.source_bundle_id ? `${here.signer_name} (${here.signer_org}, ${here.signer_fingerprint})` : 'this installation';
      throw clash(`workshop ${w.id} is already here, brought by ${by}; this bundle is signed by ${m.signer.name} (${m.signer.organisation}, ${m.signer.fingerprint}); nothing imported`);
    }
  }
  const imported = store
    .sql(`SELECT id, created_at FROM bundles WHERE direction = 'import' AND kind = 'contributions' AND json_extract(details, '$.workshopId') = ? AND signer_fingerprint = ?`)
    .all(w.id, m.signer.fingerprint) as Array<{ id: string; created_at: string }>;
  const seq = exportNumber(m.bundleId, m.createdAt);
  // named: the latest export imported
  const later = imported.map((b) => ({ ...b, seq: exportNumber(b.id, b.created_at) })).filter((b) => b.seq >= seq).sort((a, b) => b.seq - a.seq)[0];
  if (!later) return;
  throw clash(`this is an older export of workshop "${w.title}" (made ${m.createdAt}, export no. ${seq}) than bundle ${later.id} (made ${later.created_at}, export no. ${later.seq}), already imported; importing it would undo what changed since; nothing imported`);
}
