import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { diffWords, type DiffPart } from '../../../shared/diff';
import { strongDirection } from '../../../shared/doc';

/** Splits a diff into lines (paragraphs and list items of the plain-text form). */
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
    // The lines follow the answer's direction, like its lists in the editor (not each its own: a
    // list item starting with a Latin acronym stays in an Arabic answer's right-to-left flow).
    <div className="diff" dir={strongDirection(after) ?? strongDirection(before) ?? undefined}>
      {!changed && <p className="muted">{t('history.noDifference')}</p>}
      {lines(parts).map((line, i) => (
        <div key={i} className="diff-line">
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
