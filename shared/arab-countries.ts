/**
 * The Arab region's countries as a draft names them (free text: in English, French or Arabic, or
 * an ISO code), for the Arabic document's dates: the month names differ by country ("دجنبر" in
 * Morocco, "جانفي" in Algeria and Tunisia, "كانون الثاني" in the Levant and Iraq, "يناير" in Egypt,
 * the Gulf, Sudan, Libya, Yemen…), and ICU (Intl) knows each country's own forms.
 */

import type { ArabRegion } from './arab-regions';

/** ISO 3166 region -> the names it goes by (compared without case, accents, the Arabic article or punctuation). */
const NAMES: Record<ArabRegion, string[]> = {
  MA: ['Morocco', 'Kingdom of Morocco', 'Maroc', 'Royaume du Maroc', 'المغرب', 'المملكة المغربية'],
  DZ: ['Algeria', 'Algérie', 'الجزائر', 'République algérienne démocratique et populaire', 'République algérienne', 'الجمهورية الجزائرية الديمقراطية الشعبية', 'الجمهورية الجزائرية'],
  TN: ['Tunisia', 'Tunisie', 'تونس', 'الجمهورية التونسية', 'République tunisienne'],
  MR: ['Mauritania', 'Mauritanie', 'موريتانيا', 'الجمهورية الإسلامية الموريتانية'],
  LY: ['Libya', 'Libye', 'ليبيا'],
  EG: ['Egypt', 'Égypte', 'مصر', 'جمهورية مصر العربية'],
  SD: ['Sudan', 'Soudan', 'السودان'],
  JO: ['Jordan', 'Jordanie', 'الأردن', 'المملكة الأردنية الهاشمية'],
  LB: ['Lebanon', 'Liban', 'لبنان', 'Lebanese Republic', 'République libanaise', 'الجمهورية اللبنانية'],
  SY: ['Syria', 'Syrian Arab Republic', 'Syrie', 'République arabe syrienne', 'سوريا', 'سورية', 'الجمهورية العربية السورية'],
  IQ: ['Iraq', 'Irak', 'العراق'],
  PS: ['Palestine', 'State of Palestine', 'État de Palestine', 'فلسطين', 'دولة فلسطين'],
  SA: ['Saudi Arabia', 'KSA', 'Arabie saoudite', 'السعودية', 'المملكة العربية السعودية'],
  AE: ['United Arab Emirates', 'UAE', 'Émirats arabes unis', 'الإمارات', 'الإمارات العربية المتحدة'],
  KW: ['Kuwait', 'Koweït', 'الكويت'],
  QA: ['Qatar', 'قطر'],
  BH: ['Bahrain', 'Bahreïn', 'البحرين', 'مملكة البحرين'],
  OM: ['Oman', 'عمان', 'عُمان', 'سلطنة عمان'],
  YE: ['Yemen', 'Yémen', 'اليمن'],
  SO: ['Somalia', 'Somalie', 'الصومال'],
  DJ: ['Djibouti', 'جيبوتي'],
  KM: ['Comoros', 'Comores', 'جزر القمر'],
};

/** A name's words compared loosely: lower case, without accents, vowel marks or the Arabic article. */
const words = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[أإآ]/g, 'ا')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.replace(/^ال(?=..)/, ''));
/** A name compared loosely: its words (above) without punctuation or spaces. */
const key = (name: string) => words(name).join('');

const ENTRIES = Object.entries(NAMES) as Array<[ArabRegion, string[]]>;
const BY_KEY = new Map(ENTRIES.flatMap(([region, names]) => [region, ...names].map((n) => [key(n), region] as const)));
/** Each name's words (not the ISO codes: "MA" is also a word), for a name given inside a longer one. */
const NAME_WORDS = ENTRIES.flatMap(([region, names]) => names.map((n) => ({ region, words: words(n) })));
/** Countries outside the region whose names hold one of its names. */
const NOT_ARAB = ['South Sudan', 'Soudan du Sud', 'جنوب السودان'].map(words);

/** Whether `seq` stands in `text` as consecutive words. */
const holds = (text: string[], seq: string[]) => text.some((_, i) => seq.every((w, j) => text[i + j] === w));

/**
 * The ISO region of an Arab country named `country` (in English, French, Arabic or by its code);
 * null when it is not one. A name not known as written is recognised by a known name among its
 * words ("Hashemite Kingdom of Jordan", "Morocco (Kingdom of)", "جمهورية العراق") when it names
 * one country only and no country outside the region (South Sudan).
 */
export function arabRegion(country: string | null | undefined): ArabRegion | null {
  if (!country) return null;
  const exact = BY_KEY.get(key(country));
  if (exact) return exact;
  const given = words(country);
  if (NOT_ARAB.some((n) => holds(given, n))) return null;
  const found = new Set(NAME_WORDS.filter((n) => holds(given, n.words)).map((n) => n.region));
  return found.size === 1 ? [...found][0]! : null;
}
