import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { pickLanguage, setInterfaceRegion, type Language } from '../../shared/i18n/languages';
import type { z } from 'zod';
import type { IdentityInfo } from '../../shared/contract';
import { getApi } from './api';
import { installWindowFlush } from './autosave/registry';
import { installDesktopFlush } from './autosave/desktop';
import { Home } from './home/Home';
import { IdentityForm, IdentityScreen } from './home/IdentityScreen';
import { Backups, STORE_REPLACED } from './home/Backups';
import { Trash } from './home/Trash';
import { isConsolidationRoute } from './consolidation/routes';
import { applyLanguage, i18n, systemLanguages } from './i18n';
import { href, useRoute } from './router';
import { Header } from './ui/Header';
import { ErrorText } from './ui/ErrorText';
import { UpgradeScreen } from './ui/UpgradeScreen';
import { ConsolidationScreen, DraftScreen, ExchangeScreen, IdentityExtrasScreen, preloadScreens, ScreenSlot, SearchScreen, VersionsScreen } from './screens';
import type { StoreStatus } from '../../shared/contract/startup';

/** How often the progress screen asks how far the upgrade is. */
const UPGRADE_POLL_MS = 300;

type Identity = z.infer<typeof IdentityInfo>;

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <Shell />
    </I18nextProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const api = getApi();
  const route = useRoute();
  const [boot, setBoot] = useState<{ identity: Identity | null } | null>(null);
  const [bootError, setBootError] = useState<unknown>(null);
  const [damaged, setDamaged] = useState(false);

  // a store from an older version is upgraded before anything else: its progress, not a blank page
  const [store, setStore] = useState<StoreStatus | null>(null);

  useEffect(() => installWindowFlush(), []);
  useEffect(() => installDesktopFlush(), []);
  useEffect(() => {
    let stopped = false;
    (async () => {
      for (let first = true; !stopped; first = false) {
        const s = await api.storeStatus();
        if (stopped) return;
        // while upgrading the saved language cannot be read yet: the system's language meanwhile
        if (first && s.state !== 'ready') await applyLanguage(pickLanguage(null, systemLanguages()));
        setStore(s);
        if (s.state !== 'upgrading') return;
        await new Promise((r) => setTimeout(r, UPGRADE_POLL_MS));
      }
    })().catch(setBootError);
    return () => void (stopped = true);
  }, [api]);
  /**
   * Whose store this is and whether it is damaged, read at start and again when a restored backup
   * (home/Backups.tsx) replaced the store. The saved language is applied at start only: after a
   * restore the screen stays in the language the user is working in.
   */
  const readStore = async (withLanguage: boolean) => {
    const [identity, info, saved] = await Promise.all([api.getIdentity(), api.appInfo(), withLanguage ? api.getSetting({ key: 'language' }) : null]);
    // the desktop app knows the system's region (its window's navigator.languages do not): Arabic dates in its country's month names
    if (info.systemLocales) setInterfaceRegion([...info.systemLocales, ...systemLanguages()]);
    if (withLanguage) await applyLanguage(pickLanguage(saved, systemLanguages()));
    setBoot({ identity });
    setDamaged(!!info.storeDamaged);
  };
  useEffect(() => {
    if (store?.state === 'ready') readStore(true).catch(setBootError);
  }, [api, store?.state]);
  useEffect(() => {
    const replaced = () => void readStore(false).catch(setBootError);
    window.addEventListener(STORE_REPLACED, replaced);
    return () => window.removeEventListener(STORE_REPLACED, replaced);
  }, [api]);

  // once the first screen is up, the other screens' chunks load when idle, and the history panel's first run happens out of sight (screens.tsx, history/warm.tsx)
  useEffect(() => (boot ? preloadScreens() : undefined), [boot]);

  const changeLanguage = async (lang: Language) => {
    await applyLanguage(lang);
    await api.setSetting({ key: 'language', value: lang });
  };

  if (bootError) return <main className="boot"><ErrorText error={bootError} /></main>;
  if (store && store.state !== 'ready') return <UpgradeScreen status={store} />;
  if (!boot) return <main className="boot" aria-busy="true">{t('app.loading')}</main>;
  if (!boot.identity)
    return <IdentityScreen onLanguage={changeLanguage} onDone={(identity) => setBoot({ identity })} />;

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('app.skipToContent')}
      </a>
      <Header identity={boot.identity} onLanguage={changeLanguage} homeHref={href.home()} route={route} />
      {damaged && (
        <p className="error store-damaged" role="alert">
          {t('safety.damagedBanner')} <a href={href.backups()}>{t('safety.backups.title')}</a>
        </p>
      )}
      {route.name === 'draft' ? (
        <ScreenSlot fallback={(loading) => <main id="main" tabIndex={-1} className="page">{loading}</main>}>
          <DraftScreen key={route.draftId} draftId={route.draftId} questionId={route.questionId} />
        </ScreenSlot>
      ) : (
        <main id="main" tabIndex={-1} className={route.name === 'identity' ? 'page settings-page' : 'page'}>
          {route.name === 'home' && <Home />}
          {route.name === 'trash' && <Trash />}
          {route.name === 'backups' && <Backups />}
          <ScreenSlot key={route.name}>
            {isConsolidationRoute(route) && <ConsolidationScreen route={route} />}
            {route.name === 'search' && <SearchScreen query={route.query} />}
            {route.name === 'versions' && <VersionsScreen draftId={route.draftId} />}
            {route.name === 'exchange' && <ExchangeScreen page={route.page} arg={route.arg} />}
          </ScreenSlot>
          {route.name === 'identity' && (
            <IdentityForm
              current={boot.identity}
              onDone={(identity) => setBoot({ identity })}
            />
          )}
          {route.name === 'identity' && (
            <ScreenSlot>
              <IdentityExtrasScreen />
            </ScreenSlot>
          )}
        </main>
      )}
    </>
  );
}
