/**
 * A question's picture attachments in the exported review (Word and print), pure logic:
 * - which attachments are pictures the export shows (PNG, JPEG, GIF: Word, LibreOffice and every
 *   browser show them without scripts; SVG is left out, it can carry scripts and Word wants a
 *   bitmap beside it), told by their bytes, never by their name or recorded media type;
 * - their size in pixels read from the file's header (PNG IHDR, GIF screen descriptor, JPEG SOFn),
 *   with the file's end marker checked (a truncated file is refused), and limits (MAX_SIDE,
 *   MAX_PIXELS): a corrupt, truncated or huge picture is not shown, the text says where it was;
 * - which "[Picture n: alt]" placeholder of the answer (written by the Word import where a picture
 *   was) belongs to which attachment: the import names the attachment from the same alt text and
 *   index (`importedPictureName`, the one rule both sides use), so the link is the name the import
 *   gave; attachments that match no placeholder follow the answer;
 * - the displayed size: the natural size at 96 px to the inch, scaled down to the width available
 *   (and a height that fits a page), aspect ratio kept.
 * Pure and without Node APIs (bytes are Uint8Array): the Word export and the print HTML in main,
 * and the app's own print view in the renderer (renderer/src/exchange/print-pictures.ts), use it.
 */
import { attachmentNameFromText } from './attachment-name';
import { eachParagraph, strongDirection, type Doc, type Inline } from './doc';
import { fill, type DocumentText } from './document-text';

export type PictureFormat = 'png' | 'jpg' | 'gif';
/**
 * A picture's format and size in pixels as it is shown: a photo whose EXIF orientation (2-8) says
 * its pixels are stored turned or mirrored (phones) has its width and height as shown upright,
 * and the orientation, which a drawing applies (orientationTurn).
 */
export interface PictureSize {
  format: PictureFormat;
  width: number;
  height: number;
  orientation?: number;
}

/** A picture attachment of a question as the export gets it; `bytes` null: too large or could not be read. */
export interface PictureFile {
  name: string;
  mediaType: string;
  bytes: Uint8Array | null;
}

/** A picture attachment checked: its format and pixel size, or null when the export cannot show it. */
export interface CheckedPicture {
  file: PictureFile;
  image: (PictureSize & { bytes: Uint8Array }) | null;
}

/** Attachment media types the export reads as pictures (the bytes must agree: `pictureInfo`). */
export const PICTURE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif']);
/** A picture file the export reads at most (larger ones are named, not shown). */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;
/** All pictures of one export together at most: the document is built in memory. */
export const MAX_PICTURES_TOTAL = 150 * 1024 * 1024;
export const MAX_SIDE = 20_000;
export const MAX_PIXELS = 40_000_000;
/** The media type of a picture by its format (told by its bytes), for a data: URL or a Blob. */
export const PICTURE_MEDIA_TYPE: Record<PictureFormat, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif' };

/** An attachment as both sides list it: its question (`field`), clean name and media type, size in bytes. */
export interface PictureRow {
  field: string;
  name: string;
  mediaType: string;
  size: number;
}

/**
 * The attachments (in the order they were added) that are pictures for the export (by their media
 * type; the bytes decide later) and whether their bytes are read: at most MAX_PICTURE_BYTES each,
 * MAX_PICTURES_TOTAL together; the others are named, not shown. Pictures of a kind the export
 * cannot draw (WebP, SVG, BMP, TIFF, EMF/WMF charts from Word files) are named too, never read:
 * a picture attached to a question does not vanish from the document without a word.
 */
export function picturesToRead<T extends PictureRow>(rows: readonly T[]): Array<{ row: T; read: boolean }> {
  let total = 0;
  const out: Array<{ row: T; read: boolean }> = [];
  for (const row of rows) {
    if (!row.mediaType.toLowerCase().startsWith('image/')) continue;
    const read = PICTURE_TYPES.has(row.mediaType) && row.size <= MAX_PICTURE_BYTES && total + row.size <= MAX_PICTURES_TOTAL;
    if (read) total += row.size;
    out.push({ row, read });
  }
  return out;
}

