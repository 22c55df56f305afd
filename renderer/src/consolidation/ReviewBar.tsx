import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatTime } from '../format';
import type { Language } from '../../../shared/i18n';
import { consHref } from './routes';
import { announceChange, useLoad, useOnChange } from './useLoad';
import './consolidation.css';
import { Sentence } from '../ui/Sentence';

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
export function ReviewBar({ draftId, revisionKey, onStatus }: { draftId: string; revisionKey: string; onStatus?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const api = getApi();
  const { data, error, reload } = useLoad(async () => {
    const [d, history] = await Promise.all([api.dashboard({ draftId }), api.reviewHistory({ draftId })]);
    return { ...d, history };
  }, [api, draftId]);
  const [returning, setReturning] = useState(false);
  const [asking, setAsking] = useState<'approve' | 'reopen' | null>(null);
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

  const transition = async (action: 'submit' | 'return' | 'approve', note?: string) => {
    await api.reviewTransition({ draftId, action, comment: note || undefined });
    setReturning(false);
    announceChange();
    onStatus?.();
  };
  const act = async (action: 'submit' | 'approve') => {
    setErr(null);
    try {
      await transition(action);
    } catch (e) {
      setErr(e);
    }
  };
  const reopen = async () => {
    setErr(null);
    try {
      await api.reopenDraft({ draftId });
      announceChange();
      onStatus?.();
    } catch (e) {
      setErr(e);
    }
  };

  if (!data) return <ErrorText error={error} />;
  const actions = ACTIONS[data.status] ?? [];
  // the comment sent with the last return, shown until the draft is submitted again
  const lastTurn = [...data.history].reverse().find((h) => h.action === 'submit' || h.action === 'return');
  const returned = lastTurn?.action === 'return' ? lastTurn : null;
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
      {data.status === 'approved' && (
        <p className="notice small">
          {t('cons.review.approvedNote', { version: data.version })}{' '}
          <button type="button" aria-haspopup="dialog" onClick={() => setAsking('reopen')}>
            {t('consolidate.review.openNext', { version: data.version + 1 })}
          </button>
        </p>
      )}
      {returned && (
        <div className="return-banner" role="note" aria-label={t('consolidate.review.returnedLabel')}>
          <p>
            <strong><Sentence k="consolidate.review.returnedBy" values={{ who: `${returned.actorName} (${returned.actorOrganisation})`, time: formatTime(returned.at, lang) }} /></strong>
          </p>
          {returned.comment && (
            <blockquote dir="auto" className="return-comment">
              {returned.comment}
            </blockquote>
          )}
        </div>
      )}
      <div className="actions">
        {actions.map((a) =>
          a === 'return' ? (
            <button key={a} type="button" aria-haspopup="dialog" onClick={() => setReturning(true)}>
              {t('cons.review.actions.return')}
            </button>
          ) : (
            <button
              key={a}
              type="button"
              className={a === 'approve' ? 'primary' : undefined}
              aria-haspopup={a === 'approve' ? 'dialog' : undefined}
              onClick={() => (a === 'approve' ? setAsking('approve') : void act(a))}
            >
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
        <ConfirmDialog
          title={t('confirm.returnTitle')}
          message={t('confirm.returnText')}
          confirmLabel={t('cons.review.confirmReturn')}
          field={{ label: t('cons.review.returnComment'), required: true, multiline: true }}
          onConfirm={(comment) => transition('return', comment)}
          onCancel={() => setReturning(false)}
        />
      )}
      {data.history.length > 0 && (
        <details className="review-history">
          <summary>{t('consolidate.review.history', { count: data.history.length })}</summary>
          <ol>
            {data.history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.at}>{formatTime(h.at, lang)}</time> · {t(`consolidate.review.action.${h.action}`, { defaultValue: h.action })} · {t('cons.review.version', { version: h.version })} ·{' '}
                <bdi dir="auto">{`${h.actorName} (${h.actorOrganisation})`}</bdi>
                {h.comment && (
                  <>
                    {' — '}
                    <q dir="auto">{h.comment}</q>
                  </>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {asking === 'approve' && (
        <ConfirmDialog
          title={t('consolidate.review.approveTitle', { version: data.version })}
          message={t('consolidate.review.approveText', { version: data.version, next: data.version + 1 })}
          confirmLabel={t('consolidate.review.approveConfirm', { version: data.version })}
          onConfirm={() => {
            setAsking(null);
            void act('approve');
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === 'reopen' && (
        <ConfirmDialog
          title={t('consolidate.review.reopenTitle', { version: data.version + 1 })}
          message={t('consolidate.review.reopenText', { version: data.version, next: data.version + 1 })}
          confirmLabel={t('consolidate.review.reopenConfirm', { version: data.version + 1 })}
          onConfirm={() => {
            setAsking(null);
            void reopen();
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      <ErrorText error={err ?? error} />
    </section>
  );
}
