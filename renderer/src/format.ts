import { dateLocale, formatDate, type Language } from '../../shared/i18n/languages';

/**
 * One Intl.DateTimeFormat per language and style, made once: making one costs about as much as
 * formatting a hundred dates (a history page formats several per row, on every render).
 */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(lang: Language, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${dateLocale(lang)} ${sameDay}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(dateLocale(lang), sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
    // a 12-hour clock (standard Arabic, the Mashriq's) writes the hour without its zero: "9:05 ص", not "09:05 ص"
    if (sameDay && /^h1[12]$/.test(f.resolvedOptions().hourCycle ?? '')) f = new Intl.DateTimeFormat(dateLocale(lang), { hour: 'numeric', minute: '2-digit' });
    timeFormats.set(key, f);
  }
  return f;
}

/** "10:42" today, else a short date and time, in the interface language ("1er janv. 2026, 09:00"). */
export function formatTime(iso: string, lang: Language, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatDate(timeFormat(lang, d.toDateString() === now.toDateString()), d);
}

/** A calendar day in the interface language (shared: the stored phrases' days are worded with it too). */
export { formatDay } from '../../shared/i18n/languages';

/** A number in the interface language (grouping, Latin digits in Arabic, the decimal mark of the system's Arab country). */
export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(dateLocale(lang)).format(n);
}

const sizeFormats = new Map<string, Intl.NumberFormat>();
/**
 * A file's size in the interface language, its number and unit as the language writes them:
 * "48.8 kB", "48,8 ko", "48,8 كيلوبايت"; "21.0 MB", "21,0 Mo", "21,0 ميغابايت" (the unit the
 * catalogues' own sentences use beside it: MB, Mo, ميغابايت). Bytes are 1024 to the kilobyte.
 */
export function formatSize(n: number, lang: Language): string {
  const [unit, value] = n < 1024 ? (['byte', n] as const) : n < 1024 ** 2 ? (['kilobyte', n / 1024] as const) : (['megabyte', n / 1024 ** 2] as const);
  const key = `${dateLocale(lang)} ${unit}`;
  let f = sizeFormats.get(key);
  if (!f) {
    // Arabic's short megabyte is "م.ب": the long name is what its sentences say; "512 byte" reads better as "512 bytes"
    const unitDisplay = lang === 'ar' || unit === 'byte' ? 'long' : 'short';
    const digits = unit === 'byte' ? 0 : 1;
    sizeFormats.set(key, (f = new Intl.NumberFormat(dateLocale(lang), { style: 'unit', unit, unitDisplay, minimumFractionDigits: digits, maximumFractionDigits: digits })));
  }
  return f.format(value);
}

/**
 * A duration to the minute, in words of the interface language: "2 hours, 5 minutes",
 * "2 heures et 5 minutes", "ساعتان و5 دقائق" (Intl's own plural forms, Arabic's six included).
 */
export function formatDuration(ms: number, lang: Language): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const unit = (n: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(dateLocale(lang), { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  const parts = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ] as const;
  return new Intl.ListFormat(dateLocale(lang), { style: 'long', type: 'unit' }).format(parts.filter(([n]) => n > 0).map(([n, u]) => unit(n, u)));
}

/**
 * Question or section ids as a list in the interface language: "I.a, II.b" in English and French,
 * "I.a، II.b" with the Arabic comma on Arabic screens (no conjunction: Intl.ListFormat would glue
 * Arabic "و" to a Latin id, "وII.b").
 */
export function formatIds(ids: readonly string[], lang: Language): string {
  return ids.join(lang === 'ar' ? '، ' : ', ');
}

/** A file's name from a path of any system (the whole text when it has none). */
export const fileName = (p: string): string => p.split(/[\\/]/).pop() || p;

/** The folder of a path of any system (the path itself when it names no folder). */
export const folderOf = (p: string): string => p.slice(0, p.length - fileName(p).length).replace(/(?<=.)[\\/]+$/, '') || p;
