/**
 * The interface's i18next instance. Only the active language's strings are loaded (issue 13: a
 * first screen that loads only what it shows): each language is a chunk of its own
 * (shared/i18n/strings.<lang>.ts), fetched on first use, before the language is applied.
 */
import i18next, { type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { dirOf, isLanguage, type Language } from '../../shared/i18n/languages';
import { formatNumber } from './format';
import type { Strings } from '../../shared/i18n/strings.en';

/**
 * Every value put into a sentence passes here (interpolation.alwaysFormat): a number is written
 * as the language writes it ("12,345", "12 345", "12.345": formatNumber), anything else as it is.
 * The catalogues use no named formats.
 */
const numbersInWords: FormatterModule = {
  type: 'formatter',
  init: () => {},
  add: () => {},
  addCached: () => {},
  format: (value, _format, lng) =>
    typeof value === 'number' && Number.isFinite(value) && lng && isLanguage(lng) ? formatNumber(value, lng) : value,
};

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).use(numbersInWords).init({
  resources: {}, // added per language by loadLanguage
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false, alwaysFormat: true }, // React escapes
  returnNull: false,
});

const CATALOGUES: Record<Language, () => Promise<{ strings: Strings }>> = {
  en: () => import('../../shared/i18n/strings.en'),
  fr: () => import('../../shared/i18n/strings.fr'),
  ar: () => import('../../shared/i18n/strings.ar'),
};

/** Adds a language's strings to i18next once (a failed load is tried again next time). */
export async function loadLanguage(lang: Language): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  const { strings } = await CATALOGUES[lang]();
  i18n.addResourceBundle(lang, 'translation', strings);
}

/** Switches the interface language (its strings loaded first) and mirrors the page for Arabic. */
export async function applyLanguage(lang: Language): Promise<void> {
  await loadLanguage(lang);
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
}

/** The system's preferred locales, most preferred first ("ar-JO", "fr-FR"): for the language chosen before the user chooses, and the dates' region. */
export const systemLanguages = (): readonly string[] => (navigator.languages?.length ? navigator.languages : [navigator.language]);
