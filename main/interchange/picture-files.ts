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
 */
import { fill, type DocumentText } from '../../shared/document-text';
import { attachmentNameFromText } from '../attachments/clean-name';

export type PictureFormat = 'png' | 'jpg' | 'gif';

/** A picture attachment of a question as the export gets it; `bytes` null: too large to read. */
export interface PictureFile {
  name: string;
  mediaType: string;
  bytes: Buffer | null;
}

/** A picture attachment checked: its format and pixel size, or null when the export cannot show it. */
export interface CheckedPicture {
  file: PictureFile;
  image: { format: PictureFormat; width: number; height: number; bytes: Buffer } | null;
}

/** Attachment media types the export reads as pictures (the bytes must agree: `pictureInfo`). */
export const PICTURE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif']);
/** A picture file the export reads at most (larger ones are named, not shown). */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;
/** All pictures of one export together at most: the document is built in memory. */
export const MAX_PICTURES_TOTAL = 150 * 1024 * 1024;
export const MAX_SIDE = 20_000;
export const MAX_PIXELS = 40_000_000;

/** Extensions the Word import gives a picture's attachment, by the picture's content type. */
export const PICTURE_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/bmp': 'bmp', 'image/tiff': 'tif', 'image/svg+xml': 'svg', 'image/x-emf': 'emf', 'image/x-wmf': 'wmf' };

/** The attachment name the Word import gives picture `index` with alt text `alt` (both sides of the placeholder link). */
export const importedPictureName = (alt: string, index: number, contentType: string) => attachmentNameFromText(alt || `picture ${index}`, PICTURE_EXT[contentType] ?? 'bin');

/** The placeholder the Word import writes where picture `index` was. */
export const picturePlaceholder = (index: number, alt: string) => `[Picture ${index}${alt ? `: ${alt}` : ''}]`;
/** Placeholders in text: the index and the alt text. */
export const PLACEHOLDER = /\[Picture (\d{1,6})(?:: ([^\]\n]{1,1000}))?\]/g;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Format and pixel size of a PNG, JPEG or GIF file from its header; null for anything else, truncated or out of limits. */
export function pictureInfo(b: Buffer): { format: PictureFormat; width: number; height: number } | null {
  const size = headerSize(b);
  if (!size) return null;
  const { width, height } = size;
  if (!(width >= 1 && height >= 1 && width <= MAX_SIDE && height <= MAX_SIDE && width * height <= MAX_PIXELS)) return null;
  return size;
}

function headerSize(b: Buffer): { format: PictureFormat; width: number; height: number } | null {
  if (b.length >= 45 && b.subarray(0, 8).equals(PNG_SIGNATURE) && b.toString('latin1', 12, 16) === 'IHDR') {
    // the last chunk is IEND (length 0, type, CRC): a cut file has none
    if (b.toString('latin1', b.length - 8, b.length - 4) !== 'IEND') return null;
    return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 14 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) {
    if (b[b.length - 1] !== 0x3b) return null; // the trailer
    return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegSize(b);
  return null;
}

/** A JPEG's size from its first frame header (SOF0-15 but DHT, JPG, DAC), walking the segments; the file must end with EOI. */
function jpegSize(b: Buffer): { format: 'jpg'; width: number; height: number } | null {
  const tail = b.subarray(Math.max(0, b.length - 32));
  if (!tail.includes(Buffer.from([0xff, 0xd9]))) return null;
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
    if (marker === 0xd9 || marker === 0xda) return null; // the image data before any frame header
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return null;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      return { format: 'jpg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
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
