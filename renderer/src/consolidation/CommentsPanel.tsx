import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { announceChange, useLoad } from './useLoad';
import { Sentence } from '../ui/Sentence';

/** Threaded comments on a question: start a thread, reply, resolve the thread. */
export function CommentsPanel({ draftId, field }: { draftId: string; field: string }) {
  const { t } = useTranslation();
  const api = getApi();
  const id = useId();
  const { data, error, reload } = useLoad(() => api.listComments({ draftId, field, includeResolved: true }), [api, draftId, field]);
  const threads = useMemo(() => {
    const m = new Map<string, Comment[]>();
    for (const c of data ?? []) m.set(c.threadId, [...(m.get(c.threadId) ?? []), c]);
    return [...m.values()];
  }, [data]);
  const changed = async () => {
    announceChange();
    await reload();
  };
  const open = threads.filter((th) => !th[0]!.resolvedAt).length;
  return (
    <section className="comments" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('cons.comments.title', { count: open })}</h3>
      <ErrorText error={error} />
      <ul className="threads">
        {threads.map((th) => (
          <Thread key={th[0]!.threadId} comments={th} onChanged={changed} />
        ))}
      </ul>
      <CommentForm label={t('cons.comments.new')} submit={t('cons.comments.add')} onSubmit={async (body) => { await api.addComment({ draftId, field, body }); await changed(); }} />
    </section>
  );
}

function Thread({ comments, onChanged }: { comments: Comment[]; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [replying, setReplying] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  // where the focus goes when the reply box closes after sending (it was lost to the page)
  const replyButton = useRef<HTMLButtonElement>(null);
  const first = comments[0]!;
  const resolved = !!first.resolvedAt;
  return (
    <li className={`card thread${resolved ? ' resolved' : ''}`}>
      {resolved && <p className="meta"><Sentence k="cons.comments.resolvedBy" values={{ who: first.resolvedBy ?? '', time: formatTime(first.resolvedAt!, i18n.language as Language) }} /></p>}
      <ol className="thread-comments">
        {comments.map((c) => (
          <li key={c.id} className={`comment depth-${Math.min(c.depth, 3)}`}>
            <p className="meta">
              <bdi dir="auto">
                <strong>{c.authorName}</strong> ({c.authorOrganisation})
              </bdi>{' '}
              · <time dateTime={c.createdAt}>{formatTime(c.createdAt, i18n.language as Language)}</time>
            </p>
            <p dir="auto" className="comment-body">
              {c.body}
            </p>
          </li>
        ))}
      </ol>
      {!resolved && (
        <div className="actions">
          <button type="button" ref={replyButton} aria-expanded={replying} onClick={() => setReplying((r) => !r)}>
            {t('cons.comments.reply')}
          </button>
          <button
            type="button"
            onClick={async () => {
              try {
                await getApi().resolveComment({ commentId: first.id });
                await onChanged();
              } catch (e) {
                setErr(e);
              }
            }}
          >
            {t('cons.comments.resolve')}
          </button>
        </div>
      )}
      <ErrorText error={err} />
      {replying && (
        <CommentForm
          autoFocus
          label={t('cons.comments.replyLabel')}
          submit={t('cons.comments.sendReply')}
          onSubmit={async (body) => {
            await getApi().addComment({ draftId: first.draftId, field: first.field, body, replyTo: comments[comments.length - 1]!.id });
            setReplying(false);
            await onChanged();
            replyButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}

function CommentForm({ label, submit, onSubmit, autoFocus }: { label: string; submit: string; onSubmit: (body: string) => Promise<void>; autoFocus?: boolean }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  return (
    <form
      className="comment-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setErr(null);
        try {
          await onSubmit(body);
          setBody('');
          // the emptied box keeps the focus for the next comment: the submit button, disabled
          // once the box is empty, lost it to the page (a reply's form is gone by now: no-op)
          box.current?.focus();
        } catch (x) {
          setErr(x);
        }
      }}
    >
      <label htmlFor={id}>{label}</label>
      <textarea id={id} ref={box} dir="auto" rows={2} value={body} autoFocus={autoFocus} onChange={(e) => setBody(e.target.value)} />
      <button type="submit" disabled={!body.trim()}>
        {submit}
      </button>
      <ErrorText error={err} />
    </form>
  );
}
