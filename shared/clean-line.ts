/**
 * One line of text that comes from elsewhere (a file's name, a Word document's title or country),
 * made safe to show and store. Data, never trusted: NFC; Unicode bidi controls (U+200E/200F,
 * U+061C, U+202A-202E, U+2066-2069), the zero-width space and the BOM removed (an override cannot
 * turn the text around); control characters (C0, DEL, C1, lone surrogates) and the noncharacters
 * U+FFFE and U+FFFF (XML cannot carry them: a Word export holding one is refused) removed; line breaks,
 * tabs and the Unicode line/paragraph separators a space. The zero-width (non-)joiners Arabic and
 * Persian spelling use stay.
 */
const INVISIBLE = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/g;
const BREAKS = /[\t\n\r\v\f\u2028\u2029\u0085]/g;
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `raw` as one line without invisible or control characters (spaces as they were). */
export function oneLine(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(BREAKS, ' ').replace(CONTROLS, '');
}

/**
 * `raw` as one clean line, runs of spaces as one, trimmed, at most `maxChars` UTF-16 units (as zod's
 * `max` counts them: a cut by code points let a title of astral characters through at twice the
 * schema's length), never cutting a surrogate pair.
 */
export function cleanLine(raw: string, maxChars: number): string {
  const line = oneLine(raw).replace(/\s+/g, ' ').trim();
  if (line.length <= maxChars) return line;
  const cutAt = /[\uD800-\uDBFF]/.test(line[maxChars - 1]!) ? maxChars - 1 : maxChars;
  return line.slice(0, cutAt).trim();
}
