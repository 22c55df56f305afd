import { useEditorState, type Editor } from '@tiptap/react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isSafeHref } from './extensions';
import { icons } from './icons';
import { nextToolbarState } from './toolbar-state';

interface Tool {
  id: string;
  label: string;
  keys?: string;
  active?: boolean;
  disabled?: boolean;
  run: () => void;
}

/** The tools a compact (note) editor offers. */
const COMPACT_TOOLS = new Set(['bold', 'italic', 'bullet', 'ordered', 'outdent', 'indent', 'link']);

/**
 * The tools in groups that stay whole on a line: a toolbar too narrow for one line (a 1280 px
 * screen in Arabic, with the contributions panel beside the answer; the table tools) wraps between
 * groups, never leaving Undo or Redo alone on a line.
 */
const GROUPS = [
  ['bold', 'italic', 'underline'],
  ['bullet', 'ordered', 'outdent', 'indent'],
  ['link', 'table'],
  ['rowAfter', 'colAfter', 'rowDelete', 'colDelete', 'tableDelete'],
  ['undo', 'redo'],
];

export function Toolbar({ editor, labelId, linkOpen, setLinkOpen, compact }: { editor: Editor; labelId: string; linkOpen: boolean; setLinkOpen: (f: (open: boolean) => boolean) => void; compact?: boolean }) {
  const { t } = useTranslation();
  // worked out in full only when the caret leaves its paragraph or the marks change (toolbar-state.ts)
  const last = useRef<ReturnType<typeof nextToolbarState> | null>(null);
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => (last.current = nextToolbarState(e, last.current)).value,
  });
  const [focusIdx, setFocusIdxRaw] = useState(0);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const chain = () => focusedChain(editor);
  const allTools: Tool[] = [
    { id: 'bold', label: t('editor.bold'), keys: 'Ctrl+B', active: s.bold, run: () => chain().toggleBold().run() },
    { id: 'italic', label: t('editor.italic'), keys: 'Ctrl+I', active: s.italic, run: () => chain().toggleItalic().run() },
    { id: 'underline', label: t('word.underline'), keys: 'Ctrl+U', active: s.underline, run: () => chain().toggleUnderline().run() },
    { id: 'bullet', label: t('editor.bulletList'), keys: 'Ctrl+Shift+8', active: s.bullet, run: () => chain().toggleBulletList().run() },
    { id: 'ordered', label: t('editor.orderedList'), keys: 'Ctrl+Shift+7', active: s.ordered, run: () => chain().toggleOrderedList().run() },
    { id: 'outdent', label: t('editor.outdent'), keys: 'Shift+Tab', disabled: !s.canLift, run: () => chain().liftListItem('listItem').run() },
    { id: 'indent', label: t('editor.indent'), keys: 'Tab', disabled: !s.canSink, run: () => chain().sinkListItem('listItem').run() },
    { id: 'link', label: t('editor.link'), keys: 'Ctrl+K', active: s.link, run: () => setLinkOpen((o) => !o) },
    { id: 'table', label: t('word.insertTable'), disabled: !s.canTable || s.inTable, run: () => chain().insertTable({ rows: 3, cols: 2, withHeaderRow: true }).run() },
    ...(s.inTable
      ? [
          { id: 'rowAfter', label: t('word.addRow'), run: () => chain().addRowAfter().run() },
          { id: 'colAfter', label: t('word.addColumn'), run: () => chain().addColumnAfter().run() },
          { id: 'rowDelete', label: t('word.deleteRow'), run: () => chain().deleteRow().run() },
          { id: 'colDelete', label: t('word.deleteColumn'), run: () => chain().deleteColumn().run() },
          { id: 'tableDelete', label: t('word.deleteTable'), run: () => chain().deleteTable().run() },
        ]
      : []),
    { id: 'undo', label: t('editor.undo'), keys: 'Ctrl+Z', disabled: !s.canUndo, run: () => chain().undo().run() },
    { id: 'redo', label: t('editor.redo'), keys: 'Ctrl+Shift+Z', disabled: !s.canRedo, run: () => chain().redo().run() },
  ];
  const tools = compact ? allTools.filter((x) => COMPACT_TOOLS.has(x.id)) : allTools;
  // The table tools come and go with the selection: the roving tab stop stays on a button that exists.
  const setFocusIdx = setFocusIdxRaw;
  const tabStop = Math.min(focusIdx, tools.length - 1);
  const move = (e: KeyboardEvent) => {
    const rtl = getComputedStyle(e.currentTarget).direction === 'rtl';
    const next = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    let i = tabStop;
    if (next) i = (tabStop + next + tools.length) % tools.length;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = tools.length - 1;
    else return;
    e.preventDefault();
    setFocusIdx(i);
    refs.current[i]?.focus();
  };
  return (
    <>
      {/* one tab stop, arrow keys move between buttons across the groups (WAI-ARIA toolbar pattern) */}
      <div className="toolbar" role="toolbar" aria-labelledby={labelId} onKeyDown={move}>
        {GROUPS.map((ids) => tools.flatMap((tool, i) => (ids.includes(tool.id) ? [{ tool, i }] : []))).filter((g) => g.length).map((group) => (
          <div key={group[0]!.tool.id} className="tool-group">
            {group.map(({ tool, i }) => (
              <button
                key={tool.id}
                ref={(el) => {
                  refs.current[i] = el;
                }}
                type="button"
                className={`tool tool-${tool.id}`}
                tabIndex={i === tabStop ? 0 : -1}
                aria-label={tool.label}
                title={tool.keys ? `${tool.label} (${tool.keys})` : tool.label}
                aria-pressed={tool.active === undefined ? undefined : tool.active}
                aria-disabled={tool.disabled || !s.editable || undefined}
                onFocus={() => setFocusIdx(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => !tool.disabled && s.editable && tool.run()}
              >
                {icons[tool.id]}
              </button>
            ))}
          </div>
        ))}
      </div>
      {linkOpen && <LinkForm editor={editor} onClose={() => setLinkOpen(() => false)} />}
    </>
  );
}

