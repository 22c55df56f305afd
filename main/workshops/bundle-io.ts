/**
 * SignedBundleIO over the signed bundle layer (main/bundle, issue 3), used by bundle-adapter.ts.
 *  - write(): a workshop's contributions payload through the one signed envelope every kind
 *    shares (main/bundle/envelope.ts): contributions.json, no attachments; recorded in the outbox
 *    (kind 'contributions', draft_id = the workshop's draft or NULL).
 *  - readVerified(): verifyBundleFile (envelope, signature, template, the kind's payload checks,
 *    trust decision); revoked signers are refused, unknown ones only with an explicit
 *    confirmation, which recordImport() records in the audit log. Writes nothing to the store; a
 *    returned draft's attachments are staged while hashed (`staged`), for the merge to take in.
 */
import fs from 'node:fs';
import { AppError } from '../../shared/contract/common';
import type { SigningKeys } from '../keys/signing-keys';
import type { TrustRegister } from '../keys/trust';
import { contributionCounts } from '../bundle/contributions-payload';
import { writeSignedBundle } from '../bundle/envelope';
import { verifyBundleFile } from '../bundle/verify';
import type { Templates } from '../services/templates';
import { nowIso, type Store } from '../store/store';
import type { SignedBundleIO, VerifiedBundle } from './bundle-adapter';
import { assertSignerAccepted } from '../bundle/refusals';
import { recordedSigner } from '../bundle/signer';
import { fileSha256 } from '../bundle/file-sha256';
import { stageStream } from '../attachments/blobs';
import { reserveExportSequence } from './export-sequence';
import { uuid7At } from '../store/uuid7';


export function signedBundleIO(deps: { store: Store; templates: Templates; trust: TrustRegister; keys: SigningKeys }): SignedBundleIO {
  return {
    async write(input) {
      const p = input.payload;
      const w = p.workshop;
      const counts = contributionCounts(p);
      // the export's number travels as its id's time (export-sequence.ts)
      const exportSequence = reserveExportSequence(deps.store, w.id);
      const r = await writeSignedBundle(deps.store, deps.keys, {
        kind: 'contributions',
        template: p.template,
        bundleId: uuid7At(exportSequence),
        manifest: (common) => ({ ...common, kind: 'contributions', workshop: { id: w.id, title: w.title, date: w.date, place: w.place, authority: w.authority }, draftId: w.draftId, counts }),
        payload: Buffer.from(JSON.stringify(p, null, 1)),
        outFile: input.outFile,
        recipients: input.recipients,
        record: { draftId: w.draftId, details: { workshopId: w.id, workshopTitle: w.title, ...counts, fields: 0, namedParticipants: p.participants.filter((x) => x.name !== null).map((x) => x.id) } },
      });
      return { bundleId: r.bundleId, file: r.file };
    },

    async readVerified(file, opts): Promise<VerifiedBundle> {
      const v = await verifyBundleFile(deps, file, opts.identityFile, (src, max) => stageStream(deps.store, src, max));
      const staged = [...v.archive.staged.values()];
      try {
        const m = v.archive.manifest;
        const t = v.report.trust;
        assertSignerAccepted(t, m.signer, opts.acceptUnknownSigner);
        const signer = recordedSigner(m.signer, t);
        return {
          manifest: { bundleId: m.bundleId, kind: m.kind, createdAt: m.createdAt, template: m.template, signer: { name: signer.name, organisation: signer.organisation, fingerprint: signer.fingerprint }, claimedSigner: signer.claimed, derivedFrom: m.kind === 'draft' ? m.derivedFrom : null, workshopId: m.kind === 'contributions' ? m.workshop.id : null },
          payload: v.payload,
          trust: { status: t.status },
          fileSha256: await fileSha256(file),
          signedSums: v.archive.signedSums,
          staged,
        };
      } catch (e) {
        // refused once verified (a revoked or unconfirmed signer): the staged copies go
        for (const s of staged) fs.rmSync(s.tmp, { force: true });
        throw e;
      }
    },

    recordImport(b, file, draftId) {
      const m = b.manifest;
      deps.store
        .sql(
          `INSERT INTO bundles (id, direction, draft_id, kind, file_name, file_sha256, signer_fingerprint, signer_name, signer_org, recipients, created_at, recorded_at, details)
           VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
        )
        .run(m.bundleId, draftId, m.kind, file, b.fileSha256, m.signer.fingerprint, m.signer.name, m.signer.organisation, m.createdAt, nowIso(), JSON.stringify({ mergedInto: draftId, trust: b.trust.status, derivedFrom: m.derivedFrom ?? null, workshopId: m.workshopId ?? null, claimedSigner: m.claimedSigner ?? null, signedSums: b.signedSums }));
      const claim = m.claimedSigner ? `; the bundle names its signer ${m.claimedSigner.name} (${m.claimedSigner.organisation})` : '';
      deps.store.audit(draftId, 'bundle.import', { target: m.bundleId, newValue: `${m.kind} from ${m.signer.name} (${m.signer.organisation}) ${m.signer.fingerprint}${claim}` });
      if (b.trust.status !== 'trusted') {
        deps.store.audit(draftId, 'bundle.import.signer-confirmed', {
          target: m.signer.fingerprint,
          newValue: `${m.signer.name} (${m.signer.organisation})`,
          reason: `user confirmed importing bundle ${m.bundleId} from a signer with trust status "${b.trust.status}"`,
        });
      }
    },
  };
}
