/**
 * Word decides how to spell-check and shape a run from its properties: a right-to-left run is
 * complex script, checked in the language of w:lang's w:bidi; other text in the language of w:val.
 * So a run must hold one script: Arabic text in right-to-left runs (the document's Arabic locale),
 * Latin text in runs of its own tagged French or English from its words — else Word checks
 * "Loi n° 02-03 relative à l’entrée" inside an Arabic answer as Arabic.
 */
import { isStrong, isStrongRtl } from '../../shared/doc';

export type LatinLanguage = 'en' | 'fr';
export const LATIN_LOCALE: Record<LatinLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };

/** A piece of text in one script: `rtl` for Arabic (and neutral text that belongs with it). */
export interface ScriptSegment {
  text: string;
  rtl: boolean;
}

type Kind = 'r' | 'l' | 'n';

/**
 * Splits `text` where its script changes. Spaces, digits and punctuation between Arabic and Latin
 * go with the side of the paragraph's direction (`rtl`), as the bidi algorithm resolves them (the
 * start and end of the text count as the paragraph's side); between two pieces of one script they
 * stay inside it. Combining marks stay with their letter.
 */
export function scriptSegments(text: string, rtl: boolean): ScriptSegment[] {
  const chars = [...text];
  const kinds: Kind[] = [];
  for (const ch of chars) {
    const prev = kinds[kinds.length - 1];
    kinds.push(isStrongRtl(ch) ? 'r' : isStrong(ch) ? 'l' : /\p{M}/u.test(ch) && prev && prev !== 'n' ? prev : 'n');
  }
  // each neutral takes the kind of its strong neighbours: the same on both sides, else the paragraph's
  const paragraph: Kind = rtl ? 'r' : 'l';
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
    kinds.fill(before === after ? before : paragraph, i, j);
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
