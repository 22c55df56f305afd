/**
 * Check boxes drawn with a symbol font, as forms made in Word, WPS or LibreOffice have them: a
 * character of Wingdings or Wingdings 2 (Insert › Symbol writes w:sym; typing in the font, or
 * another tool, writes the letter itself, "þ", "R", or its private-use form U+F0FE) whose glyph
 * is a box. Word shows the box; its letter says nothing to a reader. Pure.
 */

/** The boxes of each symbol font by character code: empty ☐, ticked ☑, crossed ☒. */
const BOXES: Record<string, Record<number, string>> = {
  wingdings: { 0xa8: '☐', 0xfe: '☑', 0xfd: '☒', 0x78: '☒' },
  'wingdings 2': { 0xa3: '☐', 0x52: '☑', 0x51: '☒', 0x53: '☒', 0x54: '☒' },
};

/** The box a character of a symbol font draws (its private-use form U+F0xx too), or null. */
export function symbolBox(font: string | undefined, char: string): string | null {
  const boxes = BOXES[(font ?? '').trim().toLowerCase()];
  let code = char.codePointAt(0);
  if (!boxes || code === undefined || [...char].length !== 1) return null;
  if (code >= 0xf000 && code <= 0xf0ff) code -= 0xf000;
  return boxes[code] ?? null;
}

/** Whether a font is one whose boxes `symbolBox` knows. */
export const isSymbolFont = (font: string | undefined) => !!font && (font.trim().toLowerCase() in BOXES);
