/**
 * Text as search compares it, whatever way an Arabic- or French-speaking official writes a word:
 * one rule for the search index and its queries (main/store/search-text.ts), the marks of a search
 * result (main/services/search-snippet.ts), the Word/text import's matcher and the screens'
 * own filters (the audit log).
 *
 * - Arabic: diacritics and Quranic marks, tatweel, alef forms (أ إ آ ٱ -> ا), alef maqsura
 *   (ى -> ي), taa marbuta (ة -> ه), the hamza's carriers (ؤ ئ -> ء: مسؤولية = مسئولية),
 *   Persian/Urdu yeh and keheh (ی -> ي, ک -> ك); presentation forms (NFKC).
 * - Digits: Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) are 0-9.
 * - Latin: case, the ligatures œ and æ (oe, ae); accents are folded by foldForMatch (the index's
 *   tokenizer folds them itself).
 * - Invisible characters that Word, pasted text and PDF text put inside and around words are
 *   dropped (INVISIBLE): bidi marks, embeddings and isolates, the Arabic letter mark, soft
 *   hyphens, zero-width spaces and joiners, the byte order mark; "mi\u00adgration" is "migration".
 */

/** Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates), soft hyphen, zero-width characters, word joiner, BOM. */
export const INVISIBLE_CLASS = '[\\u00AD\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF]';
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');

const ARABIC_INDIC_ZERO = 0x0660;
const EASTERN_ARABIC_INDIC_ZERO = 0x06f0;
/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits. */
export const ARABIC_DIGIT_CLASS = '[\\u0660-\\u0669\\u06F0-\\u06F9]';
const ARABIC_DIGITS = new RegExp(ARABIC_DIGIT_CLASS, 'g');
const westernDigit = (d: string) => String(d.charCodeAt(0) - (d.charCodeAt(0) >= EASTERN_ARABIC_INDIC_ZERO ? EASTERN_ARABIC_INDIC_ZERO : ARABIC_INDIC_ZERO));

/** Arabic-Indic and Eastern Arabic-Indic digits as 0-9 ("١٤" -> "14"); everything else as it is. */
export const westernDigits = (text: string): string => text.replace(ARABIC_DIGITS, westernDigit);

/** Character-level normalisation: everything above but Latin accents. */
export function normaliseForSearch(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '') // harakat, Quranic marks, tatweel
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef variants -> bare alef
    .replace(/[\u0649\u06CC]/g, '\u064A') // alef maqsura, Persian yeh -> yaa
    .replace(/\u06A9/g, '\u0643') // keheh -> kaf
    .replace(/\u0629/g, '\u0647') // taa marbuta -> haa
    .replace(/[\u0624\u0626]/g, '\u0621') // hamza on waw / on yaa -> hamza
    .replace(ARABIC_DIGITS, westernDigit)
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** normaliseForSearch, and Latin accents removed too ("Élève" -> "eleve"), as the index's tokenizer does (`remove_diacritics 2`). */
export function foldForMatch(text: string): string {
  return normaliseForSearch(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
