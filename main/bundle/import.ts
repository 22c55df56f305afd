/**
 * Import: a verified bundle becomes a NEW draft, all or nothing. Everything is verified first
 * (attachments are staged while hashed); only then are the verified bytes moved to their content
 * addresses and the draft, its revisions (original ids, parents, authors kept), attachments and
 * the import record written in one transaction. A failure removes whatever blob files it created.
 * A returned draft (taken from an export of ours) imported so, by mistake, records the master it
 * came back from (returned-copy.ts): its page then says how to merge it there.
 */
import { insertTravelledRevision } from './travelled-revision';
import { AppError } from '../../shared/contract/common';
import type { VerifyReport } from '../../shared/contract/bundles';
import { stageStream } from '../attachments/blobs';
import { insertTravelledAttachment, withStagedBlobs } from './travelled-attachment';
import { revisionExists, setHead } from '../store/revisions';
import { newId, nowIso } from '../store/store';
import { topoOrder } from './draft-payload';
import { verifyBundleFile, type VerifyDeps } from './verify';
import { nameVersion } from '../history/named-versions';
import { assertSignerAccepted, contributionsNeedDraft } from './refusals';
import { recordedSigner } from './signer';
import { assertNotImported } from './already';
import { firstImportAsNewDraft } from './moved-import';
import { returnedFrom } from './returned-copy';
import { fileSha256 as sha256Of } from './file-sha256';

export interface ImportResult {
  draftId: string;
  report: VerifyReport;
  remappedRevisions: number;
}

export async function importBundleFile(
  deps: VerifyDeps,
  input: { file: string; identityFile?: string; acceptUnknownSigner?: boolean },
): Promise<ImportResult> {
  const { store } = deps;
  const v = await verifyBundleFile(deps, input.file, input.identityFile, (src, max) => stageStream(store, src, max));
  return withStagedBlobs(store, v.archive.staged.values(), async (placeBlobs) => {
    const { report, payload } = v;
    const m = v.archive.manifest;
    if (m.kind !== 'draft' || payload.kind !== 'draft') {
      throw contributionsNeedDraft(report.workshop?.title);
    }
    const notImported = () => assertNotImported(store, m.bundleId, v.archive.signedSums, { movable: firstImportAsNewDraft(store, m) !== null });
    notImported();
    assertSignerAccepted(report.trust, m.signer, input.acceptUnknownSigner);

    const signer = recordedSigner(m.signer, report.trust);
    const fileSha256 = await sha256Of(input.file);
    placeBlobs();

    const draftId = newId();
    const a = store.author();
    const at = nowIso();
    let remapped = 0;
    store.tx(() => {
      notImported(); // again inside the transaction: another import may have finished meanwhile
      store
        .sql(
          `INSERT INTO drafts (id, title, country, language, authority, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id, origin_bundle_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(draftId, payload.draft.title, payload.draft.country, payload.draft.language ?? 'en', payload.draft.authority ?? '', payload.draft.templateId, payload.draft.templateVersion, at, at, a.name, a.organisation, a.installationId, m.bundleId);

      for (const f of payload.fields) {
        // A revision already in this store (the bundle shares history with a draft here) gets a
        // new id in the new draft and remembers the one it travels under.
        const idMap = new Map<string, string>();
        for (const r of f.revisions) if (revisionExists(store, r.id)) idMap.set(r.id, newId());
        const local = (id: string | null) => (id === null ? null : (idMap.get(id) ?? id));
        for (const r of topoOrder(f.revisions, f.field)) {
          const id = local(r.id)!;
          insertTravelledRevision(store, r, { id, draftId, field: f.field, local, bundleId: m.bundleId });
          if (id !== r.id) remapped++;
        }
        const head = f.revisions.find((r) => r.id === f.head)!;
        setHead(store, draftId, f.field, local(head.id)!, head.createdAt);
      }
      for (const att of payload.attachments) insertTravelledAttachment(store, att, { draftId, bundleId: m.bundleId });
      store
        .sql(
          `INSERT INTO bundles (id, direction, draft_id, kind, file_name, file_sha256, signer_fingerprint, signer_name, signer_org, recipients, created_at, recorded_at, details)
           VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)`,
        )
        .run(
          m.bundleId,
          draftId,
          m.kind,
          input.file,
          fileSha256,
          signer.fingerprint,
          signer.name,
          signer.organisation,
          m.createdAt,
          at,
          JSON.stringify({ sourceDraftId: m.draft.id, trust: report.trust, encrypted: report.encrypted, sections: m.sections, baseRevisions: m.baseRevisions, remappedRevisions: remapped, claimedSigner: signer.claimed, signedSums: v.archive.signedSums, returnedFrom: returnedFrom(store, m.derivedFrom) ?? undefined }),
        );
      store.audit(draftId, 'bundle.import', { target: m.bundleId, newValue: `${m.draft.title} from ${signer.name} (${signer.organisation}) ${signer.fingerprint}${signer.claimed ? `; the bundle names its signer ${signer.claimed.name} (${signer.claimed.organisation})` : ''}` });
      nameVersion(store, draftId, 'import', `Imported from ${signer.name} (${signer.organisation})`, m.bundleId);
      if (report.trust.status !== 'trusted') {
        store.audit(draftId, 'bundle.import.signer-confirmed', {
          target: signer.fingerprint,
          newValue: `${signer.name} (${signer.organisation})`,
          reason: `user confirmed importing bundle ${m.bundleId} from a signer with trust status "${report.trust.status}"`,
        });
      }
    });
    return { draftId, report, remappedRevisions: remapped };
  });
}

