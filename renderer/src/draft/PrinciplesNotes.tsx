import { useState } from 'react';
import type { Doc } from '../../../shared/doc';
import { emptyNote, noteFromText, noteText } from '../../../shared/note';
import { useTranslation } from 'react-i18next';
import type { DraftDetail } from '../../../shared/contract';
import { principleField, type Question, type Template } from '../../../shared/template/schema';
import { SaveStatusText } from '../autosave/SaveStatusText';
import { useFieldSaver, type OnSaved } from '../autosave/useFieldSaver';

type PrincipleValue = { kind: 'principle'; note: Doc };

/** III.b: a note on each guiding principle; each note saves as its own field. */
export function PrinciplesNotes(props: { draftId: string; question: Question; template: Template; textLang: string; reference: Template | null; fields: DraftDetail['fields']; onSaved: OnSaved; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="principles" aria-labelledby="principles-heading">
      <h3 id="principles-heading">{t('principles.title')}</h3>
      <p className="muted">{t('principles.intro')}</p>
      <ol className="principle-list">
        {props.template.principles.map((p) => (
          <PrincipleNote key={p.id} {...props} id={p.id} title={p.title} referenceTitle={props.reference?.principles.find((r) => r.id === p.id)?.title} />
        ))}
      </ol>
    </section>
  );
}

function PrincipleNote(props: { draftId: string; question: Question; fields: DraftDetail['fields']; onSaved: OnSaved; readOnly: boolean; id: string; title: string; textLang: string; referenceTitle?: string }) {
  const field = principleField(props.question.id, props.id);
  const state = props.fields[field];
  const initial: PrincipleValue = state?.value.kind === 'principle' ? state.value : { kind: 'principle', note: emptyNote() };
  const [note, setNote] = useState(() => noteText(initial.note));
  const { saver, status } = useFieldSaver<PrincipleValue>({ draftId: props.draftId, field, base: state?.revisionId ?? null, saved: initial, onSaved: props.onSaved });
  const inputId = `principle-${props.id}`;
  return (
    <li className="principle">
      <label htmlFor={inputId}>
        <bdi className="principle-id" dir="ltr">
          {props.id})
        </bdi>{' '}
        <bdi lang={props.textLang}>{props.title}</bdi>
        {props.referenceTitle && (
          <span className="reference-text" lang="en" dir="ltr">
            {props.referenceTitle}
          </span>
        )}
      </label>
      <textarea
        id={inputId}
        dir="auto"
        rows={3}
        value={note}
        readOnly={props.readOnly}
        onChange={(e) => {
          setNote(e.target.value);
          saver.change({ kind: 'principle', note: noteFromText(e.target.value) });
        }}
        onBlur={() => void saver.flush()}
      />
      <SaveStatusText status={status} lastSavedAt={state?.updatedAt} compact />
    </li>
  );
}
