import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { formatTime } from '../format';
import type { SaveStatus } from './saver';

const FAILING = new Set<SaveStatus['state']>(['error', 'invalid', 'conflict']);

/**
 * What a screen reader hears of the save status: nothing while saves go well (no "Saving…/Saved"
 * at every pause in typing); the status when it turns into a failure (or into another failure),
 * and "Saved" once when saving recovers from one. Anyone can still read the visible status.
 */
export function announcement(last: SaveStatus['state'] | null, now: SaveStatus['state']): { say: 'failure' | 'recovered' | null; last: SaveStatus['state'] | null } {
  // `last`: the last failure announced (or null); retries in between (saving) do not count
  if (FAILING.has(now)) return last === now ? { say: null, last } : { say: 'failure', last: now };
  if (now === 'saved' && last !== null) return { say: 'recovered', last: null };
  return { say: null, last };
}

/** "Saving…", "Saved at 10:42", "Not saved: <reason>". Only failures (and recovery) are announced. */
export function SaveStatusText({ status, lastSavedAt, onRetry, compact }: { status: SaveStatus; lastSavedAt?: string | null; onRetry?: () => void; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const prev = useRef<SaveStatus['state'] | null>(null);
  const [spoken, setSpoken] = useState('');
  let text = '';
  let cls = 'save-status';
  switch (status.state) {
    case 'idle':
      text = compact ? '' : lastSavedAt ? t('save.savedAt', { time: formatTime(lastSavedAt, lang) }) : t('save.notStarted');
      break;
    case 'dirty':
    case 'saving':
      text = t('save.saving');
      cls += ' is-saving';
      break;
    case 'saved':
      text = compact ? t('save.savedShort') : t('save.savedAt', { time: formatTime(status.at, lang) });
      cls += ' is-saved';
      break;
    case 'error':
      text = compact ? t('save.notSavedShort') : t('save.notSaved', { reason: status.reason }) + ' ' + t('save.retrying', { seconds: Math.round(status.retryInMs / 1000) });
      cls += ' is-error';
      break;
    case 'invalid':
      text = compact ? t('save.notSavedShort') : t('save.notSaved', { reason: status.reason });
      cls += ' is-error';
      break;
    case 'conflict':
      text = compact ? t('save.notSavedShort') : t('save.notSaved', { reason: t('save.changedElsewhere') });
      cls += ' is-error';
      break;
  }
  const full = status.state === 'saved' ? t('save.savedAt', { time: formatTime(status.at, lang) }) : 'reason' in status ? t('save.notSaved', { reason: status.state === 'conflict' ? t('save.changedElsewhere') : status.reason }) : text;
  useEffect(() => {
    const { say, last } = announcement(prev.current, status.state);
    prev.current = last;
    if (say) setSpoken(full);
    else if (!FAILING.has(status.state)) setSpoken('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);
  return (
    <>
      <span className="visually-hidden" role="status" aria-live="polite">
        {spoken}
      </span>
      <span className={cls} title={'reason' in status ? status.reason : undefined}>
        {text}
        {status.state === 'error' && onRetry && !compact && (
          <button type="button" className="link-button" onClick={onRetry}>
            {t('save.retryNow')}
          </button>
        )}
      </span>
    </>
  );
}
