/**
 * Attachments that arrived in a verified bundle: the staged bytes go to their content addresses
 * before the transaction that records them (withStagedBlobs), and each attachment becomes a row
 * of the draft under a new id, with its original author and time, the bundle it came from, and
 * its name and media type cleaned as this store keeps them (clean-name.ts). Used by an import as
 * a new draft and by the merge of a returned draft.
 */
import fs from 'node:fs';
import type { AttachmentRecord } from '../../shared/bundle-format';
import { insertAttachment, shownName } from '../attachments/attachments';
import { blobPath, placeStaged, recordBlob } from '../attachments/blobs';
import { newId, type Store } from '../store/store';
import type { StagedFile } from './reader';

/**
 * Places the staged files, then runs `write` (the transaction that records them). If it fails,
 * the blob files it placed that no row records are removed; the staging files always are.
 */
export async function withStagedBlobs<R>(store: Store, staged: Iterable<StagedFile>, write: (place: () => void) => R | Promise<R>): Promise<R> {
  const files = [...staged];
  const created: string[] = [];
  try {
    return await write(() => {
      for (const s of files) if (placeStaged(store, s.tmp, s.sha256)) created.push(s.sha256);
    });
  } catch (e) {
    for (const sha of created) if (!store.sql('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha)) fs.rmSync(blobPath(store, sha), { force: true });
    throw e;
  } finally {
    for (const s of files) fs.rmSync(s.tmp, { force: true });
  }
}

/** Records one attachment of a bundle in a draft (inside the transaction; its blob is placed). */
export function insertTravelledAttachment(store: Store, att: AttachmentRecord, at: { draftId: string; bundleId: string }): string {
  const id = newId();
  const { name, mediaType } = shownName({ name: att.name, media_type: att.mediaType });
  recordBlob(store, att.sha256, att.size);
  insertAttachment(store, {
    id,
    draft_id: at.draftId,
    field: att.field,
    sha256: att.sha256,
    name,
    media_type: mediaType,
    size: att.size,
    added_at: att.addedAt,
    author_name: att.authorName,
    author_org: att.authorOrganisation,
    installation_id: att.installationId,
    removed_at: null,
    source_bundle_id: at.bundleId,
  });
  return id;
}
