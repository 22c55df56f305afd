import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { questions } from '../../../shared/template/schema';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { consHref } from './routes';
import { useTargetLabel } from './targets';
import { useLoad } from './useLoad';
import { StoredText } from '../ui/Stored';
import { Sentence } from '../ui/Sentence';

/** The approved (final) versions of a draft; one of them read-only. */
export function VersionsView({ draftId, version }: { draftId: string; version: number | null }) {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const { data, error } = useLoad(() => api.listDraftVersions({ draftId }), [api, draftId]);
  if (version) return <VersionRead draftId={draftId} version={version} />;
  if (!data) return <ErrorText error={error} />;
  return (
    <div className="versions">
      {data.length === 0 && <p className="muted">{t('cons.versions.none')}</p>}
      <ul className="cons-list">
        {data.map((v) => (
          <li key={v.version} className="card">
            <a href={consHref.review(draftId, 'versions', v.version)}>{t('cons.versions.view', { version: v.version })}</a>
            <p className="meta">
              <Sentence k="cons.versions.approved" values={{ who: v.approvedByName, organisation: v.approvedByOrganisation, time: formatTime(v.approvedAt, i18n.language as Language) }} /> · {t('cons.versions.fields', { count: v.fieldCount })}
            </p>
            {v.comment && (
              <p dir="auto">
                <StoredText text={v.comment} />
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function VersionRead({ draftId, version }: { draftId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const targetLabel = useTargetLabel();
  const api = getApi();
  const { data, error } = useLoad(async () => {
    const v = await api.getDraftVersion({ draftId, version });
    const d = await api.getDraft({ draftId });
    const tpl = await api.getTemplate({ id: d.templateId, version: d.templateVersion });
    return { v, order: questions(tpl).map((q) => q.id) };
  }, [api, draftId, version]);
  if (!data) return <ErrorText error={error} />;
  const { v, order } = data;
  const fields = Object.keys(v.fields).sort((a, b) => order.indexOf(a.split('/')[0]!) - order.indexOf(b.split('/')[0]!) || a.localeCompare(b));
  return (
    <article className="version-read" aria-labelledby="version-h">
      <a href={consHref.review(draftId, 'versions')}>{t('cons.versions.back')}</a>
      <h2 id="version-h">{t('cons.versions.title', { version: v.version })}</h2>
      <p className="notice"><Sentence k="cons.versions.readOnly" values={{ who: v.approvedByName, time: formatTime(v.approvedAt, i18n.language as Language) }} /></p>
      {fields.map((f) => {
        const s = v.fields[f]!;
        return (
          <section key={f} className="version-field">
            <h3>
              <bdi dir="auto">{targetLabel(f)}</bdi>
            </h3>
            {s.value.kind === 'answer' ? <DocView doc={s.value.doc} /> : <p dir="auto">{s.text}</p>}
          </section>
        );
      })}
    </article>
  );
}
