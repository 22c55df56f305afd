import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDetail, FieldValue } from '../../../shared/contract';
import { questions, type Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { pendingFocus } from '../editor/AnswerEditor';
import { TextLanguage } from '../editor/DocView';
import { href, navigate, parseRoute } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { detach } from '../autosave/registry';
import { answeredQuestions } from './progress';
import { QuestionPane } from './QuestionPane';
import { Sidebar } from './Sidebar';
import { DraftTools } from '../exchange/DraftTools';
import { ReturnedCopyNotice } from '../exchange/ReturnedCopyNotice';
import { ReviewBar } from '../consolidation/ReviewBar';
import { DocumentSettings } from '../language/DocumentSettings';
import { useTemplateText } from '../language/template-text';

/** The answers' language for each document language (one object each: the editors do not re-render for a new one). */
const ANSWERS_IN = { ar: { lang: 'ar', latin: 'en' }, fr: { lang: 'fr', latin: 'fr' }, en: { lang: 'en', latin: 'en' } } as const;

export function DraftView({ draftId, questionId }: { draftId: string; questionId: string | null }) {
  const { t } = useTranslation();
  const api = getApi();
  const [draft, setDraft] = useState<DraftDetail | null>(null);
  const [source, setTemplate] = useState<Template | null>(null);
  // The questionnaire in the interface language; the source (English) text stays at hand as reference.
  const text = useTemplateText(source);
  const template = text?.local ?? null;
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    const d = await api.getDraft({ draftId });
    const tpl = await api.getTemplate({ id: d.templateId, version: d.templateVersion });
    setDraft(d);
    setTemplate(tpl);
  }, [api, draftId]);
  useEffect(() => void load().catch(setError), [load]);
  // Bumped when the stored answers changed under the open question (an accepted contribution, an
  // item moved from the unplaced tray): it reopens on them.
  const [paneKey, setPaneKey] = useState(0);
  /** The question reopens on what is stored now (its editors take over no saver from before: detach). */
  const remountPane = useCallback(() => {
    detach(draftId);
    setPaneKey((k) => k + 1);
  }, [draftId]);
  /** `keepFocus`: the focus stays where the action was taken (pendingFocus.stay), not on the reopened question's heading. */
  const reloadPane = useCallback(async (keepFocus = false) => {
    await load();
    pendingFocus.stay = keepFocus;
    remountPane();
  }, [load, remountPane]);

  const order = useMemo(() => (template ? questions(template) : []), [template]);
  const current = order.find((q) => q.id === questionId) ?? order[0];
  const index = current ? order.indexOf(current) : -1;

  const onSaved = useCallback((field: string, revisionId: string, value: FieldValue, savedAt: string) => {
    setDraft((d) => (d ? { ...d, fields: { ...d.fields, [field]: { revisionId, value, text: '', updatedAt: savedAt, authorName: '' } } } : d));
  }, []);

  const go = useCallback(
    (delta: number, fromEditor: boolean) => {
      // From the question in the address now, not the one this render showed: a second shortcut
      // pressed before the first navigation has rendered (Alt+Up then Alt+Down at once) must move
      // from where the first one went, or it lands a question too far.
      const r = parseRoute(location.hash);
      const at = r.name === 'draft' && r.draftId === draftId ? order.findIndex((q) => q.id === r.questionId) : -1;
      const q = order[(at >= 0 ? at : index) + delta];
      if (!q) return;
      pendingFocus.editor = fromEditor;
      navigate(href.draft(draftId, q.id));
    },
    [order, index, draftId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inEditor = !!(e.target instanceof HTMLElement && e.target.closest('.answer-editor'));
      const next = (e.altKey && e.key === 'ArrowDown') || (e.ctrlKey && !e.altKey && e.key === ']');
      const prev = (e.altKey && e.key === 'ArrowUp') || (e.ctrlKey && !e.altKey && e.key === '[');
      if (!next && !prev) return;
      e.preventDefault();
      go(next ? 1 : -1, inEditor);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  if (error)
    return (
      <main id="main" tabIndex={-1} className="page">
        <ErrorText error={error} />
        <a href={href.home()}>{t('draft.backHome')}</a>
      </main>
    );
  if (!draft || !template || !text || !current)
    return (
      <main id="main" tabIndex={-1} className="page" aria-busy="true">
        {t('app.loading')}
      </main>
    );

  const answered = answeredQuestions(draft.fields);
  const section = template.sections.find((s) => s.questions.includes(current))!;
  const trashed = draft.deletedAt !== null;
  // An approved draft is read-only until the user asks to open its next version (in the review bar).
  const locked = trashed || draft.status === 'approved';
  return (
    <div className="draft-layout">
      <Sidebar draft={draft} template={template} textLang={text.lang} answered={answered} currentId={current.id} />
      <main id="main" tabIndex={-1} className="draft-main">
        {trashed && (
          <div className="notice" role="status">
            {t('draft.inTrash')}{' '}
            <button
              type="button"
              onClick={async () => {
                await api.restoreDraft({ draftId }).catch(setError);
                await load().catch(setError);
              }}
            >
              {t('trash.restore')}
            </button>
          </div>
        )}
        <ReturnedCopyNotice draftId={draftId} inTrash={trashed} onMerged={() => void load().catch(setError)} />
        <DocumentSettings draft={draft} readOnly={trashed} onSaved={(d) => setDraft((x) => (x ? { ...x, ...d } : x))} />
        {/* One compact bar of draft-level tools (review state, versions, export, print, unplaced text), so the answer comes first. */}
        <div className="draft-bar">
        <ReviewBar draftId={draftId} revisionKey={Object.values(draft.fields).map((f) => f.revisionId).join()} onStatus={() => void load().catch(setError)} />
        <DraftTools draftId={draftId} title={draft.title} template={template} readOnly={trashed} onChanged={(field) => field && void load().then(() => (remountPane(), navigate(href.draft(draftId, field)))).catch(setError)} onMerged={() => void reloadPane(true).catch(setError)} />
        </div>
        {/* the answers (their editors, history, conflicts) are in the draft's document language: text in another is tagged */}
        <TextLanguage.Provider value={ANSWERS_IN[draft.language]}>
          <QuestionPane
            key={`${current.id}/${paneKey}`}
            onReload={reloadPane}
            draftId={draftId}
            template={template}
            text={text}
            section={section}
            question={current}
            fields={draft.fields}
            onSaved={onSaved}
            prev={order[index - 1]}
            next={order[index + 1]}
            onGo={(d) => go(d, false)}
            readOnly={locked}
          />
        </TextLanguage.Provider>
      </main>
    </div>
  );
}
