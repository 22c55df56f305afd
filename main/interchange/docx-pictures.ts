/**
 * Pictures in the Word export: a question's picture attachments (picture-files.ts) drawn in its
 * answer cell. Where the answer has the "[Picture n: alt]" placeholder the Word import wrote for
 * one of them, the picture is drawn there (inline, in place of the placeholder); the others follow
 * the answer, each above a caption ("Figure 1: map.png", in the document's language, in the
 * "GCM Figure Caption" style the import skips, so a re-import does not add it to the answer).
 * A picture is as wide as its natural size at 96 px to the inch, at most the cell's text width
 * (in a table of the answer, that of its own cell: AnswerPictures.within) and MAX_HEIGHT tall,
 * aspect kept; its alt text is the drawing's description (wp:docPr descr): the placeholder's alt
 * text, else the attachment's name without extension. A picture the export cannot show (not PNG,
 * JPEG or GIF by its bytes, truncated, too large) keeps its placeholder text, or after the answer a
 * line naming it.
 */
import { Drawing, ImageRun, Paragraph, type IImageOptions, type IParagraphStyleOptions, type IRunOptions, type ParagraphChild, type Table } from 'docx';
import { docDirection, strongDirection } from '../../shared/doc';
import type { DocumentText } from '../../shared/document-text';
import { FigureCaptions, fitPicture, orientationTurn, PicturePlacer, pictureAlt, stem, type CheckedPicture } from '../../shared/picture-files';
import type { ReviewRow } from './review-document';

/** The figure captions' paragraph style: the DOCX import skips it (furniture, not answer text). */
export const FIGURE_CAPTION_STYLE = { id: 'GcmFigureCaption', name: 'GCM Figure Caption' } as const;
export const FIGURE_STYLES: IParagraphStyleOptions[] = [
  { ...FIGURE_CAPTION_STYLE, basedOn: 'Normal', next: 'Normal', run: { italics: true, size: 18, sizeComplexScript: 18, color: '404040' }, paragraph: { spacing: { after: 160 } } },
];

/** Twips per pixel at 96 px to the inch. */
const TWIPS_PER_PX = 15;
/** The tallest a picture is drawn (px, about 8.3 in): a picture is never split across pages. */
const MAX_HEIGHT = 800;

/** What the pictures need of the export's writer: its direction, its text runs, and where it looks for placeholders. */
export interface PictureWriter {
  dir: 'rtl' | 'ltr';
  pictures?: AnswerPictures;
  textRuns(text: string, rtl: boolean, style?: Omit<IRunOptions, 'text' | 'children'>): ParagraphChild[];
}

/** EMUs per pixel at 96 px to the inch. */
const EMU_PER_PX = 9525;

/**
 * An image run whose drawing says how far the picture, as drawn, reaches past its box
 * (wp:effectExtent): Word lays an inline picture out by its box plus that extent, and a photo
 * turned a quarter (EXIF orientation 5-8) is drawn as its stored pixels turned, its box the
 * unturned one. The docx library writes no extent for an image run (always 0): its drawing is
 * made again here with one, from the same image data (the library's own Drawing).
 */
class TurnedImageRun extends ImageRun {
  constructor(options: IImageOptions, reach: { top: number; right: number; bottom: number; left: number }) {
    super(options);
    const data = (this as unknown as { imageData: ConstructorParameters<typeof Drawing>[0] }).imageData;
    const at = this.root.findIndex((c) => c instanceof Drawing);
    if (at >= 0) this.root[at] = new Drawing(data, { docProperties: options.altText, effectExtent: reach });
  }
}

/**
 * The picture as a drawing (whole pixels, rounded down: never wider than the cell), or null when it
 * cannot be shown. A photo stored turned (EXIF orientation) is fitted as shown upright, and drawn
 * as its stored pixels turned and mirrored back (a:xfrm rot and flip): Word and LibreOffice do not
 * read the EXIF orientation. Turned a quarter, its box (the unturned one, which Word lays out) is
 * fitted too, so that neither box nor picture is wider than the cell, and the drawing's effect
 * extent covers what the turned picture reaches past its box (without it the photo, upright in
 * Word, overlapped the lines above and below it: the 23rd part's second read).
 */
