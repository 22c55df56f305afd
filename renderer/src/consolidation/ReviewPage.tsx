import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { AuditView } from './AuditView';
import { ConflictsView } from './ConflictsView';
import { DashboardView } from './DashboardView';
import { REVIEW_TABS, consHref, type ReviewTab } from './routes';
import { useLoad } from './useLoad';
import { VersionsView } from './VersionsView';
import './consolidation.css';

/** A draft's consolidation screens: dashboard, merge conflicts, audit log, approved versions. */
export function ReviewPage({ draftId, tab, arg }: { draftId: string; tab: ReviewTab; arg: string | null }) {
  const { t } = useTranslation();
  const api = getApi();
  const { data: draft, error } = useLoad(() => api.getDraft({ draftId }), [api, draftId]);
  return (
    <section className="review-page" aria-labelledby="review-h">
      <a href={href.draft(draftId)}>{t('cons.backToDraft')}</a>
      <h1 id="review-h" dir="auto">
        {draft?.title ?? ''}
      </h1>
      <ErrorText error={error} />
      <nav className="tabs" aria-label={t('cons.tabs.label')}>
        {REVIEW_TABS.map((x) => (
          <a key={x} href={consHref.review(draftId, x)} aria-current={x === tab ? 'page' : undefined}>
            {t(`cons.tabs.${x}`)}
          </a>
        ))}
      </nav>
      {tab === 'dashboard' && <DashboardView draftId={draftId} />}
      {tab === 'conflicts' && <ConflictsView draftId={draftId} conflictId={arg} />}
      {tab === 'audit' && <AuditView draftId={draftId} />}
      {tab === 'versions' && <VersionsView draftId={draftId} version={arg ? Number(arg) : null} />}
    </section>
  );
}
