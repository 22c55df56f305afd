/**
 * The signed bundle format (.gcmr): a zip holding exactly
 *   bundle.json        the manifest below (type, format version, kind, ids, signer, every file's hash)
 *   <payload>.json     the kind's payload (kind 'draft': draft.json; kind 'contributions': contributions.json)
 *   attachments/NNNN.ext  attachment bytes under app-made names (original names only in the manifest)
 *   VERIFY.txt         how to check the bundle with openssl and sha256sum
 *   SHA256SUMS         sha256sum format, C-sorted, over every file above
 *   SHA256SUMS.sig     raw 64-byte Ed25519 signature over the bytes of SHA256SUMS
 *   signer.pub.pem     the signer's SPKI public key: a convenience only; trust comes from the register
 * A kind adds a member to BundleManifest's union, its payload schema, and its entry in
 * PAYLOAD_FILES; the envelope (hashes, signature, file set) is the same for every kind and is
 * written and checked by one code path (main/bundle/envelope.ts, main/bundle/reader.ts).
 */
import { z } from 'zod';
import { IsoInstant, Uuid } from './contract/common';
import { Authority, Country, FieldValue, Title } from './contract/drafts';
import { WorkshopDate } from './contract/workshops';
import { CONTRIBUTIONS_PAYLOAD_FILE } from './contributions-format';
import { FieldId } from './template/schema';

export const BUNDLE_TYPE = 'gcm-review-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_EXTENSION = '.gcmr';

export const BUNDLE_KINDS = ['draft', 'contributions'] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];
export const PAYLOAD_FILES: Record<BundleKind, string> = { draft: 'draft.json', contributions: CONTRIBUTIONS_PAYLOAD_FILE };

export const MANIFEST_FILE = 'bundle.json';
export const SUMS_FILE = 'SHA256SUMS';
export const SIG_FILE = 'SHA256SUMS.sig';
export const PUBKEY_FILE = 'signer.pub.pem';
export const VERIFY_FILE = 'VERIFY.txt';
/** Files every bundle has besides those its manifest lists. */
export const FIXED_FILES = [MANIFEST_FILE, VERIFY_FILE, SUMS_FILE, SIG_FILE, PUBKEY_FILE] as const;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest');
export const Fingerprint = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'not a key fingerprint (sha256:<64 hex>)');
/** Names inside a bundle are made by the app: a payload file or attachments/NNNN[.ext]. */
export const AttachmentPath = z.string().regex(/^attachments\/\d{4,6}(\.[a-z0-9]{1,10})?$/, 'not an attachment path');
export const BundlePath = z.string().regex(/^([a-z][a-z0-9-]{0,30}\.json|attachments\/\d{4,6}(\.[a-z0-9]{1,10})?)$/, 'not a bundle file path');

export const BundleFile = z
  .object({
    path: BundlePath,
    sha256: Sha256Hex,
    size: z.number().int().nonnegative(),
    mediaType: z.string().min(1).max(200),
    originalName: z.string().max(500).optional(),
  })
  .strict();
export type BundleFile = z.infer<typeof BundleFile>;

export const Signer = z.object({ name: z.string().max(200), organisation: z.string().max(300), fingerprint: Fingerprint }).strict();

/** Just enough to tell a bundle of another type or a newer format apart before the full parse. */
export const ManifestHeader = z.object({ type: z.string(), formatVersion: z.unknown() });

const ManifestCommon = {
  type: z.literal(BUNDLE_TYPE),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  bundleId: Uuid,
  /** When it was made, by the exporter's clock (the app writes toISOString()): shown as it is; a workshop export's replay check compares the number its bundle id carries instead (main/workshops/export-sequence.ts). */
  createdAt: IsoInstant,
  appVersion: z.string().max(40),
  template: z.object({ id: z.string().max(64), version: z.string().max(20) }).strict(),
  signer: Signer,
  files: z.array(BundleFile).max(100_000),
};

