/**
 * The questionnaire in the interface language: the template's translation where it has one, the
 * source text elsewhere, with the language each text is actually in (for lang/dir attributes).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dirOf, isLanguage } from '../../../shared/i18n/languages';
import { isWorkingTranslation, localizeTemplate, type Template } from '../../../shared/template/schema';

export interface TemplateText {
  /** The template with its texts in `lang` where a translation has them. */
  local: Template;
  /** The source template (English reference text of the built-in template). */
  source: Template;
  /** The language the local texts are in, and their direction. */
  lang: string;
  dir: 'rtl' | 'ltr';
  /** The local texts are a translation (the source text can be shown beside them). */
  translated: boolean;
  working: boolean;
}

export function templateText(source: Template, want: string): TemplateText {
  const has = want === source.language || !!source.translations?.[want as 'en'];
  const lang = has ? want : source.language;
  return {
    local: localizeTemplate(source, lang),
    source,
    lang,
    dir: isLanguage(lang) ? dirOf(lang) : 'ltr',
    translated: lang !== source.language,
    working: isWorkingTranslation(source, lang),
  };
}

/** The template's texts in the interface language (or in `lang` when given, e.g. a document language). */
export function useTemplateText(source: Template | null | undefined, lang?: string): TemplateText | null {
  const { i18n } = useTranslation();
  const want = lang ?? i18n.language;
  return useMemo(() => (source ? templateText(source, want) : null), [source, want]);
}
