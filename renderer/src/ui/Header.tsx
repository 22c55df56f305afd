import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { href, navigate, type Route } from '../router';
import { LanguageSelect } from './LanguageSelect';
import { consHref } from '../consolidation/routes';

export function Header({ identity, onLanguage, homeHref, route }: { identity: { name: string; organisation: string }; onLanguage: (l: Language) => void; homeHref: string; route: Route }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const searchId = useId();
  // the part of the app the page belongs to, said to screen readers (aria-current) and shown
  const current = (yes: boolean) => (yes ? ({ 'aria-current': 'page' } as const) : {});
  return (
    <header className="app-header">
      <a className="brand" href={homeHref}>
        <span className="brand-mark" aria-hidden="true">GCM</span>
        <span>{t('app.name')}</span>
      </a>
      <form
        role="search"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (q.trim()) navigate(href.search(q.trim()));
        }}
      >
        <label htmlFor={searchId} className="visually-hidden">
          {t('search.label')}
        </label>
        <input id={searchId} type="search" dir="auto" value={q} placeholder={t('search.placeholder')} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <div className="header-end">
        <a className="header-link" href="#/exchange/outbox" {...current(route.name === 'exchange')}>
          {t('exchange.nav.link')}
        </a>
        <a className="header-link" href={consHref.workshops()} {...current(route.name === 'workshops' || route.name === 'workshop')}>
          {t('cons.workshops.title')}
        </a>
        <LanguageSelect onChange={onLanguage} />
        <a className="who" href={href.identity()} title={t('identity.change')} aria-label={t('identity.whoLabel', { name: identity.name, organisation: identity.organisation, change: t('identity.change') })}>
          {identity.name}
        </a>
      </div>
    </header>
  );
}
