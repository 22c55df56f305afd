import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contribution } from '../../../shared/contract';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { settle } from '../autosave/registry';
import { answerCursors } from '../editor/cursor';
import { ErrorText } from '../ui/ErrorText';
import { CommentsPanel } from './CommentsPanel';
import { ProvenanceLine } from './Provenance';
import { SourcesView } from './SourcesView';
import { targetLabel } from './targets';
import { announceChange, useLoad } from './useLoad';
import './consolidation.css';

/** After an accept the question reopens on the stored answer; focus comes back here. */
const refocus = { panel: false };

/**
 * Beside the master answer: every contribution waiting for this question (or its objectives),
 * with its provenance; accept (append or at the cursor), edit in, or dismiss with a reason.
 */
export function ConsolidationPanel({ draftId, questionId, onReload, readOnly }: { draftId: string; questionId: string; onReload: () => Promise<void>; readOnly?: boolean }) {
  const { t } = useTranslation();
  const api = getApi();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error, reload, setError } = useLoad(async () => {
    const [pending, trust] = await Promise.all([api.listContributions({ draftId, status: 'pending' }), api.trustList().catch(() => [])]);
    const now = Date.now();
    const trustMap = new Map(
      trust.map((e) => [e.fingerprint, e.revokedAt ? 'revoked' : e.validUntil && Date.parse(e.validUntil) < now ? 'expired' : 'trusted'] as const),
    );
    return { pending: pending.filter((c) => c.targets.some((f) => fieldQuestion(f) === questionId)), trust: trustMap };
  }, [api, draftId, questionId]);
  useEffect(() => {
    if (!refocus.panel) return;
    refocus.panel = false;
    const h = requestAnimationFrame(() => heading.current?.focus());
    return () => cancelAnimationFrame(h);
  }, []);

  const accept = useCallback(
    async (c: Contribution, edited?: string) => {
      setError(null);
      try {
        const fields = c.targets.filter((f) => fieldQuestion(f) === questionId);
        await settle(`${draftId}/${questionId}`);
        const at = fields.length === 1 && fields[0] === questionId ? (answerCursors.get(`${draftId}/${questionId}`)?.() ?? null) : null;
        await api.acceptContribution({
          contributionId: c.id,
          draftId,
          fields,
          mode: at === null ? 'append' : 'insert',
          at: at ?? undefined,
          content: edited !== undefined ? textToDoc(edited) : undefined,
        });
        announceChange();
        refocus.panel = true;
        // The question reopens on the stored answer, so its editors save on top of the new revision.
        await onReload();
      } catch (e) {
        setError(e);
      }
    },
    [api, draftId, questionId, onReload, setError],
  );

  const pending = data?.pending ?? [];
  return (
    <aside className="consolidation" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {t('cons.panel.title', { count: pending.length })}
      </h3>
      <ErrorText error={error} />
      {data && pending.length === 0 && <p className="muted">{t('cons.panel.none')}</p>}
      <ul className="contributions">
        {pending.map((c) => (
          <PendingItem key={c.id} c={c} trust={data!.trust} readOnly={readOnly} onAccept={accept} onDismissed={() => { announceChange(); void reload(); heading.current?.focus(); }} />
        ))}
      </ul>
      <SourcesView draftId={draftId} field={questionId} />
      <CommentsPanel draftId={draftId} field={questionId} />
    </aside>
  );
}

function PendingItem({ c, trust, readOnly, onAccept, onDismissed }: { c: Contribution; trust: Map<string, string>; readOnly?: boolean; onAccept: (c: Contribution, edited?: string) => Promise<void>; onDismissed: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<'view' | 'edit' | 'dismiss'>('view');
  const [edited, setEdited] = useState(() => docToText(c.content));
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setErr(null);
    try {
      await f();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card contribution" aria-labelledby={`${id}-src`}>
      <div id={`${id}-src`}>
        <ProvenanceLine p={c.provenance} at={c.createdAt} trust={trust} />
      </div>
      <p className="meta">
        {t('cons.panel.taggedTo')} {c.targets.map((f) => <bdi key={f} className="tag" dir="ltr">{targetLabel(f)}</bdi>)}
      </p>
      <p className="contribution-text" dir="auto">
        {c.text}
      </p>
      {mode === 'view' && !readOnly && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => onAccept(c))} title={t('cons.panel.acceptHint')}>
            {t('cons.panel.accept')}
          </button>
          <button type="button" disabled={busy} onClick={() => setMode('edit')}>
            {t('cons.panel.editIn')}
          </button>
          <button type="button" disabled={busy} onClick={() => setMode('dismiss')}>
            {t('cons.panel.dismiss')}
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => onAccept(c, edited));
          }}
        >
          <label htmlFor={`${id}-edit`}>{t('cons.panel.editLabel')}</label>
          <textarea id={`${id}-edit`} dir="auto" rows={5} value={edited} autoFocus onChange={(e) => setEdited(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !edited.trim()}>
              {t('cons.panel.acceptEdited')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {mode === 'dismiss' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await getApi().dismissContribution({ contributionId: c.id, reason });
              onDismissed();
            });
          }}
        >
          <label htmlFor={`${id}-reason`}>{t('cons.panel.reason')}</label>
          <input id={`${id}-reason`} dir="auto" required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="submit" disabled={busy || !reason.trim()}>
              {t('cons.panel.confirmDismiss')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorText error={err} />
    </li>
  );
}
