import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { LanguageSelect } from '../ui/LanguageSelect';
import { useAction } from '../ui/useAction';

type Identity = Awaited<ReturnType<ReturnType<typeof getApi>['setIdentity']>>;

/** First run: who is writing. Every saved revision records this name and organisation. */
export function IdentityScreen({ onDone, onLanguage }: { onDone: (i: Identity) => void; onLanguage: (l: Language) => void }) {
  return (
    <main id="main" className="identity-screen" tabIndex={-1}>
      <div className="identity-lang">
        <LanguageSelect onChange={onLanguage} />
      </div>
      <IdentityForm onDone={onDone} />
    </main>
  );
}

/** The name and organisation form; also used later to correct them (new revisions record the new values). */
export function IdentityForm({ onDone, current }: { onDone: (i: Identity) => void; current?: { name: string; organisation: string } }) {
  const { t } = useTranslation();
  const [name, setName] = useState(current?.name ?? '');
  const [organisation, setOrganisation] = useState(current?.organisation ?? '');
  const { busy, error, run } = useAction();
  // in the settings, a save is said where it was made (the page's other cards stay in reach), until the next edit
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="card identity-card"
      onSubmit={async (e) => {
        e.preventDefault();
        await run(async () => {
          onDone(await getApi().setIdentity({ name, organisation }));
          setSaved(!!current);
        });
      }}
      onChange={() => setSaved(false)}
    >
      <h1>{current ? t('identity.editTitle') : t('identity.title')}</h1>
      <p className="lead">{current ? t('identity.editIntro') : t('identity.intro')}</p>
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
        {current ? t('common.save') : t('identity.continue')}
      </button>
      {current && (
        <p role="status" className="x-ok" data-testid="identity-saved">
          {saved ? t('identity.savedNote') : ''}
        </p>
      )}
    </form>
  );
}
