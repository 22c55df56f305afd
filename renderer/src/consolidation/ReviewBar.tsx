import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { consHref } from './routes';
import { announceChange, useLoad, useOnChange } from './useLoad';
import './consolidation.css';

const ACTIONS: Record<string, Array<'submit' | 'return' | 'approve'>> = {
  in_progress: ['submit'],
  returned: ['submit'],
  submitted: ['return', 'approve'],
  approved: [],
};

/**
 * Above a draft: its review status and version, the transitions allowed from there, and links to
 * the dashboard, conflicts, audit log and approved versions. `revisionKey` changes with every save,
 * so a save that reopened an approved draft shows at once.
 */
export function ReviewBar({ draftId, revisionKey }: { draftId: string; revisionKey: string }) {
  const { t } = useTranslation();
  const api = getApi();
  const id = useId();
  const { data, error, reload } = useLoad(() => api.dashboard({ draftId }), [api, draftId]);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
  }, [revisionKey, reload]);
  const onChange = useCallback(() => void reload(), [reload]);
  useOnChange(onChange);

  const act = async (action: 'submit' | 'return' | 'approve', note?: string) => {
    setErr(null);
    try {
      await api.reviewTransition({ draftId, action, comment: note || undefined });
      setReturning(false);
      setComment('');
      announceChange();
    } catch (e) {
      setErr(e);
    }
  };

  if (!data) return <ErrorText error={error} />;
  const actions = ACTIONS[data.status] ?? [];
  return (
    <section className="review-bar" aria-label={t('cons.review.label')}>
      <p className="review-status" role="status">
        <span className={`badge review-${data.status}`}>{t(`cons.review.status.${data.status}`, { defaultValue: data.status })}</span>{' '}
        <span>{t('cons.review.version', { version: data.version })}</span>
      </p>
      {data.version > 1 && data.status !== 'approved' && (
        <p className="notice small">
          {t('cons.review.reopened', { version: data.version, final: data.version - 1 })}{' '}
          <a href={consHref.review(draftId, 'versions', data.version - 1)}>{t('cons.review.viewFinal', { version: data.version - 1 })}</a>
        </p>
      )}
      {data.status === 'approved' && <p className="notice small">{t('cons.review.approvedNote', { version: data.version })}</p>}
      <div className="actions">
        {actions.map((a) =>
          a === 'return' ? (
            <button key={a} type="button" aria-expanded={returning} onClick={() => setReturning((r) => !r)}>
              {t('cons.review.actions.return')}
            </button>
          ) : (
            <button key={a} type="button" className={a === 'approve' ? 'primary' : undefined} onClick={() => void act(a)}>
              {t(`cons.review.actions.${a}`)}
            </button>
          ),
        )}
        <a href={consHref.review(draftId, 'dashboard')}>{t('cons.tabs.dashboard')}</a>
        <a href={consHref.review(draftId, 'conflicts')}>
          {t('cons.tabs.conflicts')}
          {data.openConflicts > 0 && <span className="badge warn">{data.openConflicts}</span>}
        </a>
        <a href={consHref.review(draftId, 'audit')}>{t('cons.tabs.audit')}</a>
        <a href={consHref.review(draftId, 'versions')}>{t('cons.tabs.versions')}</a>
      </div>
      {returning && (
        <form
          className="return-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act('return', comment);
          }}
        >
          <label htmlFor={`${id}-c`}>{t('cons.review.returnComment')}</label>
          <textarea id={`${id}-c`} dir="auto" rows={2} required autoFocus value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" disabled={!comment.trim()}>
            {t('cons.review.confirmReturn')}
          </button>
        </form>
      )}
      <ErrorText error={err ?? error} />
    </section>
  );
}
