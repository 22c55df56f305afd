import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { Selection } from '@tiptap/pm/state';
import { useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldState, FieldValue, Revision } from '../../../shared/contract';
import type { Node as PMNode } from '@tiptap/pm/model';
import { strongDirection, type Doc } from '../../../shared/doc';
import { getApi } from '../api';
import { SaveStatusText } from '../autosave/SaveStatusText';
import type { FieldSaver } from '../autosave/saver';
import { useFieldSaver, useSaveStatus, type OnSaved } from '../autosave/useFieldSaver';
import { ConflictPanel } from '../history/ConflictPanel';
import { HistoryPanel } from '../history/HistoryPanel';
import { warmFieldHistory } from '../history/warm';
import { whenIdle } from '../idle';
import type { DocLanguage } from '../../../shared/document-text';
import { voiceOf, type Voice } from '../../../shared/text-scripts';
import { TextLanguage } from './DocView';
import { answerExtensions } from './extensions';
import { LANGUAGE_CHANGED, textLanguagesKey } from './languages';
import { analysePaste } from './paste';
import { toDoc } from './to-doc';
import { focusNow, Toolbar } from './Toolbar';
import { answerCursors } from './cursor';
import { answerHighlights, highlightBlocks } from './highlight';
import { docWords } from './words';

/**
 * How a field's value holds its document: an answer's `doc`, or an objective's or principle's
 * `note` (with the objective's status kept by the row around it). `onStored` hears a value shown
 * from storage (a restore, the other side of a conflict), so the parts outside the document follow.
 */
export interface DocBinding {
  docOf(v: FieldValue): Doc | null;
  valueOf(doc: Doc): FieldValue;
  onStored?(v: FieldValue): void;
  /** The value's parts outside the document, as chosen now (kept with a pending text that cannot be saved yet: `PendingView`). */
  around?(): Record<string, unknown>;
}
const ANSWER: DocBinding = { docOf: (v) => (v.kind === 'answer' ? v.doc : null), valueOf: (doc) => ({ kind: 'answer', doc }) };
/** What a row around a note can ask of its editor: save now with the rest of the value changed. */
export interface DocFieldControl {
  touch(): void;
}

/**
 * A document editor's pending text in its own form (FieldSaver.pendingView): the editor's JSON and
 * the value's other parts as chosen with it, for the field's next editor and the row around it.
 */
export interface PendingView {
  doc: Doc;
  around?: Record<string, unknown>;
}

/** An editable document never starts empty: ProseMirror needs at least one block. */
function editable(doc: Doc): Doc {
  return doc.content.length ? doc : { type: 'doc', content: [{ type: 'paragraph' }] };
}

/** The direction of the answer's first strong character (null: none yet, the page's direction applies). */
function answerDir(doc: PMNode): 'rtl' | 'ltr' | null {
  return strongDirection(doc.textBetween(0, Math.min(doc.content.size, 4000), ' ', ' '));
}

/**
 * Where focus should land when a question opens: its editor (set by keyboard navigation), or where
 * it is (`stay`: the question reopens under an action taken elsewhere on the page, a Word file
 * brought back, whose report is read there); else its heading.
 */
export const pendingFocus = { editor: false, stay: false };

