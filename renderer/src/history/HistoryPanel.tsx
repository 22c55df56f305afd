import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Revision, RevisionMeta } from '../../../shared/contract';
import type { Doc } from '../../../shared/doc';
import type { Language } from '../../../shared/i18n';
import { docToText } from '../../../shared/plaintext';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { DiffView } from './DiffView';

type Meta = z.infer<typeof RevisionMeta>;

/** Every saved version of one answer: who, when, why; view it, compare it with the current text, restore it. */
/** `version` is the revision the editor is on: the list reloads whenever a new one is saved. */
export function HistoryPanel(props: { draftId: string; field: string; version: string | null; current: () => Doc; onRestore: (rev: Revision) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [list, setList] = useState<Meta[] | null>(null);
  const [selected, setSelected] = useState<{ rev: Revision; mode: 'view' | 'diff' } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getApi().fieldHistory({ draftId: props.draftId, field: props.field }).then(setList, setError);
  }, [props.draftId, props.field, props.version]);

  const open = async (id: string, mode: 'view' | 'diff') => {
    setError(null);
    try {
      setSelected({ rev: await getApi().getRevision({ revisionId: id }), mode });
    } catch (err) {
      setError(err);
    }
  };
  const selectedDoc = selected?.rev.value.kind === 'answer' ? selected.rev.value.doc : null;

  return (
    <section className="history card" aria-labelledby={`history-${props.field}`}>
      <h3 id={`history-${props.field}`}>{t('history.title')}</h3>
      <ErrorText error={error} />
      {list === null ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{t('history.none')}</p>
      ) : (
        <ol className="revisions" reversed>
          {list.map((r, i) => (
            <li key={r.id} className={selected?.rev.id === r.id ? 'selected' : undefined}>
              <div className="rev-meta">
                <span className="rev-time">{formatTime(r.createdAt, lang)}</span>
                <span className="rev-author" dir="auto">
                  {r.authorName}
                  {r.authorOrganisation && ` (${r.authorOrganisation})`}
                </span>
                {i === 0 && <span className="badge">{t('history.current')}</span>}
                {r.note && (
                  <span className="rev-note" dir="auto">
                    {r.note.startsWith('restored from') ? t('history.restoredNote') : r.note.startsWith('copied from') ? t('history.copiedNote') : r.note}
                  </span>
                )}
              </div>
              <div className="rev-actions">
                <button type="button" onClick={() => open(r.id, 'view')} aria-label={t('history.viewAt', { time: formatTime(r.createdAt, lang) })}>
                  {t('history.view')}
                </button>
                {i > 0 && (
                  <>
                    <button type="button" onClick={() => open(r.id, 'diff')} aria-label={t('history.compareAt', { time: formatTime(r.createdAt, lang) })}>
                      {t('history.compare')}
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t('history.restoreAt', { time: formatTime(r.createdAt, lang) })}
                      onClick={async () => {
                        setBusy(true);
                        setError(null);
                        try {
                          await props.onRestore(await getApi().getRevision({ revisionId: r.id }));
                        } catch (err) {
                          setError(err);
                        } finally {
                          setBusy(false);
                        }
                      }}
                    >
                      {t('history.restore')}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {selected && selectedDoc && (
        <div className="rev-detail" aria-live="polite">
          <h4>
            {selected.mode === 'view'
              ? t('history.versionOf', { time: formatTime(selected.rev.createdAt, lang), name: selected.rev.authorName })
              : t('history.diffTitle', { time: formatTime(selected.rev.createdAt, lang) })}
          </h4>
          {selected.mode === 'view' ? <DocView doc={selectedDoc} /> : <DiffView before={docToText(selectedDoc)} after={docToText(props.current())} />}
          <button type="button" onClick={() => setSelected(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
    </section>
  );
}
