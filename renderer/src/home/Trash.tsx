import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftSummary } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';

export function Trash() {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const [drafts, setDrafts] = useState<DraftSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => api.listDrafts({ trash: true }).then(setDrafts, setError), [api]);
  useEffect(() => void load(), [load]);
  // a restored draft leaves the list with the button that had the focus: the page says so, and the
  // focus goes to what says it (it was lost to the page, nothing said)
  const [restored, setRestored] = useState<string | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => notice.current?.focus(), [restored]);
  return (
    <>
      <div className="page-head">
        <h1>{t('trash.title')}</h1>
        <a href={href.home()} className="button-link">
          {t('trash.back')}
        </a>
      </div>
      <p className="lead">{t('trash.intro')}</p>
      <ErrorText error={error} />
      <div role="status" className="trash-status">
        {restored && (
          <p className="notice" tabIndex={-1} ref={notice}>
            {t('trash.restored', { title: '\u2068' + restored + '\u2069' })}
          </p>
        )}
      </div>
      {drafts === null ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : drafts.length === 0 ? (
        <p className="empty">{t('trash.empty')}</p>
      ) : (
        <ul className="draft-list">
          {drafts.map((d) => (
            <li key={d.id} className="card draft-card">
              <div className="draft-card-main">
                <h2 dir="auto" className="h3">{d.title}</h2>
                <p className="meta">{t('trash.deletedAt', { time: formatTime(d.deletedAt ?? d.updatedAt, i18n.language as Language) })}</p>
              </div>
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  aria-label={t('trash.restoreNamed', { title: d.title })}
                  onClick={async () => {
                    try {
                      await api.restoreDraft({ draftId: d.id });
                      await load();
                      setRestored(d.title);
                    } catch (err) {
                      setError(err);
                    }
                  }}
                >
                  {t('trash.restore')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
