import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLanguage } from '../../../shared/contract/drafts';
import { DOCUMENT_LANGUAGES } from '../../../shared/contract/limits';
import { LANGUAGE_NAMES } from '../../../shared/i18n/languages';

/** Picks a draft's document language; each option names the language in the interface language and in itself. */
export function DocumentLanguageSelect({ value, onChange }: { value: DocumentLanguage; onChange: (l: DocumentLanguage) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <label className="field" htmlFor={id}>
      <span>{t('language.documentLanguage')}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as DocumentLanguage)} title={t('language.documentLanguageHint')}>
        {DOCUMENT_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {l === i18n.language ? LANGUAGE_NAMES[l] : `${t(`language.names.${l}`)} (${LANGUAGE_NAMES[l]})`}
          </option>
        ))}
      </select>
    </label>
  );
}
