import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldValue, MergeConflict } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { getApi } from '../api';
import { formatTime } from '../format';
import { DiffView } from '../history/DiffView';
import { navigate } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { ConflictPlaces } from './ConflictPlaces';
import { consHref } from './routes';
import { useTargetLabel } from './targets';
import { announceChange, useLoad } from './useLoad';
import { StoredText } from '../ui/Stored';
import { Sentence } from '../ui/Sentence';

/** Conflicts left by merging returned drafts: the list, or one of them side by side. */
export function ConflictsView({ draftId, conflictId }: { draftId: string; conflictId: string | null }) {
  const { t, i18n } = useTranslation();
  const targetLabel = useTargetLabel();
  const api = getApi();
  const { data, error, reload } = useLoad(() => api.listConflicts({ draftId, includeResolved: true }), [api, draftId]);
  if (!data) return <ErrorText error={error} />;
  const one = conflictId ? data.find((c) => c.id === conflictId) : undefined;
  if (one) return <ConflictResolve c={one} onResolved={reload} />;
  const open = data.filter((c) => !c.resolvedAt);
  const done = data.filter((c) => c.resolvedAt);
  return (
    <div className="conflicts">
      <h2>{t('cons.conflicts.open', { count: open.length })}</h2>
      {open.length === 0 && <p className="muted">{t('cons.conflicts.none')}</p>}
      <ul className="cons-list">
        {open.map((c) => (
          <li key={c.id} className="card">
            <a href={consHref.review(draftId, 'conflicts', c.id)}>{t('cons.conflicts.resolveField', { field: targetLabel(c.field) })}</a>
            <p className="meta">
              <StoredText text={c.reason} /> · {formatTime(c.createdAt, i18n.language as Language)}
              {c.theirs && <> · <Sentence k="cons.conflicts.from" values={{ who: c.theirs.authorName, organisation: c.theirs.authorOrganisation }} /></>}
            </p>
          </li>
        ))}
      </ul>
      {done.length > 0 && (
        <>
          <h2>{t('cons.conflicts.resolved')}</h2>
          <ul className="cons-list">
            {done.map((c) => (
              <li key={c.id} data-answered={c.answered || undefined}>
                <a href={consHref.review(draftId, 'conflicts', c.id)}><bdi dir="auto">{targetLabel(c.field)}</bdi></a>
                {c.answered && <> <span className="badge">{t('cons.conflicts.answered')}</span></>} —{' '}
                <Sentence k={c.answered ? 'cons.conflicts.answeredBy' : 'cons.conflicts.resolvedBy'} values={{ who: c.resolvedBy ?? '', time: formatTime(c.resolvedAt!, i18n.language as Language) }} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function valueWithText(side: NonNullable<MergeConflict['ours']> | null, text: string): FieldValue {
  const v = side?.value;
  if (v?.kind === 'objective') return { kind: 'objective', status: v.status, note: textToDoc(text) };
  if (v?.kind === 'principle') return { kind: 'principle', note: textToDoc(text) };
  return { kind: 'answer', doc: textToDoc(text) };
}

/** The answer as merged, with ours (or the decision taken) at each place, as plain text. */
function mergedText(c: MergeConflict): string {
  const docs = (c.segments ?? []).map((s) => {
    if ('doc' in s) return s.doc;
    const p = c.places[s.place]!;
    return p.choice === 'edit' && p.edited ? p.edited : p.choice === 'theirs' ? p.theirs : p.ours;
  });
  return docs.map((d) => docToText(d)).filter(Boolean).join('\n\n');
}

/** The answer was changed after the merge (an edit, a contribution taken in): a place that change touched can only keep ours. */
const editedSinceMerge = (c: MergeConflict) => !c.resolvedAt && c.currentRevisionId !== (c.mergedRevisionId ?? c.ours?.revisionId ?? null);

function ConflictResolve({ c, onResolved }: { c: MergeConflict; onResolved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const targetLabel = useTargetLabel();
  const id = useId();
  const edited = editedSinceMerge(c);
  // the text by hand starts from the field as it is now, and is saved only over that (baseRevisionId)
  const [start] = useState(() => ({ text: c.segments && !edited ? mergedText(c) : (c.current?.text ?? c.ours?.text ?? c.theirs?.text ?? ''), revisionId: c.currentRevisionId }));
  const [combined, setCombined] = useState(start.text);
  const [err, setErr] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  // resolved, the buttons that did it are gone and the focus with them: it goes to the way back
  const backLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (done && (!document.activeElement || document.activeElement === document.body)) backLink.current?.focus();
  }, [done, c.resolvedAt]);
  const resolve = async (input: { take: 'ours' | 'theirs' } | { value: FieldValue; baseRevisionId: string | null }) => {
    setErr(null);
    try {
      await getApi().resolveConflict({ conflictId: c.id, ...input });
      announceChange();
      setDone(t('cons.conflicts.done'));
      await onResolved();
    } catch (e) {
      setErr(e);
    }
  };
  const allDecided = !!c.segments && !c.resolvedAt && c.places.every((p) => p.choice);
  const side = (label: string, s: MergeConflict['ours']) => (
    <div className="conflict-side">
      <h3>{label}</h3>
      {s ? (
        <>
          <p className="meta">
            <bdi dir="auto">{`${s.authorName} (${s.authorOrganisation})`}</bdi>
          </p>
          <p className="side-text" dir="auto">
            {s.text || t('cons.conflicts.empty')}
          </p>
        </>
      ) : (
        <p className="muted">{t('cons.conflicts.absent')}</p>
      )}
    </div>
  );
  return (
    <div className="conflict-resolve" aria-labelledby={`${id}-h`}>
      <a href={consHref.review(c.draftId, 'conflicts')}>{t('cons.conflicts.back')}</a>
      <h2 id={`${id}-h`}>{t('cons.conflicts.resolveField', { field: targetLabel(c.field) })}</h2>
      <p className="meta">
        <StoredText text={c.reason} />
      </p>
      {c.resolvedAt && <p className="notice">{t(c.answered ? 'cons.conflicts.alreadyAnswered' : 'cons.conflicts.alreadyResolved')}</p>}
      {!c.resolvedAt && (['carried', 'superseded', 'settled'] as const).map((k) =>
        c.earlierDecisions[k] ? (
          <p key={k} className="notice" data-earlier={k}>
            {t(`consolidate.places.${k}`, { count: c.earlierDecisions[k] })}
          </p>
        ) : null,
      )}
      {edited && c.current && (
        <div className="notice edited-since" role="note">
          <p>
            <Sentence k="cons.conflicts.editedSince" values={{ who: c.current.authorName, time: formatTime(c.current.createdAt, i18n.language as Language) }} />
          </p>
          <button type="button" onClick={() => void resolve({ value: c.current!.value, baseRevisionId: c.currentRevisionId })}>
            {t('cons.conflicts.keepCurrent')}
          </button>
        </div>
      )}
      {c.segments ? (
        <ConflictPlaces
          c={c}
          onChange={async (resolved) => {
            announceChange();
            if (resolved) setDone(t('cons.conflicts.done'));
            await onResolved();
          }}
        />
      ) : (
      <>
      <div className="three-columns">
        {side(t('cons.conflicts.base'), c.base)}
        {side(t('cons.conflicts.ours'), c.ours)}
        {side(t('cons.conflicts.theirs'), c.theirs)}
      </div>
      <div className="conflict-columns">
        <div>
          <h3>{t('cons.conflicts.oursChanges')}</h3>
          <DiffView before={c.base?.text ?? ''} after={c.ours?.text ?? ''} />
        </div>
        <div>
          <h3>{t('cons.conflicts.theirsChanges')}</h3>
          <DiffView before={c.base?.text ?? ''} after={c.theirs?.text ?? ''} />
        </div>
      </div>
      </>
      )}
      {!c.resolvedAt && (
        <>
          <div className="actions">
            {allDecided && (
              <button type="button" className="primary" onClick={() => void resolve({ take: 'ours' })}>
                {t('consolidate.places.applyDecided')}
              </button>
            )}
            <button type="button" onClick={() => void resolve({ take: 'ours' })}>
              {c.segments ? t('consolidate.places.allOurs') : t('cons.conflicts.takeOurs')}
            </button>
            <button type="button" onClick={() => void resolve({ take: 'theirs' })}>
              {c.segments ? t('consolidate.places.allTheirs') : t('cons.conflicts.takeTheirs')}
            </button>
          </div>
          <details open={!c.segments || edited}>
          <summary>{t('consolidate.places.wholeByHand')}</summary>
          <form
            className={edited ? 'conflict-columns' : undefined}
            onSubmit={(e) => {
              e.preventDefault();
              void resolve({ value: valueWithText(c.current ?? c.ours ?? c.theirs, combined), baseRevisionId: start.revisionId });
            }}
          >
            <div>
            <label htmlFor={`${id}-m`}>{t(edited ? 'cons.conflicts.combineCurrent' : 'cons.conflicts.combine')}</label>
            <textarea id={`${id}-m`} dir="auto" rows={6} value={combined} onChange={(e) => setCombined(e.target.value)} />
            <p className="muted small">{t('cons.conflicts.combineHint')}</p>
            <button type="submit" className="primary">
              {t('cons.conflicts.saveCombined')}
            </button>
            </div>
            {edited && side(t('cons.conflicts.copyFrom'), c.theirs)}
          </form>
          </details>
        </>
      )}
      <ErrorText error={err} />
      {/* in the page before it is filled, so that it is announced */}
      <p role="status">
        {done && (
          <>
            {done} <a ref={backLink} href={consHref.review(c.draftId, 'conflicts')} onClick={(e) => { e.preventDefault(); navigate(consHref.review(c.draftId, 'conflicts')); }}>{t('cons.conflicts.back')}</a>
          </>
        )}
      </p>
    </div>
  );
}
