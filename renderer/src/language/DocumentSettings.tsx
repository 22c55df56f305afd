/** A draft's document settings: language of its print view and Word export, submitting authority, country. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLanguage, DraftSummary } from '../../../shared/contract/drafts';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { DocumentLanguageSelect } from './DocumentLanguageSelect';

export function DocumentSettings({ draft, readOnly, onSaved }: { draft: DraftSummary; readOnly: boolean; onSaved: (d: DraftSummary) => void }) {
  const { t } = useTranslation();
  const api = getApi();
  const [language, setLanguage] = useState<DocumentLanguage>(draft.language);
  const [authority, setAuthority] = useState(draft.authority);
  const [country, setCountry] = useState(draft.country);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  return (
    <details className="document-settings">
      <summary>
        {/* one sentence per language, its punctuation included (French puts a space before the colon) */}
        <span>{t('language.documentSummary', { language: t(`language.names.${draft.language}`) })}</span>
        {draft.authority && (
          <>
            {' · '}
            <bdi>{draft.authority}</bdi>
          </>
        )}
      </summary>
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setSaved(false);
          try {
            onSaved(await api.setDraftDocument({ draftId: draft.id, language, authority, country }));
            setSaved(true);
          } catch (err) {
            setError(err);
          }
        }}
      >
        <DocumentLanguageSelect value={language} onChange={setLanguage} />
        <label className="field grow">
          <span>{t('language.authority')}</span>
          <input dir="auto" value={authority} maxLength={300} readOnly={readOnly} placeholder={t('language.authorityExample')} onChange={(e) => setAuthority(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('home.country')}</span>
          <input dir="auto" value={country} maxLength={200} readOnly={readOnly} onChange={(e) => setCountry(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={readOnly}>
          {t('common.save')}
        </button>
      </form>
      {saved && <p role="status">{t('language.documentSaved')}</p>}
      <ErrorText error={error} />
    </details>
  );
}
