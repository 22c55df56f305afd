import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldState, Revision } from '../../../shared/contract';
import type { Node as PMNode } from '@tiptap/pm/model';
import { docText, strongDirection, wordCount, type Doc } from '../../../shared/doc';
import { getApi } from '../api';
import { SaveStatusText } from '../autosave/SaveStatusText';
import { useFieldSaver, type OnSaved } from '../autosave/useFieldSaver';
import { ConflictPanel } from '../history/ConflictPanel';
import { HistoryPanel } from '../history/HistoryPanel';
import { answerExtensions } from './extensions';
import { analysePaste } from './paste';
import { toDoc } from './to-doc';
import { Toolbar } from './Toolbar';
import { answerCursors } from './cursor';
import { answerHighlights, highlightBlocks } from './highlight';

type AnswerValue = { kind: 'answer'; doc: Doc };

/** An editable document never starts empty: ProseMirror needs at least one block. */
function editable(doc: Doc): Doc {
  return doc.content.length ? doc : { type: 'doc', content: [{ type: 'paragraph' }] };
}

/** The direction of the answer's first strong character (null: none yet, the page's direction applies). */
function answerDir(doc: PMNode): 'rtl' | 'ltr' | null {
  return strongDirection(doc.textBetween(0, Math.min(doc.content.size, 4000), ' ', ' '));
}

/** Where focus should land when a question opens (set by keyboard navigation). */
export const pendingFocus = { editor: false };

export function AnswerEditor(props: {
  draftId: string;
  field: string;
  state: FieldState | undefined;
  onSaved: OnSaved;
  labelledBy: string;
  describedBy: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { draftId, field, state } = props;
  const initial: Doc = state?.value.kind === 'answer' ? state.value.doc : { type: 'doc', content: [] };
  // What is stored, in the form the editor will produce, so that opening an answer saves nothing.
  const [saved] = useState<AnswerValue | undefined>(() => {
    const r = toDoc(editable(initial));
    return r.ok ? { kind: 'answer', doc: r.doc } : undefined;
  });
  const { saver, status } = useFieldSaver<AnswerValue>({ draftId, field, base: state?.revisionId ?? null, saved, onSaved: props.onSaved });
  const [words, setWords] = useState(() => wordCount(docText(initial)));
  const [showHistory, setShowHistory] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  /** what a paste kept that the user should know about (footnotes turned into text) */
  const [pasteNotice, setPasteNotice] = useState<number | null>(null);
  const toolbarLabel = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const countTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const editor = useEditor({
    extensions: answerExtensions(),
    content: editable(initial),
    injectCSS: false,
    editable: !props.readOnly,
    editorProps: {
      // The answer's direction (its first strong character) is the editor's: lists follow it.
      attributes: (st) => ({
        ...(answerDir(st.doc) ? { dir: answerDir(st.doc)! } : {}),
        class: 'answer-editor',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': props.labelledBy,
        'aria-describedby': props.describedBy,
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
    onCreate: ({ editor: e }) => {
      const r = toDoc(e.getJSON());
      if (r.ok) saver.rebase(saver.base, { kind: 'answer', doc: r.doc });
      if (pendingFocus.editor) {
        pendingFocus.editor = false;
        e.commands.focus('end');
      }
    },
    onUpdate: ({ editor: e }) => {
      // The document node is immutable: keep it, and serialise + validate it only when saving.
      const node = e.state.doc;
      saver.change(() => {
        const r = toDoc(node.toJSON());
        if (!r.ok) throw new Error(r.reason);
        return { kind: 'answer', doc: r.doc };
      });
      clearTimeout(countTimer.current);
      countTimer.current = setTimeout(() => setWords(wordCount(node.textBetween(0, node.content.size, '\n', '\n'))), 250);
    },
    onBlur: () => void saver.flush(),
  });

  const placed = useRef(false);
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
    setWords(wordCount(docText(doc)));
    saver.rebase(revisionId, { kind: 'answer', doc: current() }, savedAt);
  };

  const restore = async (rev: Revision) => {
    await saver.flush();
    const out = await getApi().restoreRevision({ draftId, field, revisionId: rev.id, baseRevisionId: saver.base });
    if (rev.value.kind !== 'answer') return;
    showStored(out.revisionId, rev.value.doc, out.savedAt);
    props.onSaved(field, out.revisionId, rev.value, out.savedAt);
  };

  // The field's current revision (the draft view updates it after each save and restore): refreshes the history.
  const version = state?.revisionId ?? null;
  const lastSavedAt = useMemo(() => state?.updatedAt ?? null, [state?.updatedAt]);
  if (!editor) return null;
  return (
    <div className="answer" ref={wrapRef}>
      <span id={toolbarLabel} className="visually-hidden">
        {t('editor.toolbar')}
      </span>
      {!props.readOnly && <Toolbar editor={editor} labelId={toolbarLabel} linkOpen={linkOpen} setLinkOpen={(f) => setLinkOpen(f)} />}
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
        <span className="word-count">{t('editor.words', { count: words })}</span>
        <SaveStatusText status={status} lastSavedAt={lastSavedAt} onRetry={() => void saver.flush()} />
        <button type="button" className="history-toggle" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
          {showHistory ? t('history.hide') : t('history.show')}
        </button>
      </div>
      {status.state === 'conflict' && (
        <ConflictPanel
          currentRevisionId={status.currentRevisionId}
          mine={current}
          onKeepMine={(currentId) => void saver.resolveConflict(currentId)}
          onTakeTheirs={(rev) => {
            if (rev.value.kind === 'answer') showStored(rev.id, rev.value.doc, rev.createdAt);
            props.onSaved(field, rev.id, rev.value, rev.createdAt);
          }}
          onInsertTheirs={(doc) => editor.chain().focus('end').insertContentAt(editor.state.doc.content.size, doc.content).run()}
        />
      )}
      {showHistory && <HistoryPanel draftId={draftId} field={field} version={version} current={current} onRestore={restore} />}
    </div>
  );
}
