/**
 * Interface strings in English, French and Arabic (question texts stay template data). Pure:
 * language choice and direction are decided here, the renderer only applies them.
 */
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';
import exAr from './exchange.ar.json';
import exEn from './exchange.en.json';
import exFr from './exchange.fr.json';
import consAr from './consolidation.ar.json';
import consEn from './consolidation.en.json';
import consFr from './consolidation.fr.json';
import deskAr from './desktop.ar.json';
import deskEn from './desktop.en.json';
import deskFr from './desktop.fr.json';
import langAr from './language.ar.json';
import langEn from './language.en.json';
import langFr from './language.fr.json';
import msgAr from './messages.ar.json';
import msgEn from './messages.en.json';
import msgFr from './messages.fr.json';
import wordAr from './word.ar.json';
import wordEn from './word.en.json';
import wordFr from './word.fr.json';
import delAr from './delivery.ar.json';
import delEn from './delivery.en.json';
import delFr from './delivery.fr.json';
import safeAr from './safety.ar.json';
import safeEn from './safety.en.json';
import safeFr from './safety.fr.json';
import histAr from './versions.ar.json';
import histEn from './versions.en.json';
import histFr from './versions.fr.json';
import startAr from './startup.ar.json';
import startEn from './startup.en.json';
import startFr from './startup.fr.json';

export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', ar: 'العربية' };

export type Strings = typeof en & typeof consEn & typeof exEn & typeof deskEn & typeof langEn & typeof msgEn & typeof wordEn & typeof delEn & typeof safeEn & typeof histEn & typeof startEn;
export const resources = {
  en: { translation: { ...en, ...consEn, ...exEn, ...deskEn, ...langEn, ...msgEn, ...wordEn, ...delEn, ...safeEn, ...histEn, ...startEn } },
  fr: { translation: { ...fr, ...consFr, ...(exFr as typeof exEn), ...deskFr, ...langFr, ...(msgFr as unknown as typeof msgEn), ...wordFr, ...delFr, ...safeFr, ...histFr, ...startFr } as Strings },
  ar: { translation: { ...ar, ...consAr, ...(exAr as typeof exEn), ...(deskAr as typeof deskEn), ...langAr, ...(msgAr as unknown as typeof msgEn), ...wordAr, ...delAr, ...safeAr, ...(histAr as unknown as typeof histEn), ...startAr } as Strings },
} as const;

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

/**
 * Locale for dates, times and numbers: Moroccan Arabic (its month names) with the Latin digits
 * Morocco uses and the answers are written in; French of France; British English.
 */
export const dateLocale = (lang: Language): string => (lang === 'ar' ? 'ar-MA-u-nu-latn' : lang === 'fr' ? 'fr-FR' : 'en-GB');
