import { useTranslation } from 'react-i18next';
import type { DiffPart } from '../../../shared/diff';

/** A one-line preview of a change: context, then what was added and removed. */
export function PreviewLine({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  if (!parts.length) return null;
  return (
    <p className="hist-preview" dir="auto">
      {parts.map((p, i) =>
        p.op === 'insert' ? (
          <ins key={i} aria-label={`${t('history.added')}: ${p.text}`}>{p.text}</ins>
        ) : p.op === 'delete' ? (
          <del key={i} aria-label={`${t('history.removed')}: ${p.text}`}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}
