import { useId, useState } from 'react';
import type { Language } from '../../../shared/i18n';
import { formatDay } from '../format';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { navigate } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { consHref } from './routes';
import { useLoad } from './useLoad';
import './consolidation.css';

const today = () => new Date().toISOString().slice(0, 10);

/** Workshops: the list and the form to record a new one (linked to the master draft it feeds). */
export function WorkshopsPage() {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const { data, error } = useLoad(async () => ({ workshops: await api.listWorkshops({}), drafts: await api.listDrafts({}) }), [api]);
  const [form, setForm] = useState({ title: '', date: today(), place: '', authority: '', facilitator: '', draftId: '' });
  const [saveError, setSaveError] = useState<unknown>(null);
  const id = useId();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const field = (k: 'title' | 'date' | 'place' | 'authority' | 'facilitator', type = 'text', required = true) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{t(`cons.workshop.${k}`)}</label>
      <input id={`${id}-${k}`} type={type} dir="auto" required={required} value={form[k]} onChange={set(k)} aria-describedby={type === 'date' ? `${id}-${k}-said` : undefined} />
      {/* the browser writes a date field's day in its own language's order ("12/05/2026", month
          first, in an English browser): the day chosen is also said in the interface language */}
      {type === 'date' && (
        <span id={`${id}-${k}-said`} className="field-said" data-testid="date-said">
          {form[k] ? formatDay(form[k], i18n.language as Language) : ''}
        </span>
      )}
    </div>
  );
  return (
    <section aria-labelledby={`${id}-h`}>
      <div className="page-head">
        <h1 id={`${id}-h`}>{t('cons.workshops.title')}</h1>
      </div>
      <ErrorText error={error} />
      <form
        className="card cons-form"
        aria-labelledby={`${id}-new`}
        onSubmit={async (e) => {
          e.preventDefault();
          setSaveError(null);
          try {
            const w = await api.createWorkshop({ ...form, facilitator: form.facilitator || undefined, draftId: form.draftId || undefined });
            navigate(consHref.workshop(w.id));
          } catch (err) {
            setSaveError(err);
          }
        }}
      >
        <h2 id={`${id}-new`}>{t('cons.workshops.new')}</h2>
        <div className="cons-grid">
          {field('title')}
          {field('date', 'date')}
          {field('place')}
          {field('authority')}
          {field('facilitator', 'text', false)}
          <div className="field full-row">
            <label htmlFor={`${id}-draft`}>{t('cons.workshop.draft')}</label>
            <select id={`${id}-draft`} value={form.draftId} onChange={set('draftId')}>
              <option value="">{t('cons.workshop.noDraft')}</option>
              {data?.drafts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorText error={saveError} />
        <button type="submit" className="primary">
          {t('cons.workshops.create')}
        </button>
      </form>
      <h2>{t('cons.workshops.list')}</h2>
      {data && data.workshops.length === 0 && <p className="empty">{t('cons.workshops.none')}</p>}
      <ul className="cons-list">
        {data?.workshops.map((w) => (
          <li key={w.id} className="card">
            <a href={consHref.workshop(w.id)} dir="auto">
              {w.title}
            </a>
            <p className="meta">
              <bdi>{formatDay(w.date, i18n.language as Language)}</bdi> · <bdi dir="auto">{w.place}</bdi> · <bdi dir="auto">{w.authority}</bdi> · {t('cons.workshops.counts', { participants: w.participants, contributions: w.contributions })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
