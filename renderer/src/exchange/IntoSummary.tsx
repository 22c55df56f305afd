/**
 * What importing a bundle into a draft did, in the interface language: a returned draft's merge
 * or a workshop's contributions (or, from a pull, the title of a new draft), from what the services return (their `message` is the
 * English line for the CLI and logs; shown only when neither summary came, e.g. from an older app).
 */
import { useTranslation } from 'react-i18next';
import type { ContributionsSummary, MergeSummary } from '../../../shared/contract/import-into';
import type { Language } from '../../../shared/i18n';
import { formatDay } from '../format';
import { Sentence } from '../ui/Sentence';

export function IntoSummary({ merged, contributions, title, message }: { merged?: MergeSummary | null; contributions?: ContributionsSummary | null; title?: string; message: string }) {
  const { i18n } = useTranslation();
  if (title !== undefined) return <Sentence k="exchange.importInto.newDraftTitled" values={{ title }} />;
  if (merged) return <Sentence k="exchange.importInto.merged" values={{ ...merged }} />;
  if (contributions) return <Sentence k="exchange.importInto.contributions" values={{ ...contributions, date: formatDay(contributions.date, i18n.language as Language) }} />;
  return <bdi dir="auto">{message}</bdi>;
}
