/**
 * SignedBundleIO over the signed bundle layer (main/bundle, issue 3), used by bundle-adapter.ts.
 *  - kind 'draft' (a returned draft): read with verifyBundleFile (envelope, signature, template,
 *    draft.json checks, trust decision); revoked signers are refused, unknown ones only with an
 *    explicit confirmation that is recorded. Attachments of the returned draft are verified but
 *    not taken in by the merge (yet): the merge is about answers.
 *  - kind 'contributions': needs the bundle format to know that kind (BUNDLE_KINDS, a manifest
 *    member, PAYLOAD_FILES, a generic export/verify of the payload); until then write() and
 *    reading such a bundle refuse with a clear message. See bundle-adapter.ts for the exact steps.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/contract/common';
import type { TrustRegister } from '../keys/trust';
import { verifyBundleFile } from '../bundle/verify';
import type { Templates } from '../services/templates';
import { nowIso, type Store } from '../store/store';
import type { SignedBundleIO, VerifiedBundle } from './bundle-adapter';

async function hashFile(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), h);
  return h.digest('hex');
}

const CONTRIBUTIONS_NOT_IN_FORMAT =
  'signed contribution bundles need the bundle format to support kind "contributions" (shared/bundle-format.ts); see main/workshops/bundle-adapter.ts';

export function signedBundleIO(deps: { store: Store; templates: Templates; trust: TrustRegister }): SignedBundleIO {
  return {
    async write() {
      throw new AppError('internal', CONTRIBUTIONS_NOT_IN_FORMAT);
    },

    async readVerified(file, opts): Promise<VerifiedBundle> {
      const v = await verifyBundleFile(deps, file, opts.identityFile);
      const m = v.archive.manifest;
      const t = v.report.trust;
      if (t.status === 'revoked') throw new AppError('forbidden', `refused: ${t.reason}; bundles signed by a revoked key are never imported`);
      if (t.status !== 'trusted' && !opts.acceptUnknownSigner) {
        throw new AppError(
          'forbidden',
          `the signer ${m.signer.name} (${m.signer.organisation}, ${m.signer.fingerprint}) is ${t.status === 'expired' ? 'outside its validity in' : 'not in'} your trust register: check the fingerprint with them, then add their key (trust add) or confirm this import explicitly (--accept-unknown-signer)`,
        );
      }
      return {
        manifest: { bundleId: m.bundleId, kind: m.kind, createdAt: m.createdAt, template: m.template, signer: m.signer, derivedFrom: m.derivedFrom },
        payload: v.payload,
        trust: { status: t.status },
        fileSha256: await hashFile(file),
      };
    },

    recordImport(b, file, draftId) {
      const m = b.manifest;
      deps.store
        .sql(
          `INSERT INTO bundles (id, direction, draft_id, kind, file_name, file_sha256, signer_fingerprint, signer_name, signer_org, recipients, created_at, recorded_at, details)
           VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
        )
        .run(m.bundleId, draftId, m.kind, file, b.fileSha256, m.signer.fingerprint, m.signer.name, m.signer.organisation, m.createdAt, nowIso(), JSON.stringify({ mergedInto: draftId, trust: b.trust.status, derivedFrom: m.derivedFrom ?? null }));
      deps.store.audit(draftId, 'bundle.import', { target: m.bundleId, newValue: `${m.kind} from ${m.signer.name} (${m.signer.organisation}) ${m.signer.fingerprint}` });
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