export const DraftManifest = z
  .object({
    ...ManifestCommon,
    kind: z.literal('draft'),
    draft: z.object({ id: Uuid, title: Title }).strict(),
    /** The sections exported, or null for the whole draft. */
    sections: z.array(z.string().regex(/^[A-Z]{1,6}$/)).max(50).nullable(),
    /** The bundle the exporter's draft was itself imported from, if any. */
    derivedFrom: Uuid.nullable(),
    /** Field -> the head revision the exporter's draft had: the base of a later three-way merge. */
    baseRevisions: z.record(FieldId, Uuid),
  })
  .strict();

/** A workshop's contributions (payload: ContributionsPayload in shared/contributions-format.ts). */
export const ContributionsManifest = z
  .object({
    ...ManifestCommon,
    kind: z.literal('contributions'),
    workshop: z.object({ id: Uuid, title: z.string().max(300), date: WorkshopDate, place: z.string().max(200), authority: z.string().max(300) }).strict(),
    /** The draft the workshop was held for on the facilitator's laptop, if any (informative only). */
    draftId: Uuid.nullable(),
    counts: z.object({ participants: z.number().int().nonnegative(), namedParticipants: z.number().int().nonnegative(), contributions: z.number().int().nonnegative() }).strict(),
  })
  .strict();

export const BundleManifest = z.discriminatedUnion('kind', [DraftManifest, ContributionsManifest]).superRefine((m, ctx) => {
  const paths = m.files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) ctx.addIssue({ code: 'custom', path: ['files'], message: 'a file is listed twice' });
  const payload = PAYLOAD_FILES[m.kind];
  if (!paths.includes(payload)) ctx.addIssue({ code: 'custom', path: ['files'], message: `${payload} is not listed` });
  for (const p of paths) if (!p.startsWith('attachments/') && p !== payload) ctx.addIssue({ code: 'custom', path: ['files'], message: `unexpected file ${p}` });
  if (m.kind === 'contributions' && paths.length !== 1) ctx.addIssue({ code: 'custom', path: ['files'], message: 'a contributions bundle carries no attachments' });
});
export type BundleManifest = z.infer<typeof BundleManifest>;

export const RevisionRecord = z
  .object({
    id: Uuid,
    parentId: Uuid.nullable(),
    mergeParentId: Uuid.nullable(),
    value: FieldValue,
    authorName: z.string().max(200),
    authorOrganisation: z.string().max(300),
    installationId: z.string().max(64),
    createdAt: IsoInstant,
    note: z.string().max(2000).nullable(),
  })
  .strict();
export type RevisionRecord = z.infer<typeof RevisionRecord>;

export const FieldRecord = z
  .object({ field: FieldId, head: Uuid, revisions: z.array(RevisionRecord).min(1).max(100_000) })
  .strict();

export const AttachmentRecord = z
  .object({
    id: Uuid,
    field: FieldId,
    path: AttachmentPath,
    sha256: Sha256Hex,
    name: z.string().min(1).max(500),
    mediaType: z.string().min(1).max(200),
    size: z.number().int().nonnegative(),
    addedAt: IsoInstant,
    authorName: z.string().max(200),
    authorOrganisation: z.string().max(300),
    installationId: z.string().max(64),
  })
  .strict();
export type AttachmentRecord = z.infer<typeof AttachmentRecord>;

/** draft.json: a draft's fields with their whole revision history, and its attachments. */
export const DraftPayload = z
  .object({
    kind: z.literal('draft'),
    draft: z
      .object({
        id: Uuid,
        /** As a draft's are (shared/contract/drafts.ts): what the Word export writes carries no character XML cannot. */
        title: Title,
        country: Country,
        /** Document language and submitting authority (absent in bundles made before they existed). */
        language: z.enum(['en', 'fr', 'ar']).optional(),
        authority: Authority.optional(),
        templateId: z.string().max(64),
        templateVersion: z.string().max(20),
        createdAt: IsoInstant,
      })
      .strict(),
    fields: z.array(FieldRecord).max(10_000),
    attachments: z.array(AttachmentRecord).max(10_000),
  })
  .strict();
export type DraftPayload = z.infer<typeof DraftPayload>;
