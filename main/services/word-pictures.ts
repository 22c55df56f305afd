/**
 * Pictures of an imported Word file as attachments of the questions they were placed under: their
 * bytes go to the blob store first (content-addressed, outside the transaction; `withStaged`
 * removes a blob no row came to refer to if the work fails), then, inside the caller's
 * transaction, one attachment row each (`attachStaged`), by whoever imports, in the audit. One
 * path for the Word import (a new draft) and for a Word file brought back into its draft
 * (./word-return.ts, which stages only the pictures the draft does not hold).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { insertAttachment } from '../attachments/attachments';
import { blobPath, placeStaged, recordBlob, stageBytes } from '../attachments/blobs';
import { cleanMediaType } from '../attachments/clean-name';
import type { DocxImported, ImportedImage } from '../interchange/docx-import';
import { newId, nowIso, type Store } from '../store/store';

export interface StagedPicture {
  picture: ImportedImage;
  question: string;
  sha256: string;
  size: number;
  created: boolean;
}

/** A picture of an imported file placed under a question, with its bytes' hash (taken once, here: what the draft holds is told by it, and it names the blob). */
export interface PlacedPicture {
  picture: ImportedImage;
  question: string;
  sha256: string;
}

/** The pictures of an imported file placed under a question (the others are not kept), each with its question and hash. */
export function placedPictures(parsed: Pick<DocxImported, 'pictures' | 'images'>): PlacedPicture[] {
  return parsed.pictures.flatMap((picture) => {
    const question = parsed.images.get(picture.index);
    return question ? [{ picture, question, sha256: createHash('sha256').update(picture.bytes).digest('hex') }] : [];
  });
}

/** Stages `pictures` (each with the question it goes to and its hash), runs `work` with them; on failure removes the blobs it created that no row refers to. */
export async function withStaged<T>(store: Store, pictures: readonly PlacedPicture[], work: (staged: StagedPicture[]) => T): Promise<T> {
  const staged: StagedPicture[] = [];
  try {
    for (const { picture, question, sha256 } of pictures) {
      const tmp = await stageBytes(store, picture.bytes);
      staged.push({ picture, question, sha256, size: picture.bytes.length, created: placeStaged(store, tmp, sha256) });
    }
    return work(staged);
  } catch (e) {
    for (const s of staged) if (s.created && !store.sql('SELECT 1 FROM blobs WHERE sha256 = ?').get(s.sha256)) fs.rmSync(blobPath(store, s.sha256), { force: true });
    throw e;
  }
}

/** The staged pictures as attachments of `draftId`'s questions (inside the caller's transaction). */
export function attachStaged(store: Store, draftId: string, staged: readonly StagedPicture[], source: string): void {
  if (!staged.length) return;
  const author = store.author();
  for (const p of staged) {
    recordBlob(store, p.sha256, p.size);
    insertAttachment(store, {
      id: newId(),
      draft_id: draftId,
      field: p.question,
      sha256: p.sha256,
      name: p.picture.name,
      media_type: cleanMediaType(p.picture.contentType.startsWith('image/') ? p.picture.contentType : null, p.picture.name),
      size: p.size,
      added_at: nowIso(),
      author_name: author.name,
      author_org: author.organisation,
      installation_id: author.installationId,
      removed_at: null,
      source_bundle_id: null,
    });
    store.audit(draftId, 'attachment.add', { target: p.question, newValue: `${p.picture.name} (${p.sha256}) from ${source}` });
  }
}
