import { dateLocale, type Language } from '../../shared/i18n';

/** "10:42" today, else a short date and time, in the interface language. */
export function formatTime(iso: string, lang: Language, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  const opts: Intl.DateTimeFormatOptions = sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(dateLocale(lang), opts).format(d);
}
