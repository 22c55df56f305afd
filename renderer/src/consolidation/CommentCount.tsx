import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { useOnChange } from './useLoad';

/** Open (unresolved) comments per question of a draft, kept fresh as comments change. */
export function useCommentCounts(draftId: string): Map<string, number> {
  const [counts, setCounts] = useState(new Map<string, number>());
  const load = useCallback(() => {
    getApi()
      .listComments({ draftId })
      .then((l) => {
        const m = new Map<string, number>();
        for (const c of l) if (!c.resolvedAt) m.set(fieldQuestion(c.field), (m.get(fieldQuestion(c.field)) ?? 0) + 1);
        setCounts(m);
      })
      .catch(() => undefined);
  }, [draftId]);
  useEffect(load, [load]);
  useOnChange(load);
  return counts;
}

export function CommentCount({ count }: { count: number | undefined }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <span className="badge comment-count" aria-label={t('cons.comments.count', { count })}>
      {count}
    </span>
  );
}