export function AnswerEditor(props: {
  draftId: string;
  field: string;
  state: FieldState | undefined;
  onSaved: OnSaved;
  labelledBy: string;
  describedBy?: string;
  readOnly?: boolean;
  /** A note instead of an answer (default: an answer). */
  binding?: DocBinding;
  /** The compact form for notes: a few tools, a small editor that grows with its text. */
  compact?: boolean;
  control?: MutableRefObject<DocFieldControl | null>;
}) {
  const { t, i18n } = useTranslation();
  const { draftId, field, state } = props;
  const binding = props.binding ?? ANSWER;
  const stored: Doc = (state && binding.docOf(state.value)) ?? { type: 'doc', content: [] };
  // No React state changes while typing: the status line, the conflict slot and the word count
  // below subscribe on their own (a keystroke re-renders them only when what they show changes).
  // What is stored, in the form the editor will produce, counts as saved, so that opening an answer
  // saves nothing. Reopened while its last save is on its way (left and come back at once, or its
  // save failing), the field keeps that saver and opens on the text it holds.
  const { saver, adopted } = useFieldSaver<FieldValue>({
    draftId,
    field,
    base: state?.revisionId ?? null,
    saved: () => {
      const r = toDoc(editable(stored));
      return r.ok ? binding.valueOf(r.doc) : undefined;
    },
    onSaved: props.onSaved,
  });
  const [initial] = useState<Doc>(() => (adopted && saver.latest && binding.docOf(saver.latest)) || stored);
  // taken over with text not yet sent: the editor opens on what the one before showed (its own
  // form: kept even when it cannot be saved as it is, e.g. a list nested too deep, still to be fixed)
  const [opening] = useState(() => (adopted ? (saver.pendingView as PendingView | undefined)?.doc : undefined) ?? editable(initial));
  // the review's language, and its Latin language (an Arabic review's French or English, from the answer's words when it opens)
  const reviewLang = useContext(TextLanguage)?.lang ?? (i18n.language as DocLanguage);
  const voice = useRef<Voice | null>(null);
  if (voice.current?.page !== reviewLang) voice.current = voiceOf(reviewLang, reviewLang === 'ar' ? 'en' : reviewLang, initial);
  const [showHistory, setShowHistory] = useState(false);
  // the host summarises this answer's sessions ahead, so opening History only reads them
  useEffect(() => (props.compact ? undefined : whenIdle(() => warmFieldHistory(draftId, field))), [draftId, field, props.compact]);
  const [linkOpen, setLinkOpen] = useState(false);
  /** what a paste kept that the user should know about (footnotes turned into text) */
  const [pasteNotice, setPasteNotice] = useState<number | null>(null);
  const toolbarLabel = useId();
  const wrapRef = useRef<HTMLDivElement>(null);

  const editor = useEditor({
    extensions: answerExtensions(() => voice.current!),
    content: opening,
    injectCSS: false,
    editable: !props.readOnly,
    editorProps: {
      // The answer's direction (its first strong character) is the editor's: lists follow it.
      attributes: (st) => ({
        ...(answerDir(st.doc) ? { dir: answerDir(st.doc)! } : {}),
        class: props.compact ? 'answer-editor note-editor' : 'answer-editor',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': props.labelledBy,
        ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}),
        spellcheck: 'true',
      }),
      transformPastedHTML: (html) => {
        const r = analysePaste(html);
        setPasteNotice(r.footnotes || null);
        return r.html;
      },
      handleKeyDown: (_view, e) => {
        if (e.key === 'Escape') {
          // Leaves the editor without Tab (which indents list items): focus goes to the toolbar.
          wrapRef.current?.querySelector<HTMLElement>('.toolbar [tabindex="0"]')?.focus();
          return true;
        }
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
          setLinkOpen(true);
          return true;
        }
        return false;
      },
    },
    onCreate: ({ editor: e }) => baseline(e),
    onUpdate: ({ editor: e }) => changed(e.state.doc),
    onBlur: () => void saver.flush(),
  });

  /**
   * What the editor shows at its start (the stored value as the editor's schema reads it) is what
   * counts as saved, unless it took over a saver (`adopted`): once per editor, before anyone can
   * type in it (the layout effect below; TipTap's onCreate comes in a timer, after keys may already
   * have been typed, which it would have taken as saved and never saved).
   */
  const baselined = useRef<Editor | null>(null);
  function baseline(e: Editor) {
    if (baselined.current === e) return;
    baselined.current = e;
    if (adopted) return; // the saver knows what is stored and what is still to be
    const r = toDoc(e.getJSON());
    if (r.ok) saver.rebase(saver.base, binding.valueOf(r.doc));
  }

  /**
   * The editor now shows `node` (immutable: kept, and serialised + validated only when saving; a
   * value that fails the document's limits is not sent, and its own form is kept for a take-over).
   */
  function changed(node: PMNode) {
    saver.change(
      () => {
        const r = toDoc(node.toJSON());
        if (!r.ok) throw new Error(r.reason);
        return binding.valueOf(r.doc);
      },
      (): PendingView => ({ doc: node.toJSON() as Doc, around: binding.around?.() }),
    );
  }

  const placed = useRef(false);
  // Reached by a shortcut from the editor of the question before (Alt+Down): the caret at the end,
  // and the keyboard's focus here now, in the commit that shows the question (its view is in the
  // page by then: EditorContent is a child), not in a timer nor the next animation frame, which
  // TipTap's focus() waits for: the keys of someone typing on went nowhere until then.
  useLayoutEffect(() => {
    if (!editor) return;
    baseline(editor);
    if (!pendingFocus.editor || props.compact) return;
    pendingFocus.editor = false;
    // (not focus('end'): with a position it also focuses again in the next frame, which would take
    // the focus back from a link form or the toolbar reached before that frame)
    focusNow(editor);
    editor.view.dispatch(editor.state.tr.setSelection(Selection.atEnd(editor.state.doc)).scrollIntoView());
    placed.current = true; // its focus listener (below) is added after this effect
  }, [editor]);

  useEffect(() => {
    if (!editor) return;
    const key = `${draftId}/${field}`;
    const onFocus = () => (placed.current = true);
    editor.on('focus', onFocus);
    answerCursors.set(key, () => (placed.current ? Math.min(editor.state.selection.$from.index(0) + 1, editor.state.doc.childCount) : null));
    const h = answerHighlights.get(key);
    const frame = h
      ? requestAnimationFrame(() => {
          answerHighlights.delete(key);
          highlightBlocks(editor, h.at, h.count);
        })
      : 0;
    return () => {
      cancelAnimationFrame(frame);
      editor.off('focus', onFocus);
      answerCursors.delete(key);
    };
  }, [editor, draftId, field]);

  // the review's language changed (the Document panel): the editor's tags follow
  const tagged = useRef(reviewLang);
  useEffect(() => {
    if (!editor || tagged.current === reviewLang) return;
    tagged.current = reviewLang;
    editor.view.dispatch(editor.state.tr.setMeta(textLanguagesKey, LANGUAGE_CHANGED));
  }, [editor, reviewLang]);

  useEffect(() => {
    if (editor && editor.isEditable === !!props.readOnly) editor.setEditable(!props.readOnly, false);
  }, [editor, props.readOnly]);

  const current = (): Doc => {
    const r = editor ? toDoc(editor.getJSON()) : null;
    return r?.ok ? r.doc : initial;
  };

  /** Shows `doc` (stored as `revisionId`) in the editor without treating it as an edit. */
  const showStored = (revisionId: string, doc: Doc, savedAt: string) => {
    if (!editor) return;
    editor.commands.setContent(editable(doc), { emitUpdate: false });
    saver.rebase(revisionId, binding.valueOf(current()), savedAt);
  };
  /** Shows a stored value: its document in the editor, the rest in the row around it. */
  const showValue = (revisionId: string, value: FieldValue, savedAt: string) => {
    const doc = binding.docOf(value);
    if (!doc) return;
    binding.onStored?.(value);
    showStored(revisionId, doc, savedAt);
  };
  if (props.control)
    props.control.current = {
      // the rest of the value changed (an objective's status): the note as it is now, with it
      touch: () => {
        if (editor) changed(editor.state.doc);
        void saver.flush();
      },
    };

  const restore = async (rev: Revision) => {
    await saver.flush();
    const out = await getApi().restoreRevision({ draftId, field, revisionId: rev.id, baseRevisionId: saver.base });
    showValue(out.revisionId, rev.value, out.savedAt);
    props.onSaved(field, out.revisionId, rev.value, out.savedAt);
  };

  // The field's current revision (the draft view updates it after each save and restore): refreshes the history.
  const version = state?.revisionId ?? null;
  const lastSavedAt = useMemo(() => state?.updatedAt ?? null, [state?.updatedAt]);
  if (!editor) return null;
  return (
    <div className={props.compact ? 'answer compact' : 'answer'} ref={wrapRef}>
      <span id={toolbarLabel} className="visually-hidden">
        {t('editor.toolbar')}
      </span>
      {!props.readOnly && <Toolbar editor={editor} labelId={toolbarLabel} linkOpen={linkOpen} setLinkOpen={(f) => setLinkOpen(f)} compact={props.compact} />}
      <EditorContent editor={editor} className="editor-frame" />
      {pasteNotice !== null && (
        <p className="paste-notice" role="status">
          {t('word.pasteFootnotes', { count: pasteNotice })}{' '}
          <button type="button" className="link-button" onClick={() => setPasteNotice(null)}>
            {t('word.dismiss')}
          </button>
        </p>
      )}
      <div className="answer-footer">
        {!props.compact && <WordCount editor={editor} />}
        <SaverStatus saver={saver} lastSavedAt={lastSavedAt} compact={props.compact} />
        <button type="button" className="history-toggle" aria-expanded={showHistory} aria-describedby={props.compact ? props.labelledBy : undefined} onClick={() => setShowHistory((s) => !s)}>
          {showHistory ? t('history.hide') : t('history.show')}
        </button>
      </div>
      <IfConflict saver={saver}>
        {(currentRevisionId) => (
          <ConflictPanel
            currentRevisionId={currentRevisionId}
            mine={current}
            onKeepMine={(currentId) => void saver.resolveConflict(currentId)}
            onTakeTheirs={(rev) => {
              showValue(rev.id, rev.value, rev.createdAt);
              props.onSaved(field, rev.id, rev.value, rev.createdAt);
            }}
            onInsertTheirs={(doc) => editor.chain().focus('end').insertContentAt(editor.state.doc.content.size, doc.content).run()}
          />
        )}
      </IfConflict>
      {showHistory && <HistoryPanel draftId={draftId} field={field} version={version} current={current} onRestore={restore} />}
    </div>
  );
}

