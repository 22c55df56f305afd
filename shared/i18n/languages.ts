/**
 * The interface languages, the choice among them and their direction: no catalogue here, so the
 * renderer's first screen can use these without loading every language's strings (issue 13; the
 * renderer loads the active language's catalogue on its own: renderer/src/i18n.ts).
 */
import { systemArabRegion, type ArabRegion } from '../arab-regions';

export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', ar: 'العربية' };

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** The saved choice if any, else the first of the system's preferred languages we have, else English. */
export function pickLanguage(saved: string | null | undefined, preferred: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  for (const p of preferred) {
    const base = p.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export const dirOf = (lang: Language): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

/** The Arab country whose month names the interface's Arabic dates use: the system's (setInterfaceRegion), else none. */
let interfaceRegion: ArabRegion | null = null;

/**
 * Called once at start with the system's preferred locales (the renderer's navigator.languages, the
 * CLI's LC_ALL/LC_TIME/LANG): an official whose system is set to Jordan reads "كانون الثاني", to
 * Morocco "يناير" but "دجنبر", to Algeria or Tunisia "جانفي" (ICU's forms for each country); a
 * system that names no Arab country, the standard "يناير", "ديسمبر". Before, every user had
 * Morocco's.
 */
export function setInterfaceRegion(preferred: readonly string[]): void {
  interfaceRegion = systemArabRegion(preferred);
}

/**
 * Locale for dates, times and numbers: Arabic with the month names of `region` (by default the
 * interface's, above; null: the standard names) and the Latin digits the answers are written in;
 * French of France; British English. The documents pass their draft's country (documentLocale).
 */
export const dateLocale = (lang: Language, region: ArabRegion | null = interfaceRegion): string =>
  lang === 'ar' ? `ar${region ? `-${region}` : ''}-u-nu-latn` : lang === 'fr' ? 'fr-FR' : 'en-GB';

/** Items of a list as the language joins them ("a, b, c"; "a, b et c"; "a، وb"). */
export const formatList = (items: string[], lang: Language): string => new Intl.ListFormat(dateLocale(lang), { type: 'unit' }).format(items);

/**
 * A date as `format` writes it, the first of the month as French writes it: "1er janvier 2026",
 * "1er janv. 2026, 09:00" (Intl writes "1 janvier"); every other day, and English and Arabic, as
 * Intl writes them. The one place a date's day is worded, for the screens (formatDay, the
 * renderer's formatTime) and the documents (document-text.ts dateInWords).
 */
export function formatDate(format: Intl.DateTimeFormat, date: Date): string {
  if (!format.resolvedOptions().locale.startsWith('fr')) return format.format(date);
  const parts = format.formatToParts(date);
  // only beside a month in words ("1er mars"), never in figures ("1/3/2026")
  if (!parts.some((p) => p.type === 'month' && /\D/.test(p.value))) return format.format(date);
  return parts.map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

/** A calendar day ("2021-03-02") as the language writes it: "2 March 2021", "2 mars 2021", "2 مارس 2021" ("1er mars 2021"); anything else as it is. */
export function formatDay(day: string, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return formatDate(new Intl.DateTimeFormat(dateLocale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), d);
}
