import { useState } from 'react';
import type { Doc } from '../../../shared/doc';
import { emptyNote, noteFromText, noteText } from '../../../shared/note';
import { useTranslation } from 'react-i18next';
import type { DraftDetail } from '../../../shared/contract';
import { OBJECTIVE_STATUSES, objectiveField, type ObjectiveStatus, type Question, type Template } from '../../../shared/template/schema';
import { SaveStatusText } from '../autosave/SaveStatusText';
import { useFieldSaver, type OnSaved } from '../autosave/useFieldSaver';

type ObjectiveValue = { kind: 'objective'; status: ObjectiveStatus; note: Doc };

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
            <th scope="col">
              <span className="visually-hidden">{t('objectives.saved')}</span>
            </th>
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
  const initial: ObjectiveValue = state?.value.kind === 'objective' ? state.value : { kind: 'objective', status: 'not_started', note: emptyNote() };
  const [value, setValue] = useState(initial);
  const [text, setText] = useState(() => noteText(initial.note));
  const { saver, status } = useFieldSaver<ObjectiveValue>({ draftId: props.draftId, field, base: state?.revisionId ?? null, saved: initial, onSaved: props.onSaved });
  const update = (v: ObjectiveValue, now: boolean) => {
    setValue(v);
    saver.change(v);
    if (now) void saver.flush();
  };
  const rowHead = `objective-${props.number}`;
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
          value={value.status}
          disabled={props.readOnly}
          aria-label={t('objectives.statusOf', { n: props.number })}
          onChange={(e) => update({ ...value, status: e.target.value as ObjectiveStatus }, true)}
        >
          {OBJECTIVE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`objectives.statuses.${s}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <textarea
          dir="auto"
          rows={1}
          value={text}
          readOnly={props.readOnly}
          aria-label={t('objectives.noteOf', { n: props.number })}
          onChange={(e) => (setText(e.target.value), update({ ...value, note: noteFromText(e.target.value) }, false))}
          onBlur={() => void saver.flush()}
        />
      </td>
      <td className="row-status">
        <SaveStatusText status={status} compact />
      </td>
    </tr>
  );
}
