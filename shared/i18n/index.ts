/**
 * Interface strings in English, French and Arabic (question texts stay template data). Pure:
 * language choice and direction are decided here (languages.ts), the renderer only applies them.
 * Each language's strings are one module (strings.<lang>.ts), so the renderer loads only the
 * active language's (renderer/src/i18n.ts); main and the tests take all three from here.
 */
import { strings as en, type Strings } from './strings.en';
import { strings as fr } from './strings.fr';
import { strings as ar } from './strings.ar';

export * from './languages';
export type { Strings };

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  ar: { translation: ar },
} as const;
