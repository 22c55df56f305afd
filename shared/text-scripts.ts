/**
 * Text by script and its language, for the Word export (main/interchange/docx-export.ts), the
 * print HTML (main/interchange/print-html.ts) and the app's read-only views of an answer
 * (renderer DocView: history, conflicts, print view).
 * Word decides how to spell-check and shape a run from its properties: a right-to-left run is
 * complex script, checked in the language of w:lang's w:bidi; other text in the language of w:val.
 * So a run must hold one script: Arabic text in right-to-left runs (the document's Arabic locale),
 * Latin text in runs of its own tagged French or English from its words — else Word checks
 * "Loi n° 02-03 relative à l’entrée" inside an Arabic answer as Arabic.
 */
import { docText, hasStrong, isStrong, isStrongRtl, type Doc } from './doc';
import type { DocLanguage } from './document-text';

export type LatinLanguage = 'en' | 'fr';
export const LATIN_LOCALE: Record<LatinLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A piece of text in one script: `rtl` for Arabic (and neutral text that belongs with it). */
export interface ScriptSegment {
  text: string;
  rtl: boolean;
}

type Kind = 'r' | 'l' | 'n';
/** European digits (bidi class EN); Arabic-Indic digits are of the Arabic script (strong here) and go with it. */
const DIGIT = /[0-9]/;
/** Terminators (bidi class ET) that belong to the number they touch (W5): "50 %", "n°", "€". */
const TERMINATORS = /^[%‰°#$£€¥+\u00b1]+$/u;

/**
 * Splits `text` where its script changes, as the Unicode bidi algorithm resolves the characters
 * that are neither: digits take the side of the last letter before them (W2, W7: "loi n° 02-03"
 * is Latin to its end, "القانون 02-03" Arabic; at the start of the text the paragraph's side);
 * spaces and punctuation between two pieces of one side (digits included) stay inside them (N1),
 * between Arabic and Latin they go with the paragraph's direction `rtl` (N2; the start and end of
 * the text count as the paragraph's side), so parentheses around a Latin phrase in an Arabic
 * paragraph are Arabic's (N0). Combining marks stay with their letter.
 */
export function scriptSegments(text: string, rtl: boolean): ScriptSegment[] {
  // nothing of the other direction: one piece, on the paragraph's side (most paragraphs; the
  // editor works out a paragraph at each keystroke: languages.ts), without a pass over each character
  if (!hasStrong(text, !rtl)) return [{ text, rtl }];
  const chars = [...text];
  const paragraph: Kind = rtl ? 'r' : 'l';
  const kinds: Kind[] = [];
  // the last strong character's kind (the start of the text counts as the paragraph's: sos)
  let strong: Kind = paragraph;
  for (const ch of chars) {
    const prev = kinds[kinds.length - 1];
    const kind: Kind = isStrongRtl(ch) ? 'r' : isStrong(ch) ? 'l' : /\p{M}/u.test(ch) && prev && prev !== 'n' ? prev : DIGIT.test(ch) ? strong : 'n';
    if (kind !== 'n' && !DIGIT.test(ch)) strong = kind;
    kinds.push(kind);
  }
  // each neutral takes the kind of its strong neighbours (digits resolved as above): the same on both sides, else the paragraph's
  for (let i = 0; i < kinds.length; ) {
    if (kinds[i] !== 'n') {
      i++;
      continue;
    }
    let j = i;
    while (j < kinds.length && kinds[j] === 'n') j++;
    // the start and the end of the text count as the paragraph's direction (sos/eos)
    const before = kinds[i - 1] ?? paragraph;
    const after = kinds[j] ?? paragraph;
    const number = TERMINATORS.test(chars.slice(i, j).join('')) ? (DIGIT.test(chars[j] ?? '') ? after : DIGIT.test(chars[i - 1] ?? '') ? before : null) : null;
    kinds.fill(number ?? (before === after ? before : paragraph), i, j);
    i = j;
  }
  const out: ScriptSegment[] = [];
  chars.forEach((ch, i) => {
    const last = out[out.length - 1];
    const segRtl = kinds[i] === 'r';
    if (last && last.rtl === segRtl) last.text += ch;
    else out.push({ text: ch, rtl: segRtl });
  });
  return out.length ? out : [{ text, rtl }];
}

const FRENCH = /[àâçéèêëîïôùûüÿœæ]|\b(?:le|la|les|des|du|de|et|au|aux|pour|sur|une|est|dans|par|avec|loi|relative|relatif)\b|\b[ldjnqs][’']/giu;
const ENGLISH = /\b(?:the|of|and|to|for|on|is|with|by|an|are|was|law|act|ministry)\b/giu;

/** French or English, from the words of `text`; `fallback` when they do not tell. */
export function latinLanguage(text: string, fallback: LatinLanguage): LatinLanguage {
  const fr = text.match(FRENCH)?.length ?? 0;
  const en = text.match(ENGLISH)?.length ?? 0;
  return fr > en ? 'fr' : en > fr ? 'en' : fallback;
}

/** An answer's text without its Arabic words: what tells French from English. */
export const latinText = (doc: Doc) => docText(doc).replace(/[\p{Script=Arabic}]+/gu, ' ');

/**
 * The language of the Latin text of a document in `language` made of `docs`: its own for an English
 * or French document; for an Arabic one, French or English from the words of its Latin text.
 */
export function latinOf(language: DocLanguage, docs: ReadonlyArray<Doc | null | undefined>): LatinLanguage {
  if (language !== 'ar') return language;
  return latinLanguage(docs.map((d) => (d ? latinText(d) : '')).join('\n'), 'en');
}

/**
 * The language a text is read in around an answer (the page's, or the document's), and the
 * language of Latin text in that answer (on an Arabic page: French or English from its words).
 */
export interface Voice {
  page: DocLanguage;
  latin: LatinLanguage;
}

/** The voice of `doc` (an answer or note) on a page in `page`; `latin`: the page's Latin language when its words do not tell. */
export const voiceOf = (page: DocLanguage, latin: LatinLanguage, doc?: Doc): Voice => ({
  page,
  latin: page === 'ar' ? latinLanguage(doc ? latinText(doc) : '', latin) : page,
});

/** A piece of text in one script, with its language (null: no letters, it takes its surroundings'). */
export interface Piece {
  text: string;
  lang: DocLanguage | null;
}

/** `text` in pieces of one script each, with their languages; `rtl`: the paragraph's direction. */
export function pieces(text: string, rtl: boolean, v: Voice): Piece[] {
  return scriptSegments(text, rtl).map((seg) => ({
    text: seg.text,
    lang: !/\p{L}/u.test(seg.text) ? null : seg.rtl ? 'ar' : v.page === 'ar' ? latinLanguage(seg.text, v.latin) : v.page,
  }));
}

/**
 * A paragraph's language where all its letters are in one language other than the page's (null:
 * the page's), and the voice its own pieces are then told apart against.
 */
export function paragraphVoice(text: string, rtl: boolean, v: Voice): { lang: DocLanguage | null; inner: Voice } {
  const langs = new Set(pieces(text, rtl, v).flatMap((p) => (p.lang ? [p.lang] : [])));
  const only = langs.size === 1 ? [...langs][0]! : v.page;
  return only === v.page ? { lang: null, inner: v } : { lang: only, inner: { ...v, page: only } };
}
