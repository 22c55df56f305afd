import { useTranslation } from 'react-i18next';
import type { DraftDetail } from '../../../shared/contract';
import { principleField, type Question, type Template } from '../../../shared/template/schema';
import type { OnSaved } from '../autosave/useFieldSaver';
import { AnswerEditor, type DocBinding } from '../editor/AnswerEditor';

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

const PRINCIPLE: DocBinding = { docOf: (v) => (v.kind === 'principle' ? v.note : null), valueOf: (note) => ({ kind: 'principle', note }) };

function PrincipleNote(props: { draftId: string; question: Question; fields: DraftDetail['fields']; onSaved: OnSaved; readOnly: boolean; id: string; title: string; textLang: string; referenceTitle?: string }) {
  const field = principleField(props.question.id, props.id);
  const labelId = `principle-${props.id}`;
  return (
    <li className="principle">
      <p id={labelId} className="principle-label">
        <bdi className="principle-id" dir="ltr">
          {props.id})
        </bdi>{' '}
        <bdi lang={props.textLang}>{props.title}</bdi>
        {props.referenceTitle && (
          <span className="reference-text" lang="en" dir="ltr">
            {props.referenceTitle}
          </span>
        )}
      </p>
      <AnswerEditor draftId={props.draftId} field={field} state={props.fields[field]} onSaved={props.onSaved} labelledBy={labelId} readOnly={props.readOnly} binding={PRINCIPLE} compact />
    </li>
  );
}