/**
 * The keyboard's focus in the editor now. TipTap's own focus() waits for the next animation frame
 * when the focus is elsewhere (a toolbar button reached by keyboard, the link form, the question
 * before), and the keys typed before that frame went to the button or the page and were lost: on a
 * busy laptop a frame can come 100 ms or more later. From an event handler or a layout effect,
 * focusing at once is safe.
 */
export function focusNow(editor: Editor): void {
  if (!editor.isDestroyed && !editor.view.hasFocus()) editor.view.focus();
}

/** The editor's command chain, the focus given at once (focusNow): focus() then does nothing more. */
function focusedChain(editor: Editor) {
  focusNow(editor);
  return editor.chain().focus();
}

function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string>(() => (editor.getAttributes('link').href as string | undefined) ?? '');
  const [bad, setBad] = useState(false);
  const apply = () => {
    let href = url.trim();
    if (href && !/^[a-z]+:/i.test(href)) href = (href.includes('@') && !href.includes('/') ? 'mailto:' : 'https://') + href;
    if (!isSafeHref(href)) return setBad(true);
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) focusedChain(editor).insertContent({ type: 'text', text: url.trim(), marks: [{ type: 'link', attrs: { href } }] }).run();
    else focusedChain(editor).extendMarkRange('link').setLink({ href }).run();
    onClose();
  };
  return (
    <form
      className="link-form"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          focusNow(editor);
          onClose();
        }
      }}
    >
      <label className="field grow">
        <span>{t('editor.linkAddress')}</span>
        <input autoFocus dir="ltr" type="text" inputMode="url" value={url} aria-invalid={bad || undefined} onChange={(e) => (setUrl(e.target.value), setBad(false))} placeholder="https://" />
      </label>
      {bad && <span className="error" role="alert">{t('editor.linkInvalid')}</span>}
      <button type="submit" className="primary">{t('editor.linkApply')}</button>
      {editor.isActive('link') && (
        <button type="button" onClick={() => (focusedChain(editor).extendMarkRange('link').unsetLink().run(), onClose())}>
          {t('editor.linkRemove')}
        </button>
      )}
      <button type="button" onClick={() => (focusNow(editor), onClose())}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
