import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { dirOf, resources, type Language } from '../../shared/i18n';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

/** Switches the interface language and mirrors the page for Arabic. */
export async function applyLanguage(lang: Language): Promise<void> {
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
}
