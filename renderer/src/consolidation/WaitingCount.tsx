import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { useOnChange } from './useLoad';

/** Contributions still waiting under each question of a draft (under it or its objectives), kept fresh. */
export function useWaitingCounts(draftId: string): Map<string, number> {
  const [counts, setCounts] = useState(new Map<string, number>());
  const load = useCallback(() => {
    getApi()
      .listContributions({ draftId, status: 'pending' })
      .then((l) => {
        const m = new Map<string, number>();
        for (const c of l) for (const q of new Set(c.pendingTargets.map(fieldQuestion))) m.set(q, (m.get(q) ?? 0) + 1);
        setCounts(m);
      })
      .catch(() => undefined);
  }, [draftId]);
  useEffect(load, [load]);
  useOnChange(load);
  return counts;
}

export function WaitingCount({ count }: { count: number | undefined }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <span className="badge waiting-count" aria-label={t('consolidate.sidebar.waiting', { count })} title={t('consolidate.sidebar.waiting', { count })}>
      {count}
    </span>
  );
}
