/**
 * The narrow seam between workshops/consolidation and the signed bundle layer (issue 3).
 *
 * This module decides WHAT goes into and comes out of a bundle; the bundle layer decides HOW it
 * is signed, encrypted, verified and trusted, through `SignedBundleIO` (bundle-io.ts, over the
 * one envelope every bundle kind shares: main/bundle/envelope.ts and main/bundle/reader.ts).
 *  - exportWorkshopBundle: a workshop's contributions (names only with consent; payload.ts) as a
 *    signed bundle of kind 'contributions'.
 *  - importBundleInto: into an existing draft; kind 'contributions' queues the contributions as
 *    pending (provenance: the import row in `bundles` holds signer, fingerprint, trust status);
 *    kind 'draft' (a returned draft) merges three ways, and the files it attaches that the draft
 *    does not hold arrive with it. Twice: refused, nothing changed; but a returned draft imported
 *    as a new draft by mistake merges here afterwards (main/bundle/moved-import.ts).
 */
import { AppError } from '../../shared/contract/common';
import type { ContributionsPayload } from '../../shared/contributions-format';
import { mergeReturnedDraft, type MergeReport } from '../merge/returned-draft';
import type { Store } from '../store/store';
import { importContributions, type ContributionsImport } from './import';
import { assertWorkshopSource } from './import-guards';
import { workshopPayload } from './payload';
import { assertNotImported } from '../bundle/already';
import { moveImportRecord, movableImport } from '../bundle/moved-import';
import { otherDraft } from '../bundle/refusals';
import { exportRecord } from '../bundle/export-record';
import type { StagedFile } from '../bundle/reader';
import { withStagedBlobs } from '../bundle/travelled-attachment';
import { assertSameAsHere } from '../bundle/travelled-revision';
import type { DraftPayload } from '../../shared/bundle-format';
import type { ContributionsSummary, MergeSummary } from '../../shared/contract/import-into';

export interface VerifiedBundle {
  manifest: {
    bundleId: string;
    kind: string;
    createdAt: string;
    template: { id: string; version: string };
    /** as the trust register knows the key (the name bundle.json gives only for an unknown key) */
    signer: { name: string; organisation: string; fingerprint: string };
    /** what bundle.json says, when the register knows the key under another name */
    claimedSigner?: { name: string; organisation: string } | null;
    /** kind 'draft': the bundle the exporter's draft was imported from (our export of the master) */
    derivedFrom?: string | null;
    /** kind 'contributions': the workshop */
    workshopId?: string | null;
  };
  /** kind 'draft': DraftPayload (draft.json); kind 'contributions': ContributionsPayload */
  payload: unknown;
  trust: { status: string };
  fileSha256: string;
  /** SHA-256 of the signed SHA256SUMS (tells another bundle under an id already imported) */
  signedSums: string;
  /** the attachments' verified bytes, staged (importBundleInto places or removes them) */
  staged: StagedFile[];
}

export interface SignedBundleIO {
  write(input: { kind: 'contributions'; payload: ContributionsPayload; template: { id: string; version: string }; draftId: string | null; title: string; outFile: string; recipients?: string[] }): Promise<{ bundleId: string; file: string }>;
  readVerified(file: string, opts: { identityFile?: string; acceptUnknownSigner?: boolean }): Promise<VerifiedBundle>;
  recordImport(b: VerifiedBundle, file: string, draftId: string): void;
}

const NOT_WIRED = 'signed bundles are not wired into this build (createServices passes a SignedBundleIO)';

export async function exportWorkshopBundle(io: SignedBundleIO | undefined, store: Store, input: { workshopId: string; file: string; recipients?: string[] }) {
  const payload = workshopPayload(store, input.workshopId);
  if (!io) throw new AppError('internal', NOT_WIRED);
  const r = await io.write({ kind: 'contributions', payload, template: payload.template, draftId: payload.workshop.draftId, title: payload.workshop.title, outFile: input.file, recipients: input.recipients });
  return { file: r.file, bundleId: r.bundleId, contributions: payload.contributions.length };
}

/** The base of a returned draft: the heads we recorded when we exported the master it came from. */
export function exportedBaseRevisions(store: Store, exportBundleId: string | null | undefined): Record<string, string> {
  if (!exportBundleId) return {};
  const row = store.sql("SELECT details FROM bundles WHERE id = ? AND direction = 'export'").get(exportBundleId) as { details: string } | undefined;
  const base = row ? (JSON.parse(row.details) as { baseRevisions?: Record<string, string> }).baseRevisions : undefined;
  return base ?? {};
}

/** A returned draft taken from our export of draft X merges into X only (a mistake or a trick otherwise). */
function assertReturnOf(store: Store, derivedFrom: string | null | undefined, draftId: string): void {
  const exported = exportRecord(store, derivedFrom);
  if (exported && exported.draftId !== draftId) {
    throw otherDraft(`this returned draft was taken from bundle ${derivedFrom}, an export of draft ${exported.title ? `"${exported.title}" (${exported.draftId})` : (exported.draftId ?? 'since deleted')}, not of draft ${draftId}; merge it into that draft or import it as a new draft; nothing imported`);
  }
}

