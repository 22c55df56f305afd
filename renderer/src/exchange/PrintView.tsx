/**
 * The print view: the draft in the layout of the Word export (title block; per section a
 * "Questions" | "Answers" table; III.a's objective statuses; III.b's principles), rendered by
 * React from getDraft (no HTML strings injected), with a print stylesheet and a Print button.
 */
import { useTranslation } from 'react-i18next';
import type { FieldState } from '../../../shared/contract/drafts';
import { objectiveField, principleField, type Question, type Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { useLoad } from './useLoad';

export function PrintView({ draftId }: { draftId: string }) {
  const { t } = useTranslation();
  const api = getApi();
  const { data, error } = useLoad(async () => {
    const draft = await api.getDraft({ draftId });
    return { draft, template: await api.getTemplate({ id: draft.templateId, version: draft.templateVersion }) };
  }, [api, draftId]);
  if (error) return <ErrorText error={error} />;
  if (!data) return <p aria-busy="true">{t('app.loading')}</p>;
  const { draft, template } = data;
  return (
    <div className="x-print">
      <div className="x-print-bar no-print">
        <a href={href.draft(draftId)}>{t('exchange.print.back')}</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('exchange.print.print')}
        </button>
      </div>
      <article className="x-print-doc" lang="en" dir="ltr">
        <header className="x-print-title">
          <h1 dir="auto">{draft.title}</h1>
          <p dir="auto">{draft.country}</p>
          <p>{template.title}</p>
          <p className="x-muted">
            {template.id} {template.version} · {new Date().toISOString().slice(0, 10)}
          </p>
        </header>
        {template.sections.map((s) => (
          <section key={s.id} className="x-print-section">
            <h2>
              {s.id}. {s.title}
            </h2>
            <table className="x-print-table">
              <thead>
                <tr>
                  <th scope="col">Questions</th>
                  <th scope="col">Answers</th>
                </tr>
              </thead>
              <tbody>
                {s.questions.map((q) => (
                  <tr key={q.id}>
                    <th scope="row">
                      <span className="x-print-qid">{q.label} ({q.id})</span> {q.text}
                    </th>
                    <td>
                      <Answer state={draft.fields[q.id]} />
                      <Extension q={q} template={template} fields={draft.fields} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </article>
    </div>
  );
}

function Answer({ state }: { state: FieldState | undefined }) {
  const { t } = useTranslation();
  if (state?.value.kind === 'answer' && state.value.doc.content.length) return <DocView doc={state.value.doc} />;
  return <p className="x-unanswered">{t('exchange.print.unanswered')}</p>;
}

function Extension({ q, template, fields }: { q: Question; template: Template; fields: Record<string, FieldState> }) {
  const { t } = useTranslation();
  if (q.extension === 'objectives')
    return (
      <table className="x-print-sub">
        <tbody>
          {template.objectives.map((o) => {
            const v = fields[objectiveField(q.id, o.number)]?.value;
            return (
              <tr key={o.number}>
                <td>{o.number}. {o.title}</td>
                <td>{v?.kind === 'objective' ? t(`objectives.statuses.${v.status}`) : '—'}</td>
                <td>{v?.kind === 'objective' && <DocView doc={v.note} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  if (q.extension === 'principles')
    return (
      <table className="x-print-sub">
        <tbody>
          {template.principles.map((p) => {
            const v = fields[principleField(q.id, p.id)]?.value;
            return (
              <tr key={p.id}>
                <td>({p.id}) {p.title}</td>
                <td>{v?.kind === 'principle' && <DocView doc={v.note} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  return null;
}
