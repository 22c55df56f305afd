import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDetail, FieldValue } from '../../../shared/contract';
import { unsaved } from '../autosave/registry';
import { OBJECTIVE_STATUSES, objectiveField, type ObjectiveStatus, type Question, type Template } from '../../../shared/template/schema';
import type { OnSaved } from '../autosave/useFieldSaver';
import { AnswerEditor, type DocBinding, type DocFieldControl, type PendingView } from '../editor/AnswerEditor';

/** III.a: a status and a note for each of the 23 objectives; each row saves as its own field. */
export function ObjectivesTable(props: { draftId: string; question: Question; template: Template; textLang: string; reference: Template | null; fields: DraftDetail['fields']; onSaved: OnSaved; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="objectives" aria-labelledby="objectives-heading">
      <h3 id="objectives-heading">{t('objectives.title')}</h3>
      <p className="muted">{t('objectives.intro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('objectives.number')}</th>
            <th scope="col">{t('objectives.objective')}</th>
            <th scope="col">{t('objectives.status')}</th>
            <th scope="col">{t('objectives.note')}</th>
          </tr>
        </thead>
        <tbody>
          {props.template.objectives.map((o) => (
            <ObjectiveRow key={o.number} {...props} number={o.number} title={o.title} referenceTitle={props.reference?.objectives.find((r) => r.number === o.number)?.title} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ObjectiveRow(props: { draftId: string; question: Question; fields: DraftDetail['fields']; onSaved: OnSaved; readOnly: boolean; number: number; title: string; textLang: string; referenceTitle?: string }) {
  const { t } = useTranslation();
  const field = objectiveField(props.question.id, props.number);
  const state = props.fields[field];
  // the status as last chosen: still being saved if the row was left a moment ago (its note's editor takes that saver over)
  const [status, setStatus] = useState<ObjectiveStatus>(() => {
    const s = unsaved<FieldValue>(`${props.draftId}/${field}`);
    const chosen = (s?.pendingView as PendingView | undefined)?.around?.status; // with a note that cannot be saved yet
    if (typeof chosen === 'string') return chosen as ObjectiveStatus;
    const v = s?.latest ?? state?.value;
    return v?.kind === 'objective' ? v.status : 'not_started';
  });
  // The note's editor saves the whole value: its document with the status chosen here.
  const statusNow = useRef(status);
  const control = useRef<DocFieldControl | null>(null);
  const binding = useMemo<DocBinding>(
    () => ({
      docOf: (v) => (v.kind === 'objective' ? v.note : null),
      valueOf: (note) => ({ kind: 'objective', status: statusNow.current, note }),
      around: () => ({ status: statusNow.current }),
      onStored: (v) => {
        if (v.kind !== 'objective') return;
        statusNow.current = v.status;
        setStatus(v.status);
      },
    }),
    [],
  );
  const rowHead = `objective-${props.number}`;
  const noteLabel = `objective-note-${props.number}`;
  return (
    <tr>
      <td className="num">{props.number}</td>
      <th scope="row" id={rowHead} className="objective-title" lang={props.textLang}>
        {props.title}
        {props.referenceTitle && (
          <span className="reference-text" lang="en" dir="ltr">
            {props.referenceTitle}
          </span>
        )}
      </th>
      <td>
        <select
          value={status}
          disabled={props.readOnly}
          aria-label={t('objectives.statusOf', { n: props.number })}
          onChange={(e) => {
            statusNow.current = e.target.value as ObjectiveStatus;
            setStatus(statusNow.current);
            control.current?.touch();
          }}
        >
          {OBJECTIVE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`objectives.statuses.${s}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="note-cell">
        <span id={noteLabel} className="visually-hidden">
          {t('objectives.noteOf', { n: props.number })}
        </span>
        <AnswerEditor draftId={props.draftId} field={field} state={state} onSaved={props.onSaved} labelledBy={noteLabel} describedBy={rowHead} readOnly={props.readOnly} binding={binding} control={control} compact />
      </td>
    </tr>
  );
}
