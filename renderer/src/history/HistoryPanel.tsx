import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldSession, FieldValue, HistoryCursor, Revision, SaveMeta } from '../../../shared/contract';
import type { Doc } from '../../../shared/doc';
import type { Language } from '../../../shared/i18n';
import { valueDoc } from '../../../shared/note';
import { docToText } from '../../../shared/plaintext';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { DiffView } from './DiffView';
import { PreviewLine } from './PreviewLine';
import { Sentence } from '../ui/Sentence';
import { StoredText } from '../ui/Stored';

export type FieldSessionsPage = { sessions: FieldSession[]; next: HistoryCursor | null };
type Row = { type: 'session'; s: FieldSession } | { type: 'save'; r: SaveMeta; s: FieldSession; last: boolean };
type Detail = { mode: 'view'; rev: Revision } | { mode: 'diff'; title: string; before: string; after: string };

/** Sessions asked for at a time (the first page is also what warm.ts asks for ahead). */
export const PAGE = 40;
const docOf = (v: FieldValue): Doc => valueDoc(v);

/**
 * A field's history as editing sessions (who, when, how many saves, words added and removed, a
 * preview of the change), newest first. The list is virtualised and loads older pages as it is
 * scrolled (fieldSessions over listRevisionMeta: metadata only); a value is fetched only when a
 * version is viewed, compared or restored. A session expands to its individual saves.
 * `version` is the revision the editor is on: the list reloads whenever a new one is saved.
 */