export async function importBundleInto(
  io: SignedBundleIO | undefined,
  store: Store,
  input: { file: string; draftId: string; identityFile?: string; acceptUnknownSigner?: boolean },
): Promise<IntoResult> {
  if (!io) throw new AppError('internal', NOT_WIRED);
  const b = await io.readVerified(input.file, { identityFile: input.identityFile, acceptUnknownSigner: input.acceptUnknownSigner });
  const m = b.manifest;
  return withStagedBlobs(store, b.staged, (placeBlobs) => {
    // a returned draft imported as a new draft by mistake may still be merged here, once (moved-import.ts)
    const movable = () => (m.kind === 'draft' ? movableImport(store, m, b.signedSums, input.draftId) : null);
    const notImported = () => assertNotImported(store, m.bundleId, b.signedSums, { into: true });
    if (!movable()) notImported();
    placeBlobs();
    return store.tx(() => {
      if (m.kind === 'contributions') {
        notImported(); // again under the write lock: the same bundle imported meanwhile by another process is "already imported", not an "older export" of itself
        return intoWorkshop(io, store, b, input);
      }
      if (m.kind === 'draft') {
        const first = movable(); // again inside the transaction: another import may have finished meanwhile
        if (!first) {
          notImported(); // likewise: the first import may have been moved meanwhile
          return intoDraft(io, store, b, input, () => io.recordImport(b, input.file, input.draftId));
        }
        const title = (store.sql('SELECT title FROM drafts WHERE id = ?').pluck().get(input.draftId) as string | undefined) ?? '';
        const r = intoDraft(io, store, b, input, () => moveImportRecord(store, m.bundleId, first, { draftId: input.draftId, title }, () => io.recordImport(b, input.file, input.draftId)));
        const movedFrom = { draftId: first.draftId, title: first.title };
        return { ...r, message: `${r.message}; draft "${first.title}" (${first.draftId}), made by its first import as a new draft, ${first.inTrash ? 'stays in' : 'was moved to'} the trash`, movedFrom };
      }
      throw new AppError('bad_file', `a bundle of kind "${m.kind}" cannot be imported into a draft`);
    });
  });
}

type IntoResult = { kind: string; bundleId: string; message: string; details: ContributionsImport | MergeReport; merged?: MergeSummary; contributions?: ContributionsSummary; movedFrom?: { draftId: string; title: string } };
const fromOf = (b: VerifiedBundle) => `${b.manifest.signer.name} (${b.manifest.signer.organisation})`;

function intoWorkshop(io: SignedBundleIO, store: Store, b: VerifiedBundle, input: { file: string; draftId: string }): IntoResult {
  const m = b.manifest;
  assertWorkshopSource(store, b.payload as ContributionsPayload, m);
  const r = importContributions(store, input.draftId, b.payload, { bundleId: m.bundleId });
  io.recordImport(b, input.file, input.draftId);
  const contributions: ContributionsSummary = { workshop: r.workshopTitle, date: r.workshopDate, place: r.workshopPlace, from: fromOf(b), added: r.added, updated: r.updated, keptDecided: r.keptDecided, withdrawn: r.withdrawn, alreadyHere: r.alreadyPresent };
  return { kind: m.kind, bundleId: m.bundleId, message: `${r.message}; signed by ${fromOf(b)}`, details: r, contributions };
}

function intoDraft(io: SignedBundleIO, store: Store, b: VerifiedBundle, input: { file: string; draftId: string }, record: () => void): IntoResult {
  const m = b.manifest;
  assertReturnOf(store, m.derivedFrom, input.draftId);
  const p = b.payload as DraftPayload;
  assertSameAsHere(store, input.draftId, p.fields);
  const r = mergeReturnedDraft(store, input.draftId, { fields: p.fields, baseRevisions: exportedBaseRevisions(store, m.derivedFrom), attachments: p.attachments }, { bundleId: m.bundleId, from: fromOf(b) });
  record();
  const c = r.counts;
  const s: MergeSummary = { from: fromOf(b), merged: c.merged, taken: c['fast-forward'] + c.new, unchanged: c['kept-ours'] + c['up-to-date'], conflicts: c.conflict, attachments: r.attachmentsAdded };
  const files = s.attachments ? `, ${s.attachments} attachment${s.attachments === 1 ? '' : 's'} added` : '';
  const message = `merged from ${s.from}: ${s.merged} merged, ${s.taken} taken, ${s.unchanged} unchanged, ${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'} to resolve${files}`;
  return { kind: m.kind, bundleId: m.bundleId, message, details: r, merged: s };
}

