import { useTranslation } from 'react-i18next';

/** "3 of 8 answered" with a bar; the bar is a native <progress> (no inline styles under the CSP). */
export function Progress({ answered, total, label }: { answered: number; total: number; label?: string }) {
  const { t } = useTranslation();
  const text = t('progress.answered', { answered, total });
  return (
    <span className="progress">
      {label && <span className="progress-label">{label}</span>}
      <progress max={total || 1} value={answered} aria-label={label ? `${label}: ${text}` : text} />
      <span className="progress-text">{text}</span>
    </span>
  );
}
