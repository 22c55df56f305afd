/** The app's catalogues in one language, as the renderer words them (for tests of coded and stored messages). */
import i18next from 'i18next';
import { resources } from '../shared/i18n';

export async function tFor(lng: string) {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i.t.bind(i);
}
