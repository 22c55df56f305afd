import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contribution } from '../../../shared/contract';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { settle } from '../autosave/registry';
import { answerCursors } from '../editor/cursor';
import { answerHighlights } from '../editor/highlight';
import type { Doc } from '../../../shared/doc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useAction } from '../ui/useAction';
import { ErrorText } from '../ui/ErrorText';
import { CommentsPanel } from './CommentsPanel';
import { ProvenanceLine } from './Provenance';
import { SourcesView } from './SourcesView';
import { useTargetLabel } from './targets';
import { announceChange, useLoad } from './useLoad';
import './consolidation.css';

/** After an accept the question reopens on the stored answer; focus comes back here. */
const refocus = { panel: false };

/**
 * Beside the master answer: every contribution waiting for this question (or its objectives),
 * with its provenance; accept (append or at the cursor), edit in, or dismiss with a reason.
 */
export function ConsolidationPanel({ draftId, questionId, answer, onReload, readOnly }: { draftId: string; questionId: string; answer?: Doc; onReload: () => Promise<void>; readOnly?: boolean }) {
  const { t } = useTranslation();
  const targetLabel = useTargetLabel();
  const api = getApi();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error, reload, setError } = useLoad(async () => {
    const pending = await api.listContributions({ draftId, status: 'pending' });
    return { pending: pending.filter((c) => c.pendingTargets.some((f) => fieldQuestion(f) === questionId)) };
  }, [api, draftId, questionId]);
  useEffect(() => {
    if (!refocus.panel) return;
    refocus.panel = false;
    const h = requestAnimationFrame(() => heading.current?.focus());
    return () => cancelAnimationFrame(h);
  }, []);

  const [done, setDone] = useState<string | null>(null);
  const accept = useCallback(
    async (c: Contribution, where: Placement, edited?: string) => {
      setError(null);
      try {
        const fields = c.pendingTargets.filter((f) => fieldQuestion(f) === questionId);
        const key = `${draftId}/${questionId}`;
        await settle(key);
        const at = where === 'cursor' ? (answerCursors.get(key)?.() ?? null) : where === 'end' ? null : where;
        const content = edited !== undefined ? textToDoc(edited) : undefined;
        await api.acceptContribution({ contributionId: c.id, draftId, fields, mode: at === null ? 'append' : 'insert', at: at ?? undefined, content });
        if (fields.includes(questionId)) answerHighlights.set(key, { at: at ?? 'end', count: (content ?? c.content).content.length });
        setDone(t('consolidate.panel.inserted', { field: targetLabel(questionId) }));
        announceChange();
        refocus.panel = true;
        // The question reopens on the stored answer, so its editors save on top of the new revision.
        await onReload();
      } catch (e) {
        setError(e);
      }
    },
    [api, draftId, questionId, onReload, setError, t],
  );

  const pending = data?.pending ?? [];
  return (
    <aside className="consolidation" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {t('cons.panel.title', { count: pending.length })}
      </h3>
      <ErrorText error={error} />
      <p role="status" className="muted small">
        {done}
      </p>
      {data && pending.length === 0 && <p className="muted">{t('cons.panel.none')}</p>}
      <ul className="contributions">
        {pending.map((c) => (
          <PendingItem
            key={c.id}
            c={c}
            questionId={questionId}
            answer={answer}
            readOnly={readOnly}
            onAccept={accept}
            onDismissed={() => {
              announceChange();
              void reload();
              heading.current?.focus();
            }}
          />
        ))}
      </ul>
      <SourcesView draftId={draftId} field={questionId} />
      <CommentsPanel draftId={draftId} field={questionId} />
    </aside>
  );
}

/** Where an accepted contribution goes in the answer: at the cursor, at the end, or at a block index. */
type Placement = 'cursor' | 'end' | number;

function PlacementSelect({ id, answer, value, onChange }: { id: string; answer?: Doc; value: Placement; onChange: (p: Placement) => void }) {
  const { t } = useTranslation();
  const blocks = answer?.content ?? [];
  return (
    <div className="placement">
      <label htmlFor={id}>{t('consolidate.panel.where')}</label>
      <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value === 'cursor' || e.target.value === 'end' ? e.target.value : Number(e.target.value))}>
        <option value="cursor">{t('consolidate.panel.atCursor')}</option>
        <option value="end">{t('consolidate.panel.atEnd')}</option>
        {blocks.length > 0 && <option value="0">{t('consolidate.panel.atStart')}</option>}
        {blocks.map((b, i) => (
          <option key={i} value={i + 1}>
            {t('consolidate.panel.after', { n: i + 1, text: blockPreview(b) })}
          </option>
        ))}
      </select>
    </div>
  );
}

function blockPreview(b: Doc['content'][number]): string {
  const text = docToText({ type: 'doc', content: [b] }).replace(/\s+/g, ' ').trim();
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

function PendingItem({
  c,
  questionId,
  answer,
  readOnly,
  onAccept,
  onDismissed,
}: {
  c: Contribution;
  questionId: string;
  answer?: Doc;
  readOnly?: boolean;
  onAccept: (c: Contribution, where: Placement, edited?: string) => Promise<void>;
  onDismissed: () => void;
}) {
  const { t } = useTranslation();
  const targetLabel = useTargetLabel();
  const id = useId();
  const [where, setWhere] = useState<Placement>('cursor');
  const here = c.pendingTargets.filter((f) => fieldQuestion(f) === questionId);
  const intoAnswer = here.includes(questionId);
  const [mode, setMode] = useState<'view' | 'edit' | 'dismiss'>('view');
  const [edited, setEdited] = useState(() => docToText(c.content));
  const { busy, error: err, run } = useAction();
  return (
    <li className="card contribution" aria-labelledby={`${id}-src`}>
      <div id={`${id}-src`}>
        <ProvenanceLine p={c.provenance} at={c.createdAt} />
      </div>
      <p className="meta">
        {t('cons.panel.taggedTo')}{' '}
        {c.targets.map((f) => {
          const d = c.decisions.find((x) => x.field === f);
          return (
            <bdi key={f} className={`tag${d ? ` decided ${d.status}` : ''}`} dir="auto" title={d ? t(`consolidate.panel.decided.${d.status}`) : undefined}>
              {targetLabel(f)}
              {d ? (d.status === 'accepted' ? ' ✓' : ' ✗') : ''}
            </bdi>
          );
        })}
      </p>
      <p className="contribution-text" dir="auto">
        {c.text}
      </p>
      {!readOnly && intoAnswer && mode !== 'dismiss' && <PlacementSelect id={`${id}-where`} answer={answer} value={where} onChange={setWhere} />}
      {mode !== 'edit' && !readOnly && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => onAccept(c, where))} title={t('cons.panel.acceptHint')}>
            {t('cons.panel.accept')}
          </button>
          <button type="button" disabled={busy} onClick={() => setMode('edit')}>
            {t('cons.panel.editIn')}
          </button>
          <button type="button" disabled={busy} aria-haspopup="dialog" onClick={() => setMode('dismiss')}>
            {t('cons.panel.dismiss')}
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => onAccept(c, where, edited));
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
        <ConfirmDialog
          title={t('confirm.dismissTitle')}
          message={t('confirm.dismissText')}
          confirmLabel={t('cons.panel.confirmDismiss')}
          tone="plain"
          field={{ label: t('cons.panel.reason'), required: true }}
          onConfirm={async (reason) => {
            await getApi().dismissContribution({ contributionId: c.id, reason, fields: here });
            onDismissed();
          }}
          onCancel={() => setMode('view')}
        />
      )}
      <ErrorText error={err} />
    </li>
  );
}
