import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { ProvenanceLine } from './Provenance';
import { useLoad } from './useLoad';
import { Sentence } from '../ui/Sentence';

/** The provenance of the text accepted into an answer. */
export function SourcesView({ draftId, field }: { draftId: string; field: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <section className="sources">
      <button type="button" className="link-button" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen((o) => !o)}>
        {open ? t('cons.sources.hide') : t('cons.sources.show')}
      </button>
      {open && <SourcesList id={`${id}-list`} draftId={draftId} field={field} />}
    </section>
  );
}

function SourcesList({ id, draftId, field }: { id: string; draftId: string; field: string }) {
  const { t } = useTranslation();
  const api = getApi();
  const { data, error } = useLoad(() => api.answerSources({ draftId, field }), [api, draftId, field]);
  return (
    <div id={id} className="sources-list" aria-label={t('cons.sources.title')} role="region">
      <ErrorText error={error} />
      {data && data.length === 0 && <p className="muted">{t('cons.sources.none')}</p>}
      <ul>
        {data?.map((s) => (
          <li key={`${s.revisionId}-${s.contribution.id}`} className="card">
            <ProvenanceLine p={s.contribution.provenance} at={s.contribution.createdAt} />
            <p className="meta"><Sentence k="cons.sources.accepted" values={{ who: s.acceptedBy, mode: t(`cons.modes.${s.mode === 'insert' ? 'insert' : 'append'}`) }} /></p>
            <p className="contribution-text" dir="auto">
              {s.contribution.text}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
