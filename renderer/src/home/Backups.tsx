/**
 * The daily backups of the data file (main/store/backup.ts), newest first, each restorable after a
 * confirmation: the whole store becomes the copy, and the store as it was is kept beside it (the
 * host names the file). The way back from a damaged data file (the banner links here) or from a
 * mistake larger than one answer's history.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatSize, formatTime } from '../format';
import { href } from '../router';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';

/** Sent on `window` once a backup was restored: the shell reads the store's state again (App.tsx). */
export const STORE_REPLACED = 'gcm:store-replaced';

export function Backups() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const api = getApi();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<BackupInfo | null>(null);
  const [restored, setRestored] = useState<{ name: string; kept: string | null } | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const making = useAction();
  const load = useCallback(() => api.listBackups().then(setBackups, setError), [api]);
  useEffect(() => void load(), [load]);
  // always with its date (formatTime shows today's times alone): "the backup of 10:42" would not say which day
  const when = (b: BackupInfo) => formatTime(b.modifiedAt, lang, new Date(0));
  return (
    <>
      <div className="page-head">
        <h1>{t('safety.backups.title')}</h1>
        <a href={href.home()} className="button-link">
          {t('safety.backups.back')}
        </a>
      </div>
      <p className="lead">{t('safety.backups.intro')}</p>
      <p>
        <button
          type="button"
          className="primary"
          disabled={making.busy}
          aria-busy={making.busy}
          onClick={() =>
            making.run(async () => {
              setMade(null);
              setMade((await api.createBackup()).name);
              await load();
            })
          }
        >
          {making.busy ? t('safety.backups.making') : t('safety.backups.makeNow')}
        </button>
      </p>
      <ErrorText error={making.error} />
      {made && (
        <p className="notice" role="status">
          {t('safety.backups.made', { name: made })}
        </p>
      )}
      {restored && (
        <p className="notice" role="status">
          {t('safety.restored', { name: restored.name, kept: restored.kept ?? '—' })}
        </p>
      )}
      <ErrorText error={error} />
      {backups === null ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : backups.length === 0 ? (
        <p className="empty">{t('safety.backups.empty')}</p>
      ) : (
        <ul className="draft-list">
          {backups.map((b) => (
            <li key={b.name} className="card draft-card">
              <div className="draft-card-main">
                <h2 className="h3">{when(b)}</h2>
                <p className="meta">
                  <code dir="ltr">{b.name}</code> · {formatSize(b.size, lang)}
                </p>
              </div>
              <div className="actions">
                <button type="button" aria-label={t('safety.backups.restoreNamed', { time: when(b) })} onClick={() => setAsking(b)}>
                  {t('safety.restore')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <ConfirmDialog
          title={t('safety.backups.confirmTitle', { time: when(asking) })}
          message={t('safety.backups.confirmBody')}
          confirmLabel={t('safety.backups.confirm')}
          tone="danger"
          onConfirm={async () => {
            const r = await api.restoreBackup({ name: asking.name });
            setAsking(null);
            setError(null);
            setRestored({ name: r.restored, kept: r.keptAs });
            window.dispatchEvent(new Event(STORE_REPLACED));
            await load();
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}