function imageRun(p: CheckedPicture, alt: string, widthTwips: number): ImageRun | null {
  const img = p.image;
  if (!img) return null;
  const quarter = (img.orientation ?? 1) >= 5;
  const maxWidth = widthTwips / TWIPS_PER_PX;
  // turned a quarter, each side is a width and a height (of the picture, of its box)
  const side = Math.min(maxWidth, MAX_HEIGHT);
  const size = quarter ? fitPicture(img.width, img.height, side, side) : fitPicture(img.width, img.height, maxWidth, MAX_HEIGHT);
  const [width, height] = [Math.max(1, Math.floor(size.width)), Math.max(1, Math.floor(size.height))];
  const transformation = { width: quarter ? height : width, height: quarter ? width : height, ...orientationTurn(img.orientation) };
  const options: IImageOptions = { type: img.format, data: img.bytes, transformation, altText: { name: p.file.name, description: alt, title: alt } };
  if (!quarter || width === height) return new ImageRun(options);
  // shown w x h, box h x w: the picture reaches (h - w) / 2 past the box above and below when it
  // is taller than wide, (w - h) / 2 to either side when wider
  const half = Math.round((Math.abs(height - width) / 2) * EMU_PER_PX);
  return new TurnedImageRun(options, height > width ? { top: half, bottom: half, left: 0, right: 0 } : { top: 0, bottom: 0, left: half, right: half });
}

/** One answer's pictures while the writer writes it. */
export class AnswerPictures {
  private placer: PicturePlacer;
  constructor(
    pictures: CheckedPicture[],
    private widthTwips: number,
  ) {
    this.placer = new PicturePlacer(pictures);
  }

  /** `text`'s runs (`runs`), each placeholder of a picture shown replaced by the picture. */
  runs(text: string, runs: (t: string) => ParagraphChild[]): ParagraphChild[] {
    return this.placer.split(text).flatMap((piece) => {
      const run = piece.picture && imageRun(piece.picture, pictureAlt(piece), this.widthTwips);
      return run ? [run] : runs(piece.text);
    });
  }

  /** What `write` writes, with the pictures at most `widthTwips` wide (a cell of a table in the answer). */
  within<T>(widthTwips: number, write: () => T): T {
    const answer = this.widthTwips;
    this.widthTwips = Math.min(answer, widthTwips);
    try {
      return write();
    } finally {
      this.widthTwips = answer;
    }
  }

  /** The text a paragraph's direction is decided from: without the placeholders of pictures. */
  withoutPictures(text: string): string {
    return this.placer.withoutPictures(text);
  }

  rest(): CheckedPicture[] {
    return this.placer.rest();
  }
}

/** The export's pictures: numbers the figures that follow answers, across the document. */
export class DocxFigures {
  private captions: FigureCaptions;
  constructor(text: DocumentText) {
    this.captions = new FigureCaptions(text);
  }

  /**
   * The answer cell of `row`: `write` writes the answer (with `w.pictures` set, so its
   * placeholders become pictures), then the pictures no placeholder took, with captions.
   */
  answer(w: PictureWriter, row: ReviewRow, widthTwips: number, write: () => Array<Paragraph | Table>): Array<Paragraph | Table> {
    if (!row.pictures?.length) return write();
    const pics = new AnswerPictures(row.pictures, widthTwips);
    w.pictures = pics;
    let out: Array<Paragraph | Table>;
    try {
      out = row.answer ? write() : [];
    } finally {
      w.pictures = undefined;
    }
    const rtl = (row.answer ? docDirection(row.answer, w.dir) : w.dir) === 'rtl';
    for (const p of pics.rest()) {
      const run = imageRun(p, stem(p.file.name), widthTwips);
      const caption = this.captions.next(p);
      if (run) out.push(new Paragraph({ children: [run], bidirectional: rtl, keepNext: true, spacing: { before: 120, after: 60 } }));
      const captionRtl = (strongDirection(caption) ?? (rtl ? 'rtl' : 'ltr')) === 'rtl';
      out.push(new Paragraph({ style: FIGURE_CAPTION_STYLE.id, bidirectional: captionRtl, children: w.textRuns(caption, captionRtl) }));
    }
    return out;
  }
}
