import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { useOnChange } from './useLoad';

/** What a sidebar badge counts per question: how to list the items, and which questions each one counts under. */
interface CountKind {
  /** The questions an item counts under (each once). */
  count: (draftId: string) => Promise<Iterable<string>[]>;
  className: string;
  label: (t: TFunction, count: number) => string;
  /** Whether the label is also shown as a tooltip. */
  tooltip: boolean;
}

const kinds = {
  /** Contributions still waiting under each question of a draft (under it or its objectives). */
  waiting: {
    count: (draftId) =>
      getApi()
        .listContributions({ draftId, status: 'pending' })
        .then((l) => l.map((c) => new Set(c.pendingTargets.map(fieldQuestion)))),
    className: 'waiting-count',
    label: (t, count) => t('consolidate.sidebar.waiting', { count }),
    tooltip: true,
  },
  /** Open (unresolved) comments per question of a draft. */
  comments: {
    count: (draftId) =>
      getApi()
        .listComments({ draftId })
        .then((l) => l.filter((c) => !c.resolvedAt).map((c) => [fieldQuestion(c.field)])),
    className: 'comment-count',
    label: (t, count) => t('cons.comments.count', { count }),
    tooltip: false,
  },
} satisfies Record<string, CountKind>;

export type CountKindName = keyof typeof kinds;

/** How many items of a kind stand under each question of a draft, kept fresh as the store changes. */
export function useQuestionCounts(draftId: string, kind: CountKindName): Map<string, number> {
  const [counts, setCounts] = useState(new Map<string, number>());
  const load = useCallback(() => {
    kinds[kind]
      .count(draftId)
      .then((items) => {
        const m = new Map<string, number>();
        for (const questions of items) for (const q of questions) m.set(q, (m.get(q) ?? 0) + 1);
        setCounts(m);
      })
      .catch(() => undefined);
  }, [draftId, kind]);
  useEffect(load, [load]);
  useOnChange(load);
  return counts;
}

/** The badge beside a question: nothing when the count is zero. */
export function CountBadge({ kind, count }: { kind: CountKindName; count: number | undefined }) {
  const { t } = useTranslation();
  if (!count) return null;
  const k: CountKind = kinds[kind];
  const label = k.label(t, count);
  return (
    <span className={`badge ${k.className}`} aria-label={label} title={k.tooltip ? label : undefined}>
      {count}
    </span>
  );
}
