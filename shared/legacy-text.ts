/**
 * Text bytes that are not UTF-8 (shared/text-bytes.ts decides that): a Windows code page, as Word
 * and Notepad save "plain text" on Windows, or UTF-8 with a few Windows-1252 characters pasted in
 * (a "’" from Word in a UTF-8 file). Reading the second kind as a code page would turn every
 * accented letter of it into two ("Ã©" for "é"), so the valid UTF-8 is kept as UTF-8 and only the
 * stray bytes are read as Windows-1252. Pure.
 */

export type LegacyEncoding = 'windows-1252' | 'windows-1256' | 'utf-8+windows-1252';

/**
 * Windows-1252's characters for the bytes 0x80-0x9F (WHATWG: the five it leaves unassigned stay
 * C1 controls). Node 20.18.3 and later decode 'windows-1252' as Latin-1, which has C1 controls
 * there ("l\u0092État" for "l’État": nodejs/node#60888), so those are mapped here; a browser's
 * decoder already gives these characters and the mapping changes nothing.
 */
const WINDOWS_1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeCodePage(bytes: Uint8Array, encoding: 'windows-1252' | 'windows-1256'): string {
  const text = new TextDecoder(encoding).decode(bytes); // every byte is a character in these code pages
  return encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!) : text;
}

/**
 * Windows-1256 or Windows-1252. Both code pages share ASCII and French's lower-case accented
 * letters; where they differ, 1256 has Arabic letters (1252 has capitals such as É, À). So the
 * bytes are read as 1256 and its words counted: Arabic text makes whole Arabic words, French text
 * read as 1256 makes words that mix Latin and Arabic letters ("ةcole" for "École"). A tie (no
 * byte where they differ) is 1252.
 */
function codePage(bytes: Uint8Array): 'windows-1252' | 'windows-1256' {
  let arabicWords = 0;
  let mixedWords = 0;
  for (const word of new TextDecoder('windows-1256').decode(bytes.subarray(0, 1 << 16)).split(/[^\p{L}\p{M}]+/u)) {
    if (!/\p{Script=Arabic}/u.test(word)) continue;
    if (/\p{Script=Latin}/u.test(word)) mixedWords++;
    else if (word.length >= 2) arabicWords++;
  }
  return arabicWords > mixedWords ? 'windows-1256' : 'windows-1252';
}

const cont = (b: number | undefined, lo = 0x80, hi = 0xbf) => b !== undefined && b >= lo && b <= hi;

/** The length of the valid UTF-8 sequence of two bytes or more at `i` (WHATWG's ranges), or 0. */
function utf8Sequence(b: Uint8Array, i: number): number {
  const x = b[i]!;
  if (x >= 0xc2 && x <= 0xdf) return cont(b[i + 1]) ? 2 : 0;
  if (x >= 0xe0 && x <= 0xef) {
    const [lo, hi] = x === 0xe0 ? [0xa0, 0xbf] : x === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(b[i + 1], lo, hi) && cont(b[i + 2]) ? 3 : 0;
  }
  if (x >= 0xf0 && x <= 0xf4) {
    const [lo, hi] = x === 0xf0 ? [0x90, 0xbf] : x === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(b[i + 1], lo, hi) && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** Walks `bytes` as UTF-8, calling `stray` for each byte that is not part of a valid sequence; the number of valid sequences of two bytes or more. */
function walkUtf8(bytes: Uint8Array, stray: (i: number) => void): number {
  let sequences = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = bytes[i]! < 0x80 ? 1 : utf8Sequence(bytes, i);
    if (n > 1) sequences++;
    else if (!n) stray(i);
    i += n || 1;
  }
  return sequences;
}

/**
 * `bytes` (not valid UTF-8) as text. `utf8`: the file said it is UTF-8 (a BOM). Mostly valid
 * UTF-8 (more valid sequences than stray bytes; code-page text has few such sequences and many
 * stray bytes) is UTF-8 with its stray bytes read as Windows-1252; anything else a code page.
 */
export function decodeLegacyText(bytes: Uint8Array, utf8 = false): { text: string; encoding: LegacyEncoding } {
  let stray = 0;
  const sequences = walkUtf8(bytes, () => stray++);
  if (!utf8 && sequences <= stray) {
    const encoding = codePage(bytes);
    return { text: decodeCodePage(bytes, encoding), encoding };
  }
  const parts: string[] = [];
  const decoder = new TextDecoder('utf-8');
  let from = 0;
  walkUtf8(bytes, (i) => {
    parts.push(decoder.decode(bytes.subarray(from, i)), decodeCodePage(bytes.subarray(i, i + 1), 'windows-1252'));
    from = i + 1;
  });
  parts.push(decoder.decode(bytes.subarray(from)));
  return { text: parts.join(''), encoding: 'utf-8+windows-1252' };
}
