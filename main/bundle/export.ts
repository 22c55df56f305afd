/**
 * Export: a draft (or some of its sections) to a signed .gcmr, optionally age-encrypted to
 * .gcmr.age. This file decides what a draft bundle carries (draft.json, its attachments, the
 * manifest's draft fields); the signed envelope is envelope.ts's, shared by every bundle kind.
 */
import { shownName } from '../attachments/attachments';
import type { SigningKeys } from '../keys/signing-keys';
import type { Drafts } from '../services/drafts';
import type { Store } from '../store/store';
import { buildDraftPayload } from './draft-payload';
import { writeSignedBundle, type WrittenBundle } from './envelope';

export interface ExportInput {
  draftId: string;
  outFile: string;
  sections?: string[];
  recipients?: string[];
}

/** What the envelope wrote (less its manifest), with what this draft put in it. */
export type ExportedBundle = Omit<WrittenBundle, 'manifest'> & {
  sections: string[] | null;
  fields: number;
  attachments: number;
  draftId: string;
  draftTitle: string;
};

export async function exportDraftBundle(store: Store, drafts: Drafts, keys: SigningKeys, input: ExportInput): Promise<ExportedBundle> {
  const draft = drafts.row(input.draftId);
  const template = drafts.template(draft);
  const sections = input.sections?.length ? [...new Set(input.sections)] : null;
  const built = buildDraftPayload(store, draft, template, sections);
  const w = await writeSignedBundle(store, keys, {
    kind: 'draft',
    template,
    manifest: (common) => ({ ...common, kind: 'draft', draft: { id: draft.id, title: draft.title }, sections, derivedFrom: draft.origin_bundle_id, baseRevisions: built.baseRevisions }),
    payload: Buffer.from(JSON.stringify(built.payload, null, 1)),
    attachments: built.files.map((f) => {
      const shown = shownName(f.row);
      return { path: f.path, sha256: f.row.sha256, size: f.row.size, mediaType: shown.mediaType, originalName: shown.name };
    }),
    outFile: input.outFile,
    recipients: input.recipients,
    record: {
      draftId: draft.id,
      details: { sections, baseRevisions: built.baseRevisions, attachmentIds: built.payload.attachments.map((a) => a.id), fields: built.payload.fields.length },
    },
  });
  const { manifest: _manifest, ...written } = w;
  return {
    ...written,
    sections,
    fields: built.payload.fields.length,
    attachments: built.payload.attachments.length,
    draftId: draft.id,
    draftTitle: draft.title,
  };
}
