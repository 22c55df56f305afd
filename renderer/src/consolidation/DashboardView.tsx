import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { useTargetLabel } from './targets';
import { useLoad } from './useLoad';
import { fieldQuestion } from '../../../shared/template/schema';
import { StoredText } from '../ui/Stored';
import { Sentence } from '../ui/Sentence';
import { WorkshopSentence } from '../ui/WorkshopSentence';

/** Per question: what waits and from whom; per objective: what every source said; dismissed with reasons. */
export function DashboardView({ draftId }: { draftId: string }) {
  const { t } = useTranslation();
  const targetLabel = useTargetLabel();
  const api = getApi();
  const { data, error } = useLoad(async () => ({ d: await api.dashboard({ draftId }), dismissed: (await api.listContributions({ draftId })).flatMap((c) => c.decisions.filter((x) => x.status === 'dismissed').map((x) => ({ c, x }))) }), [api, draftId]);
  if (!data) return <ErrorText error={error} />;
  const { d, dismissed } = data;
  const rows = d.questions.filter((q) => q.pending + q.accepted + q.dismissed > 0);
  return (
    <div className="dashboard">
      <p className="meta">{t('cons.dashboard.summary', { conflicts: d.openConflicts, comments: d.openComments })}</p>
      <h2>{t('cons.dashboard.questions')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('cons.dashboard.noContributions')}</p>
      ) : (
        <table className="cons-table">
          <thead>
            <tr>
              <th scope="col">{t('cons.dashboard.question')}</th>
              <th scope="col">{t('cons.dashboard.pending')}</th>
              <th scope="col">{t('cons.dashboard.from')}</th>
              <th scope="col">{t('cons.dashboard.accepted')}</th>
              <th scope="col">{t('cons.dashboard.dismissed')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => (
              <tr key={q.field}>
                <th scope="row">
                  <a href={href.draft(draftId, fieldQuestion(q.field))}>
                    <bdi dir="auto">{targetLabel(q.field)}</bdi>
                  </a>
                </th>
                <td>{q.pending}</td>
                <td>
                  {q.from.map((f) => (
                    <span key={[f.source, f.workshop?.title, f.workshop?.date, f.workshop?.place].join('\u0000')} className="from">
                      <bdi dir="auto">{f.source}</bdi>
                      {f.workshop && <> ({<WorkshopSentence w={f.workshop} />})</>} × {f.count}
                    </span>
                  ))}
                </td>
                <td>{q.accepted}</td>
                <td>{q.dismissed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('cons.dashboard.objectives')}</h2>
      {d.objectives.filter((o) => o.said.length || o.master).length === 0 && <p className="muted">{t('cons.dashboard.noObjectives')}</p>}
      <dl className="objective-said">
        {d.objectives
          .filter((o) => o.said.length || o.master)
          .map((o) => (
            <div key={o.field}>
              <dt>
                <bdi dir="auto">{targetLabel(o.field)}</bdi>
                {o.master && <span className="badge">{t(`objectives.statuses.${o.master.status}`, { defaultValue: o.master.status })}</span>}
              </dt>
              {o.master?.note && (
                <dd dir="auto">
                  <em>{t('cons.dashboard.master')}</em> {o.master.note}
                </dd>
              )}
              {o.said.map((s) => (
                <dd key={s.contributionId} dir="auto">
                  <strong>
                    <bdi dir="auto">{s.source}</bdi>
                  </strong>{' '}
                  {s.workshop && <>({<WorkshopSentence w={s.workshop} />})</>} <span className={`status status-${s.status}`}>{t(`cons.status.${s.status}`, { defaultValue: s.status })}</span>: {s.text}
                </dd>
              ))}
            </div>
          ))}
      </dl>
      <h2>{t('cons.dashboard.dismissedTitle')}</h2>
      {dismissed.length === 0 && <p className="muted">{t('cons.dashboard.noneDismissed')}</p>}
      <ul className="dismissed">
        {dismissed.map(({ c, x }) => (
          <li key={`${c.id}/${x.field}`} className="card">
            <p className="meta">
              <bdi dir="auto">{c.provenance.source}</bdi> · <bdi className="tag" dir="auto">{targetLabel(x.field)}</bdi> · <Sentence k="cons.dashboard.dismissedBy" values={{ who: x.decidedBy }} />
            </p>
            <p dir="auto">{c.text}</p>
            <p className="dismiss-reason" dir="auto">
              {t('cons.dashboard.reason')} {x.reason && <StoredText text={x.reason} />}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
