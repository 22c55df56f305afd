/**
 * The picture attachments of a draft's questions, for the exported review (docx-pictures.ts,
 * print-html.ts): which attachments are pictures and which are read is shared/picture-files.ts
 * (`questionPictureFiles`, the renderer's print view uses the same rule); here their bytes are
 * read from the blob store; one missing from the store comes without bytes (the export names it
 * instead of showing it). What the bytes really are is checked by the export.
 */
import fs from 'node:fs';
import { questionPictureFiles, type PictureFile } from '../../shared/picture-files';
import type { Store } from '../store/store';
import { listAttachmentRows, shownName } from './attachments';
import { blobPath } from './blobs';

export function questionPictures(store: Store, draftId: string): Map<string, PictureFile[]> {
  const rows = listAttachmentRows(store, draftId).map((r) => ({ ...shownName(r), field: r.field, size: r.size, sha256: r.sha256 }));
  return questionPictureFiles(rows, (r) => {
    try {
      return fs.readFileSync(blobPath(store, r.sha256));
    } catch {
      return null;
    }
  });
}
