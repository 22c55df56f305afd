import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { LanguageSelect } from '../ui/LanguageSelect';

/** First run: who is writing. Every saved revision records this name and organisation. */
export function IdentityScreen({ onDone, onLanguage }: { onDone: (i: Awaited<ReturnType<ReturnType<typeof getApi>['setIdentity']>>) => void; onLanguage: (l: Language) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" className="identity-screen" tabIndex={-1}>
      <div className="identity-lang">
        <LanguageSelect onChange={onLanguage} />
      </div>
      <form
        className="card identity-card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            onDone(await getApi().setIdentity({ name, organisation }));
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1>{t('identity.title')}</h1>
        <p className="lead">{t('identity.intro')}</p>
        <label className="field">
          <span>{t('identity.name')}</span>
          <input required dir="auto" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('identity.organisation')}</span>
          <input required dir="auto" autoComplete="organization" value={organisation} onChange={(e) => setOrganisation(e.target.value)} />
        </label>
        <ErrorText error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('identity.continue')}
        </button>
      </form>
    </main>
  );
}