/** Each question's picture attachments (picturesToRead), with the bytes `bytesOf` gives for those read (null: missing or unreadable). */
export function questionPictureFiles<T extends PictureRow>(rows: readonly T[], bytesOf: (row: T) => Uint8Array | null): Map<string, PictureFile[]> {
  const out = new Map<string, PictureFile[]>();
  for (const { row, read } of picturesToRead(rows)) {
    const bytes = read ? bytesOf(row) : null;
    const file = { name: row.name, mediaType: row.mediaType, bytes: bytes && bytes.length <= MAX_PICTURE_BYTES ? bytes : null };
    out.set(row.field, [...(out.get(row.field) ?? []), file]);
  }
  return out;
}

/** Extensions the Word import gives a picture's attachment, by the picture's content type. */
export const PICTURE_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/bmp': 'bmp', 'image/tiff': 'tif', 'image/svg+xml': 'svg', 'image/x-emf': 'emf', 'image/x-wmf': 'wmf' };

/** The attachment name the Word import gives picture `index` with alt text `alt` (both sides of the placeholder link); media types are compared without case ("image/PNG"). */
export const importedPictureName = (alt: string, index: number, contentType: string) => attachmentNameFromText(alt || `picture ${index}`, PICTURE_EXT[contentType.trim().toLowerCase()] ?? 'bin');

/** The placeholder the Word import writes where picture `index` was. */
export const picturePlaceholder = (index: number, alt: string) => `[Picture ${index}${alt ? `: ${alt}` : ''}]`;
/** Placeholders in text: the index and the alt text. */
export const PLACEHOLDER = /\[Picture (\d{1,6})(?:: ([^\]\n]{1,1000}))?\]/g;

/**
 * A paragraph's own direction from the text it shows: the placeholders of its answer's pictures
 * (`pics`, which draws them) left out, so that the English word "Picture" does not turn an Arabic
 * paragraph left to right; undefined when it has no strong character.
 */
export const shownDirection = (text: string, pics?: { withoutPictures(text: string): string }) => strongDirection(pics ? pics.withoutPictures(text) : text);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bytes `from`..`to` of `b` as Latin-1 text (chunk types, signatures). */
const latin1 = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);

/** Format and pixel size of a PNG, JPEG or GIF file from its header; null for anything else, truncated or out of limits. */
export function pictureInfo(b: Uint8Array): PictureSize | null {
  const size = headerSize(b);
  if (!size) return null;
  const { width, height } = size;
  if (!(width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE && width * height <= MAX_PIXELS)) return null;
  return size;
}

function headerSize(b: Uint8Array): PictureSize | null {
  if (b.length >= 45 && PNG_SIGNATURE.every((x, i) => b[i] === x) && latin1(b, 12, 16) === 'IHDR') {
    return pngEnds(b) ? { format: 'png', width: u32be(b, 16), height: u32be(b, 20) } : null;
  }
  if (b.length >= 14 && /^GIF8[79]a$/.test(latin1(b, 0, 6))) {
    return gifEnds(b) ? { format: 'gif', width: u16le(b, 6), height: u16le(b, 8) } : null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b);
  return null;
}

/*
 * A file is read whole up to its end marker, which need not be its last bytes: phones append
 * trailers to JPEGs (Samsung) or a video (Motion Photos), tools pad PNGs and GIFs. A cut file has
 * no end marker where the walk expects it. Each walk moves forward at every step: bounded by the
 * file's length.
 */

/** Whether a PNG's chunks, walked from the signature, reach IEND within the file. */
function pngEnds(b: Uint8Array): boolean {
  let i = 8;
  while (i + 12 <= b.length) {
    if (latin1(b, i + 4, i + 8) === 'IEND') return true;
    i += 12 + u32be(b, i);
  }
  return false;
}

