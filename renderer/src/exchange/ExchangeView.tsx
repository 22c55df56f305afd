/** The exchange screens: outbox, bundle import, Word/text import, trust register, print view. */
import { useTranslation } from 'react-i18next';
import './exchange.css';
import { ImportBundlePage } from './ImportBundlePage';
import { ImportTextPage } from './ImportTextPage';
import { OutboxPage } from './OutboxPage';
import { PrintView } from './PrintView';
import { exchangeHref, exchangePage, type ExchangePage } from './routes';
import { TrustPage } from './TrustPage';

const NAV: ExchangePage[] = ['outbox', 'import', 'text', 'trust'];

export function ExchangeView({ page: raw, arg }: { page?: string; arg?: string | null }) {
  const { t } = useTranslation();
  const page = exchangePage(raw);
  if (page === 'print' && arg) return <PrintView draftId={arg} />;
  return (
    <div className="x-page">
      <nav className="x-subnav" aria-label={t('exchange.nav.label')}>
        {NAV.map((p) => (
          <a key={p} href={exchangeHref(p)} aria-current={p === page ? 'page' : undefined}>
            {t(`exchange.nav.${p}`)}
          </a>
        ))}
      </nav>
      {page === 'outbox' && <OutboxPage />}
      {page === 'import' && <ImportBundlePage into={arg ?? null} />}
      {page === 'text' && <ImportTextPage />}
      {page === 'trust' && <TrustPage />}
    </div>
  );
}