export function HistoryPanel(props: {
  draftId: string;
  field: string;
  version: string | null;
  current: () => Doc;
  onRestore: (rev: Revision) => Promise<void>;
  /** The first page already in hand: shown at once, nothing asked (the warm-up in warm.tsx). */
  initial?: FieldSessionsPage;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const time = (iso: string) => formatTime(iso, lang);
  const headingId = useId();
  const [sessions, setSessions] = useState<FieldSession[] | null>(props.initial?.sessions ?? null);
  const [next, setNext] = useState<HistoryCursor | null>(props.initial?.next ?? null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Record<string, SaveMeta[] | 'loading'>>({});
  const [detail, setDetail] = useState<Detail | null>(null);
  // loading the list; looking at a revision (view, compare, open a session); restoring one (its buttons disable while it runs)
  const [error, setError] = useState<unknown>(null);
  const look = useAction();
  const restoring = useAction();
  // two sessions picked for a comparison (any two, not only with the current text)
  const [picked, setPicked] = useState<FieldSession[]>([]);
  const generation = useRef(0);

  useEffect(() => {
    const g = ++generation.current;
    if (props.initial) return;
    setOpen({});
    setPicked([]);
    getApi()
      .fieldSessions({ draftId: props.draftId, field: props.field, limit: PAGE })
      .then((r) => {
        if (g !== generation.current) return;
        setSessions(r.sessions);
        setNext(r.next);
      }, setError);
  }, [props.draftId, props.field, props.version, props.initial]);

  const loadMore = useCallback(async () => {
    if (!next || loading) return;
    const g = generation.current;
    setLoading(true);
    try {
      const r = await getApi().fieldSessions({ draftId: props.draftId, field: props.field, before: next, limit: PAGE });
      if (g !== generation.current) return;
      setSessions((s) => [...(s ?? []), ...r.sessions]);
      setNext(r.next);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [next, loading, props.draftId, props.field]);

  const rows: Row[] = [];
  (sessions ?? []).forEach((s) => {
    rows.push({ type: 'session', s });
    const saves = open[s.id];
    if (Array.isArray(saves)) saves.forEach((r, i) => rows.push({ type: 'save', r, s, last: i === saves.length - 1 }));
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length + (next ? 1 : 0), getScrollElement: () => scrollRef.current, estimateSize: () => 88, overscan: 3 });
  const items = virtual.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (next && lastShown >= rows.length - 1) void loadMore();
  }, [lastShown, rows.length, next, loadMore]);

  const rev = (id: string) => getApi().getRevision({ revisionId: id });
  const run = look.run;
  const view = (id: string) => run(async () => setDetail({ mode: 'view', rev: await rev(id) }));
  const compareWithCurrent = (id: string, when: string) =>
    run(async () => {
      const r = await rev(id);
      setDetail({ mode: 'diff', title: t('history.diffTitle', { time: time(when) }), before: docToText(docOf(r.value)), after: docToText(props.current()) });
    });
  const sessionChanges = (s: FieldSession) =>
    run(async () => {
      const [before, after] = await Promise.all([s.baseRevisionId ? rev(s.baseRevisionId) : null, rev(s.lastRevisionId)]);
      setDetail({ mode: 'diff', title: t('hist.changesTitle', { time: time(s.start), name: s.authorName }), before: before ? docToText(docOf(before.value)) : '', after: docToText(docOf(after.value)) });
    });
  const comparePicked = () =>
    run(async () => {
      const [older, newer] = [...picked].sort((x, y) => (x.end < y.end ? -1 : 1));
      const [a, b] = await Promise.all([rev(older!.lastRevisionId), rev(newer!.lastRevisionId)]);
      setDetail({ mode: 'diff', title: t('hist.pickedTitle', { from: time(older!.start), to: time(newer!.start) }), before: docToText(docOf(a.value)), after: docToText(docOf(b.value)) });
    });
  // the focus goes to the panel's heading: the restore button is disabled while it runs and its
  // save row goes when the list reloads, which left a keyboard user at the top of the page
  const heading = useRef<HTMLHeadingElement>(null);
  const restore = (id: string) =>
    restoring.run(async () => {
      await props.onRestore(await rev(id));
      heading.current?.focus();
    });
  const toggle = (s: FieldSession) =>
    run(async () => {
      if (open[s.id]) return setOpen(({ [s.id]: _gone, ...rest }) => rest);
      setOpen((o) => ({ ...o, [s.id]: 'loading' }));
      const r = await getApi().fieldHistoryPage({ draftId: props.draftId, field: props.field, atOrBefore: { createdAt: s.end, id: s.lastRevisionId }, limit: Math.min(s.saves, 500) });
      setOpen((o) => ({ ...o, [s.id]: r.saves }));
    });

  const sessionRow = (s: FieldSession) => {
    const at = time(s.start);
    const saves = open[s.id];
    return (
      <div className="hist-session">
        <div className="rev-meta">
          <span className="rev-time">{time(s.end) !== at ? t('hist.span', { start: at, end: time(s.end) }) : at}</span>
          <bdi className="rev-author" dir="auto">
            {s.authorName}
            {s.authorOrganisation && ` (${s.authorOrganisation})`}
          </bdi>
          <span className="hist-saves">{t('hist.saves', { count: s.saves })}</span>
          <span className="hist-words" aria-label={t('hist.wordsLabel', { added: s.wordsAdded, removed: s.wordsRemoved })}>
            {t('hist.words', { added: s.wordsAdded, removed: s.wordsRemoved })}
          </span>
          {s.current && <span className="badge">{t('history.current')}</span>}
          {(s.kind === 'merge' || s.kind === 'import') && <span className="badge">{t(`hist.kind.${s.kind}`)}</span>}
          {s.broughtBy && (
            <span className="rev-via" data-testid="brought-by" title={s.broughtBy.signerFingerprint}>
              <Sentence k="hist.broughtBy" values={{ signer: s.broughtBy.signerName + (s.broughtBy.signerOrganisation ? ` (${s.broughtBy.signerOrganisation})` : '') }} />
            </span>
          )}
          {s.note && (
            <span className="rev-note" dir="auto">
              <StoredText text={s.note} />
            </span>
          )}
        </div>
        <PreviewLine parts={s.preview} />
        <div className="rev-actions">
          <label className="hist-pick">
            <input
              type="checkbox"
              checked={picked.some((p) => p.id === s.id)}
              aria-label={t('hist.pickAt', { time: at })}
              onChange={(e) => setPicked((p) => (e.target.checked ? [...p.filter((x) => x.id !== s.id), s].slice(-2) : p.filter((x) => x.id !== s.id)))}
            />
          </label>
          {s.saves > 1 && (
            <button type="button" aria-expanded={!!saves} aria-label={saves ? t('hist.hideSaves') : t('hist.showSavesOf', { count: s.saves, time: at })} onClick={() => void toggle(s)}>
              {saves ? t('hist.hideSaves') : t('hist.showSaves')}
            </button>
          )}
          <button type="button" aria-label={t('hist.viewSessionAt', { time: at })} onClick={() => void view(s.lastRevisionId)}>
            {t('history.view')}
          </button>
          <button type="button" aria-label={t('hist.changesAt', { time: at })} onClick={() => void sessionChanges(s)}>
            {t('hist.changes')}
          </button>
          {!s.current && (
            <>
              <button type="button" aria-label={t('hist.compareSessionAt', { time: at })} onClick={() => void compareWithCurrent(s.lastRevisionId, s.end)}>
                {t('history.compare')}
              </button>
              <button type="button" disabled={restoring.busy} aria-label={t('hist.restoreSessionAt', { time: at })} onClick={() => void restore(s.lastRevisionId)}>
                {t('history.restore')}
              </button>
            </>
          )}
        </div>
      </div>
    );
  };

  const saveRow = (r: SaveMeta) => {
    const at = time(r.createdAt);
    return (
      <div className="hist-save">
        <div className="rev-meta">
          <span className="rev-time">{at}</span>
          <span className="hist-size">{t('hist.chars', { count: r.size })}</span>
        </div>
        <div className="rev-actions">
          <button type="button" aria-label={t('history.viewAt', { time: at })} onClick={() => void view(r.id)}>
            {t('history.view')}
          </button>
          <button type="button" aria-label={t('history.compareAt', { time: at })} onClick={() => void compareWithCurrent(r.id, r.createdAt)}>
            {t('history.compare')}
          </button>
          <button type="button" disabled={restoring.busy} aria-label={t('history.restoreAt', { time: at })} onClick={() => void restore(r.id)}>
            {t('history.restore')}
          </button>
        </div>
      </div>
    );
  };

  return (
    <section className="history card" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1} ref={heading}>
        {t('history.title')}
      </h3>
      <ErrorText error={restoring.error ?? look.error ?? error} />
      {sessions === null ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : sessions.length === 0 ? (
        <p className="empty">{t('history.none')}</p>
      ) : (
        <>
        {sessions.length > 1 && (
          <p className="hist-compare">
            {picked.length === 2 ? (
              <button type="button" onClick={() => void comparePicked()}>
                {t('hist.comparePicked')}
              </button>
            ) : (
              <span className="muted">{t('hist.pickHint')}</span>
            )}
          </p>
        )}
        <div ref={scrollRef} className="hist-scroll" tabIndex={0} role="region" aria-label={t('hist.list')}>
          <ol className="revisions" style={{ blockSize: virtual.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index];
              return (
                <li
                  key={row ? (row.type === 'session' ? row.s.id : `${row.s.id}/${row.r.id}`) : 'more'}
                  data-index={item.index}
                  ref={virtual.measureElement}
                  className={row?.type === 'save' ? 'hist-save-row' : row ? 'hist-session-row' : 'hist-more'}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {!row ? <span aria-busy="true">{t('hist.loadingMore')}</span> : row.type === 'session' ? sessionRow(row.s) : saveRow(row.r)}
                </li>
              );
            })}
          </ol>
        </div>
        </>
      )}
      {detail && (
        <div className="rev-detail">
          <h4>
            {detail.mode === 'view' ? <Sentence k="history.versionOf" values={{ time: time(detail.rev.createdAt), name: detail.rev.authorName }} /> : detail.title}
          </h4>
          {detail.mode === 'view' ? <DocView doc={docOf(detail.rev.value)} /> : <DiffView before={detail.before} after={detail.after} />}
          <button type="button" onClick={() => setDetail(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
    </section>
  );
}
