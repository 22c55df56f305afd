import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { diffWords, type DiffPart } from '../../../shared/diff';

/** Splits a diff into lines, so each line can take its own direction (Arabic and Latin lines mixed). */
function lines(parts: DiffPart[]): DiffPart[][] {
  const out: DiffPart[][] = [[]];
  for (const p of parts) {
    p.text.split('\n').forEach((seg, i) => {
      if (i > 0) out.push([]);
      if (seg) out[out.length - 1]!.push({ op: p.op, text: seg });
    });
  }
  return out;
}

/** Word-level differences from `before` to `after` (plain-text form of the answers). */
export function DiffView({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  const changed = parts.some((p) => p.op !== 'equal');
  return (
    <div className="diff">
      {!changed && <p className="muted">{t('history.noDifference')}</p>}
      {lines(parts).map((line, i) => (
        <div key={i} dir="auto" className="diff-line">
          {line.length === 0 ? <br /> : line.map((p, j) =>
            p.op === 'equal' ? (
              <span key={j}>{p.text}</span>
            ) : p.op === 'insert' ? (
              <ins key={j} aria-label={t('history.added')}>
                {p.text}
              </ins>
            ) : (
              <del key={j} aria-label={t('history.removed')}>
                {p.text}
              </del>
            ),
          )}
        </div>
      ))}
    </div>
  );
}
