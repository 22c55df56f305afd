import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDetail } from '../../../shared/contract';
import type { Question, Section, Template } from '../../../shared/template/schema';
import type { OnSaved } from '../autosave/useFieldSaver';
import { AnswerEditor, pendingFocus } from '../editor/AnswerEditor';
import { ObjectivesTable } from './ObjectivesTable';
import { PrinciplesNotes } from './PrinciplesNotes';
import { AttachmentsPanel } from '../exchange/AttachmentsPanel';
import { ConsolidationPanel } from '../consolidation/ConsolidationPanel';
import { ReferenceToggle, useReference } from '../language/Reference';
import type { TemplateText } from '../language/template-text';

export function QuestionPane(props: {
  draftId: string;
  template: Template;
  /** The texts' language, and the source template for the English reference text. */
  text: TemplateText;
  section: Section;
  question: Question;
  fields: DraftDetail['fields'];
  onSaved: OnSaved;
  prev?: Question;
  next?: Question;
  onGo: (delta: number) => void;
  readOnly: boolean;
  onReload: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { question: q, section } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // Reached from an editor by a shortcut, the answer's editor takes the focus (its layout effect,
  // which runs first and clears the flag); otherwise the heading does.
  const toEditor = useRef(pendingFocus.editor);
  const stay = useRef(pendingFocus.stay);
  useEffect(() => {
    pendingFocus.stay = false;
    if (!toEditor.current && !stay.current) heading.current?.focus({ preventScroll: false });
  }, []);
  const [showReference, setShowReference] = useReference();
  const reference = showReference && props.text.translated ? props.text.source : null;
  const refQuestion = reference?.sections.flatMap((s) => s.questions).find((x) => x.id === q.id);
  const answerValue = props.fields[q.id]?.value;
  const answerDoc = answerValue?.kind === 'answer' ? answerValue.doc : undefined;
  const headingId = `q-${q.id}`;
  const textId = `q-text-${q.id}`;
  return (
    <article className={q.extension ? 'question wide' : 'question'} aria-labelledby={headingId}>
      <p className="crumb">
        <span>{t('draft.section', { id: section.id })}</span> · <bdi lang={props.text.lang}>{section.title}</bdi>
        {section.provisionalTitle && (
          <span className="badge provisional" title={t('draft.provisionalExplain')}>
            {t('draft.provisional')}
          </span>
        )}
      </p>
      <h2 id={headingId} tabIndex={-1} ref={heading}>
        <bdi className="q-label" dir="ltr">{q.label}</bdi> <bdi className="q-id" dir="ltr">{q.id}</bdi>
      </h2>
      <p id={textId} className="question-text" lang={props.text.lang} dir={props.text.dir}>
        {q.text}
      </p>
      {props.text.translated && (
        <div className="reference-bar">
          {props.text.working && <p className="muted reference-note">{t('language.workingTranslation')}</p>}
          <ReferenceToggle shown={showReference} onToggle={setShowReference} />
        </div>
      )}
      {refQuestion && (
        <blockquote className="reference-text" aria-label={t('language.reference')} lang={props.text.source.language} dir="ltr">
          {refQuestion.text}
        </blockquote>
      )}
      <div className="question-work">
        <div className="question-main">
          <AnswerEditor draftId={props.draftId} field={q.id} state={props.fields[q.id]} onSaved={props.onSaved} labelledBy={headingId} describedBy={textId} readOnly={props.readOnly} />
          {q.extension === 'objectives' && <ObjectivesTable draftId={props.draftId} question={q} template={props.template} textLang={props.text.lang} reference={reference} fields={props.fields} onSaved={props.onSaved} readOnly={props.readOnly} />}
          <AttachmentsPanel draftId={props.draftId} field={q.id} readOnly={props.readOnly} />
          {q.extension === 'principles' && <PrinciplesNotes draftId={props.draftId} question={q} template={props.template} textLang={props.text.lang} reference={reference} fields={props.fields} onSaved={props.onSaved} readOnly={props.readOnly} />}
        </div>
        <ConsolidationPanel draftId={props.draftId} questionId={q.id} answer={answerDoc} onReload={props.onReload} readOnly={props.readOnly} />
      </div>
      <nav className="pager" aria-label={t('draft.pager')}>
        {props.prev ? (
          <button type="button" onClick={() => props.onGo(-1)} aria-keyshortcuts="Alt+ArrowUp Control+BracketLeft">
            {t('draft.previous', { id: props.prev.id })}
          </button>
        ) : (
          <span />
        )}
        {props.next && (
          <button type="button" className="primary" onClick={() => props.onGo(1)} aria-keyshortcuts="Alt+ArrowDown Control+BracketRight">
            {t('draft.next', { id: props.next.id })}
          </button>
        )}
      </nav>
    </article>
  );
}
