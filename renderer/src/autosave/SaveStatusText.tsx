import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { formatTime } from '../format';
import type { SaveStatus } from './saver';

/** "Saving…", "Saved at 10:42", "Not saved: <reason>". Announced politely to screen readers. */
export function SaveStatusText({ status, lastSavedAt, onRetry, compact }: { status: SaveStatus; lastSavedAt?: string | null; onRetry?: () => void; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
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
  return (
    <span className={cls} role="status" aria-live="polite" title={'reason' in status ? status.reason : undefined}>
      {text}
      {status.state === 'error' && onRetry && !compact && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('save.retryNow')}
        </button>
      )}
    </span>
  );
}
