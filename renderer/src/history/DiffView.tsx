import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { diffWords } from '../../../shared/diff';

/** Word-level differences from `before` to `after` (plain-text form of the answers). */
export function DiffView({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  const changed = parts.some((p) => p.op !== 'equal');
  return (
    <div className="diff" dir="auto">
      {!changed && <p className="muted">{t('history.noDifference')}</p>}
      {parts.map((p, i) =>
        p.op === 'equal' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'insert' ? (
          <ins key={i} aria-label={t('history.added')}>
            {p.text}
          </ins>
        ) : (
          <del key={i} aria-label={t('history.removed')}>
            {p.text}
          </del>
        ),
      )}
    </div>
  );
}
