/**
 * The print view's pictures, as the Word export and the print HTML draw them (one rule:
 * shared/picture-files.ts): a question's picture attachments (PNG, JPEG, GIF, told by their
 * bytes), the one a "[Picture n: alt]" placeholder names drawn in its place, the others after the
 * answer with a caption in the document's language, numbered across the document. The bytes come
 * only through window.api (readAttachmentData, capped at MAX_TRANSFER_BYTES, which is the export's
 * MAX_PICTURE_BYTES); a picture that cannot be read or is not a readable picture keeps its
 * placeholder text, or is named after the answer. The page draws them from blob: URLs (the app's
 * CSP allows img-src blob:), made from the checked bytes with the type the bytes say.
 */
import { useEffect, useState } from 'react';
import type { Api } from '../../../shared/contract';
import type { Doc, Inline } from '../../../shared/doc';
import type { DocumentText } from '../../../shared/document-text';
import { checkPicture, FigureCaptions, PICTURE_MEDIA_TYPE, PicturePlacer, picturesToRead, questionPictureFiles, type CheckedPicture, type TextPiece } from '../../../shared/picture-files';
import { base64ToBytes } from './bytes';

/** A draft's picture attachments by question, checked (format and size from their bytes). */
export async function loadQuestionPictures(api: Api, draftId: string): Promise<Map<string, CheckedPicture[]>> {
  // the draft prints without its pictures (their placeholders stay) rather than not at all
  const list = await api.listAttachments({ draftId }).catch(() => []);
  const read = new Map<string, Uint8Array>();
  // one at a time: up to MAX_PICTURES_TOTAL of base64 goes through the page
  for (const { row, read: wanted } of picturesToRead(list)) {
    if (!wanted) continue;
    try {
      read.set(row.id, base64ToBytes((await api.readAttachmentData({ attachmentId: row.id })).base64));
    } catch {
      // missing from the store, or over the transfer cap: not drawn (its placeholder stays, or it is named)
    }
  }
  const files = questionPictureFiles(list, (a) => read.get(a.id) ?? null);
  return new Map([...files].map(([question, pictures]) => [question, pictures.map(checkPicture)]));
}

/** One answer's pictures in the print view. */
export interface AnswerPictures {
  /** the answer's text nodes that hold placeholders of its pictures, cut there */
  inText: Map<Inline, TextPiece[]>;
  /** the pictures no placeholder took, each with its caption ("Figure 1: map.png", or a line naming one not shown) */
  after: Array<{ picture: CheckedPicture; caption: string }>;
}

/** The pictures of `questions` (in the document's order: the figures are numbered across it, as in the export). */
export function answerPictures(questions: Array<{ id: string; answer: Doc | null }>, pictures: Map<string, CheckedPicture[]>, x: DocumentText): Map<string, AnswerPictures> {
  const captions = new FigureCaptions(x);
  const out = new Map<string, AnswerPictures>();
  for (const q of questions) {
    const own = pictures.get(q.id);
    if (!own?.length) continue;
    const placer = new PicturePlacer(own);
    const inText = q.answer ? placer.splitDoc(q.answer) : new Map<Inline, TextPiece[]>();
    out.set(q.id, { inText, after: placer.rest().map((picture) => ({ picture, caption: captions.next(picture) })) });
  }
  return out;
}

/**
 * A blob: URL for each picture that can be shown, revoked when the view goes or the pictures
 * change; null until they are made for these `pictures`.
 */
export function usePictureUrls(pictures: Map<string, CheckedPicture[]> | undefined): Map<CheckedPicture, string> | null {
  const [made, setMade] = useState<{ of: Map<string, CheckedPicture[]>; urls: Map<CheckedPicture, string> } | null>(null);
  useEffect(() => {
    if (!pictures) return;
    const urls = new Map<CheckedPicture, string>();
    for (const p of [...pictures.values()].flat()) {
      // the bytes are base64ToBytes' own ArrayBuffer (loadQuestionPictures)
      if (p.image) urls.set(p, URL.createObjectURL(new Blob([p.image.bytes as Uint8Array<ArrayBuffer>], { type: PICTURE_MEDIA_TYPE[p.image.format] })));
    }
    setMade({ of: pictures, urls });
    return () => {
      for (const u of urls.values()) URL.revokeObjectURL(u);
    };
  }, [pictures]);
  return made && made.of === pictures ? made.urls : null;
}
