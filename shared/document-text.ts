/**
 * The words of the exported review (its "furniture": headings, column headers, "Not answered",
 * the title block) in the draft's document language, from shared/i18n/document.{en,fr,ar}.json.
 * The DOCX export, the print HTML and the print view all take their words from here; the DOCX
 * import recognises the furniture of every language.
 */
import ar from './i18n/document.ar.json';
import en from './i18n/document.en.json';
import fr from './i18n/document.fr.json';
import type { ObjectiveStatus } from './template/schema';
import { arabRegion } from './arab-countries';
import { dateLocale, formatDate } from './i18n/languages';

export type DocumentText = typeof en & { statuses: Record<ObjectiveStatus, string> };
export type DocLanguage = 'en' | 'fr' | 'ar';
export const DOCUMENT_TEXT: Record<DocLanguage, DocumentText> = { en, fr, ar };

export const documentText = (lang: DocLanguage): DocumentText => DOCUMENT_TEXT[lang];
export const documentDir = (lang: DocLanguage): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

/** Fills {{name}} placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * Locale for the document's dates and numbers, with Latin digits. Arabic month names are the
 * draft's country's (shared/arab-countries.ts: "دجنبر" for Morocco, "جانفي" for Algeria and
 * Tunisia, "كانون الأول" for Jordan, "ديسمبر" for Egypt), the standard "ديسمبر" when the country is
 * none of the Arab region's or not given.
 */
export function documentLocale(lang: DocLanguage, country?: string | null): string {
  return dateLocale(lang, arabRegion(country));
}

/**
 * The date in words, e.g. "2 March 2021", "2 mars 2021" ("1er mars 2021"), "2 مارس 2021" (Arabic: the month as the
 * draft's `country` names it, see documentLocale). The date is the day it is where the
 * computer that writes the document is (its time zone): the main process for the Word export
 * and the print HTML, the renderer for the print view, both on the user's machine.
 */
export function dateInWords(date: Date, lang: DocLanguage, country?: string | null): string {
  return formatDate(new Intl.DateTimeFormat(documentLocale(lang, country), { day: 'numeric', month: 'long', year: 'numeric' }), date);
}

/** Every language's word for one piece of furniture (for recognising an exported document). */
export function allLanguages<T>(pick: (t: DocumentText) => T): T[] {
  return Object.values(DOCUMENT_TEXT).map(pick);
}