/** The save status line, re-rendered only when the status changes visibly (useSaveStatus). */
function SaverStatus({ saver, lastSavedAt, compact }: { saver: FieldSaver<FieldValue>; lastSavedAt: string | null; compact?: boolean }) {
  const status = useSaveStatus(saver as FieldSaver<unknown>);
  return <SaveStatusText status={status} lastSavedAt={lastSavedAt} onRetry={() => void saver.flush()} compact={compact} />;
}

/** Renders `children` while the field's saves are stopped by a conflict. */
function IfConflict({ saver, children }: { saver: FieldSaver<FieldValue>; children: (currentRevisionId: string | null) => ReactNode }) {
  const status = useSaveStatus(saver as FieldSaver<unknown>);
  return status.state === 'conflict' ? children(status.currentRevisionId) : null;
}

/** "n words", counted a quarter of a second after the text stops changing (only changed blocks are read: words.ts). */
function WordCount({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const [words, setWords] = useState(() => docWords(editor.state.doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged) return;
      clearTimeout(timer);
      timer = setTimeout(() => setWords(docWords(editor.state.doc)), 250);
    };
    editor.on('transaction', onTransaction);
    return () => {
      clearTimeout(timer);
      editor.off('transaction', onTransaction);
    };
  }, [editor]);
  return <span className="word-count">{t('editor.words', { count: words })}</span>;
}
