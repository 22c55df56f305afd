/**
 * The one rule for an attachment's file name and media type, whatever way they come in (a bundle,
 * a Word import's pictures, the attachment-add call, the CLI) and wherever they go out (the list,
 * a download, a bundle export). Names from elsewhere are data, never trusted for display or saving.
 *
 * A name is normalised, never refused:
 * - NFC; Unicode bidi controls (U+200E/200F, U+061C, U+202A-202E, U+2066-2069), the zero-width
 *   space and the BOM are removed (so "report\u202Efdp.exe" is "reportfdp.exe", not a fake
 *   "reportexe.pdf"); Arabic letters, accents, ordinary spaces and the zero-width (non-)joiners
 *   that Arabic and Persian spelling uses stay;
 * - control characters (C0, DEL, C1, lone surrogates) and U+FFFE, U+FFFF are removed; line breaks, tabs and the
 *   Unicode line/paragraph separators become a space;
 * - only the last path part is kept (both / and \), and the characters Windows refuses in a file
 *   name (< > : " | ? *) become a space; runs of spaces are one; spaces and dots are trimmed at
 *   both ends (no hidden ".name", no "..");
 * - at most MAX_NAME_BYTES bytes of UTF-8 (room on every file system), cut in the stem so the
 *   extension stays; a Windows device name (CON, NUL.tar, COM1…) gets a leading "_";
 * - never empty: "attachment" (with the extension, if there was one).
 *
 * Pure (no Node APIs): the renderer's print view matches a picture's "[Picture n: alt]" placeholder
 * to its attachment by this name too (shared/picture-files.ts). The media type's rule:
 * main/attachments/clean-name.ts.
 */
import { oneLine } from './clean-line';

export const MAX_NAME_BYTES = 200;
export const NEUTRAL_NAME = 'attachment';

const WINDOWS = /[<>:"|?*]/g;
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

/** UTF-8 length of `s` (a lone surrogate counts as U+FFFD, 3 bytes, as an encoder writes it). */
function bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
const trimEnds = (s: string) => s.replace(/^[\s.]+|[\s.]+$/g, '');

/** `stem` cut (by whole code points) to at most `max` bytes of UTF-8. */
function cut(stem: string, max: number): string {
  if (bytes(stem) <= max) return stem;
  let out = '';
  let n = 0;
  for (const ch of stem) {
    const b = bytes(ch);
    if (n + b > max) break;
    out += ch;
    n += b;
  }
  return out;
}

export function cleanAttachmentName(raw: string): string {
  const text = oneLine(raw);
  const last = text.split(/[\\/]/).filter((p) => trimEnds(p)).pop() ?? '';
  const name = last.replace(WINDOWS, ' ').replace(/\s+/g, ' ').trim();
  const m = EXTENSION.exec(name);
  const ext = m ? m[1]! : '';
  const suffix = ext ? `.${ext}` : '';
  let stem = trimEnds(m ? name.slice(0, m.index) : name);
  stem = trimEnds(cut(stem, MAX_NAME_BYTES - bytes(suffix)));
  if (!stem) stem = NEUTRAL_NAME;
  if (DEVICE.test(stem)) stem = `_${stem}`;
  return `${stem}${suffix}`;
}

/** A file name made from free text (a picture's alt text): separators there are words, not paths. */
export function attachmentNameFromText(text: string, ext: string): string {
  return cleanAttachmentName(`${text.replace(/[\\/]+/g, ' ')}.${ext}`);
}
