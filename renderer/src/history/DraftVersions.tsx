/** The named versions of a draft: name the current state, list them, compare any two (or one with now). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldChange } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { useTargetLabel } from '../consolidation/targets';
import { useLoad } from '../consolidation/useLoad';
import { formatTime } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { DiffView } from './DiffView';
import { Sentence } from '../ui/Sentence';
import { useStoredWords } from '../ui/Stored';

export function DraftVersions({ draftId }: { draftId: string }) {
  const { t, i18n } = useTranslation();
  const targetLabel = useTargetLabel();
  const lang = i18n.language as Language;
  const api = getApi();
  const id = useId();
  const draft = useLoad(() => api.getDraft({ draftId }), [api, draftId]);
  const versions = useLoad(() => api.listVersions({ draftId }), [api, draftId]);
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [changes, setChanges] = useState<FieldChange[] | null>(null);
  const list = versions.data ?? [];
  const storedWords = useStoredWords();
  /** A version's name: the app's own names in the interface language; one named by hand as written. */
  const nameOf = (v: { kind: string; label: string }) => (v.kind === 'manual' ? v.label : storedWords(v.label));
  const fromId = from || list[0]?.id || 'current';

  const create = async () => {
    setError(null);
    try {
      const v = await api.createVersion({ draftId, label });
      setLabel('');
      setStatus(t('hist.created', { label: v.label }));
      await versions.reload();
    } catch (e) {
      setError(e);
    }
  };
  const compare = async () => {
    setError(null);
    try {
      setChanges(await api.diffVersions({ draftId, from: fromId, to }));
    } catch (e) {
      setError(e);
    }
  };
  const option = (v: { id: string; kind: string; label: string; createdAt: string }) => (
    <option key={v.id} value={v.id}>
      {`${nameOf(v)} — ${formatTime(v.createdAt, lang)}`}
    </option>
  );

  return (
    <article className="named-versions" aria-labelledby={`${id}-h`}>
      <a href={href.draft(draftId)}>{draft.data ? <bdi dir="auto">{draft.data.title}</bdi> : t('draft.backHome')}</a>
      <h1 id={`${id}-h`}>{t('hist.draftHistory')}</h1>
      <p className="muted">{t('hist.versionsIntro')}</p>
      <ErrorText error={error ?? versions.error ?? draft.error} />
      <form
        className="version-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('hist.nameLabel')}</label>
          <input id={`${id}-label`} dir="auto" maxLength={300} value={label} placeholder={t('hist.namePlaceholder')} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={!label.trim() || !!draft.data?.deletedAt}>
          {t('hist.create')}
        </button>
      </form>
      <p role="status" className="muted">
        {status}
      </p>

      <h2>{t('hist.versionsTitle')}</h2>
      {versions.data && list.length === 0 && <p className="empty">{t('hist.none')}</p>}
      <ol>
        {list.map((v) => (
          <li key={v.id} className="card">
            <strong dir="auto">{nameOf(v)}</strong> <span className="badge">{t(`hist.versionKind.${v.kind}`)}</span>
            <p className="meta">
              <Sentence k="hist.by" values={{ name: v.authorName, time: formatTime(v.createdAt, lang) }} /> · {t('hist.fields', { count: v.fieldCount })}
            </p>
          </li>
        ))}
      </ol>

      <form
        className="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          void compare();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('hist.from')}</label>
          <select id={`${id}-from`} value={fromId} onChange={(e) => setFrom(e.target.value)}>
            <option value="current">{t('hist.current')}</option>
            {list.map(option)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('hist.to')}</label>
          <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="current">{t('hist.current')}</option>
            {list.map(option)}
          </select>
        </div>
        <button type="submit">{t('hist.compare')}</button>
      </form>
      {changes && (
        <section aria-live="polite">
          <p>{changes.length ? t('hist.changedFields', { count: changes.length }) : t('hist.noChanges')}</p>
          {changes.map((c) => (
            <section key={c.field} className="field-change">
              <h3>
                <bdi dir="auto">{targetLabel(c.field)}</bdi>{' '}
                <span className="hist-words" aria-label={t('hist.wordsLabel', { added: c.wordsAdded, removed: c.wordsRemoved })}>
                  {t('hist.words', { added: c.wordsAdded, removed: c.wordsRemoved })}
                </span>
              </h3>
              <DiffView before={c.before} after={c.after} />
            </section>
          ))}
        </section>
      )}
    </article>
  );
}