/** Whether a GIF's blocks (extensions, images and their data sub-blocks), walked from the header, reach the trailer (0x3b) within the file. */
function gifEnds(b: Uint8Array): boolean {
  const table = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  /** past the data sub-blocks starting at `i` (each its length byte, a 0 ends them); -1 past the end */
  const subBlocks = (i: number) => {
    while (i < b.length && b[i] !== 0) i += 1 + b[i]!;
    return i < b.length ? i + 1 : -1;
  };
  let i = 13 + table(b[10]!);
  while (i >= 0 && i < b.length) {
    const block = b[i]!;
    if (block === 0x3b) return true;
    if (block === 0x21) i = i + 2 < b.length ? subBlocks(i + 2) : -1;
    else if (block === 0x2c) i = i + 10 < b.length ? subBlocks(i + 10 + table(b[i + 9]!) + 1) : -1;
    else return false;
  }
  return false;
}

/**
 * A JPEG's size from its first frame header (SOF0-15 but DHT, JPG, DAC), walking the segments up
 * to the start of the scan; the scan data must be followed by an end marker (EOI), anywhere after it.
 */
function jpegSize(b: Uint8Array): PictureSize | null {
  let size: PictureSize | null = null;
  let orientation = 1;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9) return null; // the end before any image data
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    if (marker === 0xda) return size && endsAfter(b, i + 2 + length) ? oriented(size, orientation) : null; // the image data before any frame header: null
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(b, i + 4, Math.min(b.length, i + 2 + length));
    if (!size && marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      size = { format: 'jpg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/** `size` as shown with EXIF `orientation`: width and height swapped for 5-8 (the pixels stored a quarter turn away). */
function oriented(size: PictureSize, orientation: number): PictureSize {
  if (orientation < 2 || orientation > 8) return size;
  return orientation >= 5 ? { ...size, width: size.height, height: size.width, orientation } : { ...size, orientation };
}

/**
 * The Orientation tag (0x0112) of an APP1 Exif segment's first IFD (its data `from`..`to`), in
 * either byte order; 1 (as stored) when absent or unreadable. Every offset read is checked against `to`.
 */
function exifOrientation(b: Uint8Array, from: number, to: number): number {
  if (to - from < 14 || latin1(b, from, from + 6) !== 'Exif\0\0') return 1;
  const t = from + 6; // the TIFF header: offsets count from here
  const order = latin1(b, t, t + 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const u16 = (i: number) => (order === 'II' ? u16le(b, i) : u16be(b, i));
  const u32 = (i: number) => (order === 'II' ? u16le(b, i) + u16le(b, i + 2) * 0x10000 : u32be(b, i));
  if (u16(t + 2) !== 42) return 1;
  const ifd = t + u32(t + 4);
  if (ifd + 2 > to) return 1;
  const count = u16(ifd);
  for (let k = 0, e = ifd + 2; k < count && e + 12 <= to; k++, e += 12) {
    if (u16(e) !== 0x0112) continue;
    const value = u16(e + 2) === 3 ? u16(e + 8) : 1; // a SHORT, held in the entry itself
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

/** The turn (degrees clockwise) and mirror a drawing applies (mirror first) to show pixels stored with EXIF `orientation` upright. */
export function orientationTurn(orientation: number | undefined): { rotation?: number; flip?: { horizontal?: boolean; vertical?: boolean } } {
  const turns: Record<number, ReturnType<typeof orientationTurn>> = {
    2: { flip: { horizontal: true } },
    3: { rotation: 180 },
    4: { flip: { vertical: true } },
    5: { rotation: 270, flip: { horizontal: true } },
    6: { rotation: 90 },
    7: { rotation: 90, flip: { horizontal: true } },
    8: { rotation: 270 },
  };
  return turns[orientation ?? 1] ?? {};
}

/** Whether an EOI marker (FF D9) follows byte `from` of a JPEG (in entropy-coded data an FF byte is always followed by 00 or a restart marker). */
function endsAfter(b: Uint8Array, from: number): boolean {
  for (let i = from; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

export function checkPicture(file: PictureFile): CheckedPicture {
  const info = file.bytes ? pictureInfo(file.bytes) : null;
  return { file, image: info && file.bytes ? { ...info, bytes: file.bytes } : null };
}

/** The size to show a `width`×`height` px picture at, in px (96 to the inch): at most `maxWidth` wide and `maxHeight` tall, aspect kept. */
export function fitPicture(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: width * scale, height: height * scale };
}

/** One piece of a text: plain text, or a placeholder and the picture it stands for (its `image` null: cannot be shown). */
export type TextPiece = { text: string; picture?: CheckedPicture };

/**
 * A question's pictures while its answer is written: `split` cuts a text at the placeholders that
 * name one of them (taking each attachment once, in the order they were added), `rest` gives the
 * ones no placeholder named, to follow the answer.
 */
export class PicturePlacer {
  private free: CheckedPicture[];
  constructor(pictures: CheckedPicture[]) {
    this.free = [...pictures];
  }

  private find(index: number, alt: string): number {
    return this.free.findIndex((p) => p.file.name === importedPictureName(alt, index, p.file.mediaType));
  }

  /** `text` with the placeholders of pictures of this question apart; each found picture is taken. */
  split(text: string): TextPiece[] {
    if (!text.includes('[Picture ') || !this.free.length) return [{ text }];
    const out: TextPiece[] = [];
    let at = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const i = this.find(Number(m[1]), (m[2] ?? '').trim());
      if (i < 0) continue;
      if (m.index! > at) out.push({ text: text.slice(at, m.index) });
      out.push({ text: m[0], picture: this.free.splice(i, 1)[0]! });
      at = m.index! + m[0].length;
    }
    if (at < text.length) out.push({ text: text.slice(at) });
    return out;
  }

  /**
   * A whole answer at once, for a view that draws it afterwards (the renderer's print view): the
   * text nodes outside links that hold placeholders of this question's pictures, each cut as
   * `split` cuts it, in reading order (the order the export writes them in).
   */
  splitDoc(doc: Doc): Map<Inline, TextPiece[]> {
    const out = new Map<Inline, TextPiece[]>();
    eachParagraph(doc, (p) => {
      for (const n of p.content ?? []) {
        if (n.type !== 'text' || n.marks?.some((m) => m.type === 'link')) continue;
        const pieces = this.split(n.text);
        if (pieces.some((x) => x.picture)) out.set(n, pieces);
      }
    });
    return out;
  }

  /** `text` without the placeholders of this question's pictures (for the direction of the paragraph that holds them). */
  withoutPictures(text: string): string {
    if (!text.includes('[Picture ')) return text;
    return text.replace(PLACEHOLDER, (m, n: string, alt?: string) => (this.find(Number(n), (alt ?? '').trim()) >= 0 ? '' : m));
  }

  /** The pictures no placeholder took. */
  rest(): CheckedPicture[] {
    const r = this.free;
    this.free = [];
    return r;
  }
}

/** The alt text of a picture shown: the placeholder's, else the attachment's name without its extension. */
export function pictureAlt(piece: TextPiece): string {
  const alt = piece.picture ? /^\[Picture \d+: (.*)\]$/s.exec(piece.text)?.[1]?.trim() : undefined;
  return alt || (piece.picture ? stem(piece.picture.file.name) : '');
}

export const stem = (name: string) => name.replace(/\.[A-Za-z0-9]{1,10}$/, '');

/** The captions of the pictures that follow answers: "Figure n: name", numbered across the document; a picture not shown is named. */
export class FigureCaptions {
  private n = 0;
  constructor(private text: Pick<DocumentText, 'figure' | 'pictureNotShown'>) {}
  next(p: CheckedPicture): string {
    return p.image ? fill(this.text.figure, { n: ++this.n, name: p.file.name }) : fill(this.text.pictureNotShown, { name: p.file.name });
  }
}
