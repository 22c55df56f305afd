/**
 * The Arab region's countries as a draft names them (free text: in English, French or Arabic, or
 * an ISO code), for the Arabic document's dates: the month names differ by country ("دجنبر" in
 * Morocco, "جانفي" in Algeria and Tunisia, "كانون الثاني" in the Levant and Iraq, "يناير" in Egypt,
 * the Gulf, Sudan, Libya, Yemen…), and ICU (Intl) knows each country's own forms.
 */

/** ISO 3166 region -> the names it goes by (compared without case, accents, the Arabic article or punctuation). */
const NAMES: Record<string, string[]> = {
  MA: ['Morocco', 'Kingdom of Morocco', 'Maroc', 'Royaume du Maroc', 'المغرب', 'المملكة المغربية'],
  DZ: ['Algeria', 'Algérie', 'الجزائر'],
  TN: ['Tunisia', 'Tunisie', 'تونس', 'الجمهورية التونسية'],
  MR: ['Mauritania', 'Mauritanie', 'موريتانيا'],
  LY: ['Libya', 'Libye', 'ليبيا'],
  EG: ['Egypt', 'Égypte', 'مصر', 'جمهورية مصر العربية'],
  SD: ['Sudan', 'Soudan', 'السودان'],
  JO: ['Jordan', 'Jordanie', 'الأردن', 'المملكة الأردنية الهاشمية'],
  LB: ['Lebanon', 'Liban', 'لبنان'],
  SY: ['Syria', 'Syrian Arab Republic', 'Syrie', 'République arabe syrienne', 'سوريا', 'سورية', 'الجمهورية العربية السورية'],
  IQ: ['Iraq', 'Irak', 'العراق'],
  PS: ['Palestine', 'State of Palestine', 'État de Palestine', 'فلسطين', 'دولة فلسطين'],
  SA: ['Saudi Arabia', 'Arabie saoudite', 'السعودية', 'المملكة العربية السعودية'],
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

/** A name compared loosely: lower case, without accents, vowel marks, the Arabic article, punctuation or spaces. */
const key = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[أإآ]/g, 'ا')
    .replace(/(^|\s)ال/g, '$1')
    .replace(/[^\p{L}\p{N}]/gu, '');

const BY_KEY = new Map(Object.entries(NAMES).flatMap(([region, names]) => [region, ...names].map((n) => [key(n), region] as const)));

/** The ISO region of an Arab country named `country` (in English, French, Arabic or by its code); null when it is not one. */
export function arabRegion(country: string | null | undefined): string | null {
  return (country && BY_KEY.get(key(country))) || null;
}
