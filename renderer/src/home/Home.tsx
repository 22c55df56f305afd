import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLanguage, DraftSummary } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { DocumentLanguageSelect } from '../language/DocumentLanguageSelect';
import { Progress } from './Progress';
import { HOME_FIRST } from './home-first';

export function Home() {
  const { t } = useTranslation();
  const api = getApi();
  const [drafts, setDrafts] = useState<DraftSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Loads the list; resolves with it (undefined after a failure, its error shown). */
  const load = useCallback(
    () =>
      api.listDrafts({}).then((list) => {
        setDrafts(list);
        return list;
      }, setError),
    [api],
  );
  useEffect(() => void load(), [load]);
  /** The draft just moved to the trash, offered back with Undo until the next action. */
  const [trashed, setTrashed] = useState<{ id: string; title: string } | null>(null);
  const [showAll, setShowAll] = useState(false);
  // "Show all" goes once pressed: the focus to the first card it brought
  useEffect(() => {
    const next = showAll ? drafts?.[HOME_FIRST] : undefined;
    if (next) document.querySelector<HTMLElement>(`#${CSS.escape(`draft-${next.id}`)} a`)?.focus();
    // (drafts left out: only when "Show all" is pressed)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [showAll]);
  const undoRef = useRef<HTMLButtonElement>(null);
  const restoredRef = useRef<string | null>(null);

  /** Runs an action and reloads the list; false when it failed (its error shown). */
  const act = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    setTrashed(null);
    try {
      await fn();
      await load();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const moveToTrash = async (d: DraftSummary) => {
    if (await act(() => api.deleteDraft({ draftId: d.id }))) setTrashed({ id: d.id, title: d.title });
  };
  /**
   * Brings the trashed draft back. The status line and its Undo stay until the list shows the draft
   * again (its title then takes the focus), and after a failure, with the error, so that Undo can be
   * tried again (act() cleared them first: the focused button went, the focus fell to the page).
   */
  const undo = async (id: string) => {
    if (restoredRef.current === id) return; // a second click while the first is on its way
    setError(null);
    restoredRef.current = id;
    try {
      await api.restoreDraft({ draftId: id });
    } catch (err) {
      restoredRef.current = null;
      setError(err);
      undoRef.current?.focus();
      return;
    }
    const list = await load();
    // back below the first cards (other drafts changed meanwhile, elsewhere): all are shown, so that it is there to focus
    if (list && list.findIndex((d) => d.id === id) >= HOME_FIRST) setShowAll(true);
    setTrashed(null);
  };
  // the trashed card's button is gone: focus goes to Undo; after Undo, to the restored draft's title
  useEffect(() => {
    if (trashed) undoRef.current?.focus();
  }, [trashed]);
  useEffect(() => {
    const id = restoredRef.current;
    const link = id ? document.querySelector<HTMLElement>(`#${CSS.escape(`draft-${id}`)} a`) : null;
    if (link) {
      restoredRef.current = null;
      link.focus();
    }
  }, [drafts]);

  return (
    <>
      <div className="page-head">
        <h1>{t('home.title')}</h1>
        <span className="actions">
          <a href={href.backups()} className="button-link">
            {t('home.backups')}
          </a>
          <a href={href.trash()} className="button-link">
            {t('home.trash')}
          </a>
        </span>
      </div>
      <CreateDraft onCreate={(input) => act(() => api.createDraft(input))} />
      <ErrorText error={error} />
      <div role="status" className="trash-status">
        {trashed && (
          <p className="notice">
            <span>{t('home.movedToTrash', { title: '\u2068' + trashed.title + '\u2069' })}</span>{' '}
            <button type="button" ref={undoRef} onClick={() => undo(trashed.id)}>
              {t('home.undo')}
            </button>
          </p>
        )}
      </div>
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">{t('home.yourDrafts')}</h2>
        {drafts === null ? (
          <p aria-busy="true">{t('app.loading')}</p>
        ) : drafts.length === 0 ? (
          <p className="empty">{t('home.none')}</p>
        ) : (
          <>
            <ul className="draft-list">
              {(showAll ? drafts : drafts.slice(0, HOME_FIRST)).map((d) => (
                <DraftCard key={d.id} draft={d} act={act} onTrash={moveToTrash} />
              ))}
            </ul>
            {!showAll && drafts.length > HOME_FIRST && (
              <p className="row">
                <span>{t('home.shownFirst', { shown: HOME_FIRST })}</span>{' '}
                <button
                  type="button"
                  onClick={() => setShowAll(true)}
                >
                  {t('home.showAll', { n: drafts.length })}
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}

function CreateDraft({ onCreate }: { onCreate: (input: { title: string; country: string; language: DocumentLanguage; authority: string }) => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const [title, setTitle] = useState('');
  const [country, setCountry] = useState('');
  const [authority, setAuthority] = useState('');
  const [language, setLanguage] = useState<DocumentLanguage | null>(null);
  return (
    <form
      className="card create-draft"
      aria-labelledby="create-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) return;
        await onCreate({ title: title.trim(), country: country.trim(), language: language ?? (i18n.language as DocumentLanguage), authority: authority.trim() });
        setTitle('');
        setCountry('');
        setAuthority('');
      }}
    >
      <h2 id="create-heading">{t('home.create')}</h2>
      <div className="row">
        <label className="field grow">
          <span>{t('home.draftTitle')}</span>
          <input required dir="auto" value={title} placeholder={t('home.titleExample')} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('home.country')}</span>
          <input dir="auto" value={country} onChange={(e) => setCountry(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <label className="field grow">
          <span>{t('language.authority')}</span>
          <input dir="auto" value={authority} placeholder={t('language.authorityExample')} onChange={(e) => setAuthority(e.target.value)} />
        </label>
        <DocumentLanguageSelect value={language ?? (i18n.language as DocumentLanguage)} onChange={setLanguage} />
        <button type="submit" className="primary">
          {t('home.createButton')}
        </button>
      </div>
    </form>
  );
}

function DraftCard({ draft: d, act, onTrash }: { draft: DraftSummary; act: (fn: () => Promise<unknown>) => Promise<boolean>; onTrash: (d: DraftSummary) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(d.title);
  const headingId = `draft-${d.id}`;
  return (
    <li className="card draft-card" aria-labelledby={headingId}>
      <div className="draft-card-main">
        {renaming ? (
          <form
            className="row"
            onSubmit={async (e) => {
              e.preventDefault();
              await act(() => api.renameDraft({ draftId: d.id, title }));
              setRenaming(false);
            }}
          >
            <label className="field grow">
              <span>{t('home.newTitle')}</span>
              <input autoFocus required dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)} />
            </label>
            <button type="submit" className="primary">
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setRenaming(false)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : (
          <h3 id={headingId} dir="auto">
            <a href={href.draft(d.id)}>{d.title}</a>
          </h3>
        )}
        <p className="meta">
          {d.country && <span dir="auto">{d.country}</span>}
          <span>{t('home.updated', { time: formatTime(d.updatedAt, i18n.language as Language) })}</span>
        </p>
        <Progress answered={d.answered} total={d.total} label={t('progress.overall')} />
        <ul className="section-progress" aria-label={t('progress.bySection')}>
          {d.progress.map((p) => (
            <li key={p.sectionId} className={p.answered === p.total ? 'complete' : p.answered ? 'partial' : ''}>
              <bdi className="section-id" dir="ltr">
                {p.sectionId}
              </bdi>{' '}
              <bdi dir="ltr">
                {p.answered}/{p.total}
              </bdi>
            </li>
          ))}
        </ul>
      </div>
      {d.deletedAt === null && (
        <div className="actions">
          <a className="button-link primary" href={href.draft(d.id)} aria-label={t('home.openNamed', { title: d.title })}>
            {t('home.open')}
          </a>
          <button type="button" onClick={() => setRenaming(true)} aria-label={t('home.renameNamed', { title: d.title })}>
            {t('home.rename')}
          </button>
          <button type="button" onClick={() => act(() => api.duplicateDraft({ draftId: d.id, title: t('home.copyOf', { title: d.title }) }))} aria-label={t('home.duplicateNamed', { title: d.title })}>
            {t('home.duplicate')}
          </button>
          <button type="button" className="danger" onClick={() => onTrash(d)} aria-label={t('home.deleteNamed', { title: d.title })}>
            {t('home.delete')}
          </button>
        </div>
      )}
    </li>
  );
}
