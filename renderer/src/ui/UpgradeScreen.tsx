/**
 * What the app shows while its store is upgraded at start-up (issue 13): a store from an older
 * version can take minutes (migration 013 at a million revisions). Instead of a blank window, a
 * progress screen: the percent while revisions are converted, the step otherwise (an
 * indeterminate bar), and the reason when the upgrade fails.
 */
import { useTranslation } from 'react-i18next';
import type { StoreStatus } from '../../../shared/contract/startup';
import type { Language } from '../../../shared/i18n';
import { formatNumber } from '../format';

export function UpgradeScreen({ status }: { status: StoreStatus }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  if (status.state === 'failed') {
    return (
      <main className="boot upgrade" data-testid="upgrade-failed">
        <h1>{t('startup.title')}</h1>
        <div className="error" role="alert">
          <p>{t('startup.failed')}</p>
          <p>
            <bdi>{status.message}</bdi>
          </p>
        </div>
      </main>
    );
  }
  const percent = status.percent;
  return (
    <main className="boot upgrade" aria-busy="true" data-testid="upgrade-screen">
      <h1>{percent !== null ? t('startup.progress', { percent: formatNumber(percent, lang) }) : t('startup.title')}</h1>
      {percent !== null ? <progress max={100} value={percent} aria-label={t('startup.barLabel')} /> : <progress aria-label={t('startup.barLabel')} />}
      <p role="status">{t(`startup.step.${status.step ?? 'start'}`)}</p>
      <p className="upgrade-explain">{t('startup.explain')}</p>
    </main>
  );
}
