/**
 * The picture attachments of a draft's questions, for the exported review (docx-pictures.ts,
 * print-html.ts): attachments whose media type says PNG, JPEG or GIF, in the order they were
 * added, with their bytes read from the blob store; a file over MAX_PICTURE_BYTES, past the
 * export's total (MAX_PICTURES_TOTAL) or missing from the store comes without bytes (the export
 * names it instead of showing it). What the bytes really are is checked by the export.
 */
import fs from 'node:fs';
import { MAX_PICTURE_BYTES, MAX_PICTURES_TOTAL, PICTURE_TYPES, type PictureFile } from '../interchange/picture-files';
import type { Store } from '../store/store';
import { listAttachmentRows, shownName } from './attachments';
import { blobPath } from './blobs';

export function questionPictures(store: Store, draftId: string): Map<string, PictureFile[]> {
  const out = new Map<string, PictureFile[]>();
  let total = 0;
  for (const r of listAttachmentRows(store, draftId)) {
    const { name, mediaType } = shownName(r);
    if (!PICTURE_TYPES.has(mediaType)) continue;
    let bytes: Buffer | null = null;
    if (r.size <= MAX_PICTURE_BYTES && total + r.size <= MAX_PICTURES_TOTAL) {
      try {
        bytes = fs.readFileSync(blobPath(store, r.sha256));
        total += bytes.length;
      } catch {
        bytes = null;
      }
    }
    out.set(r.field, [...(out.get(r.field) ?? []), { name, mediaType, bytes: bytes && bytes.length <= MAX_PICTURE_BYTES ? bytes : null }]);
  }
  return out;
}
