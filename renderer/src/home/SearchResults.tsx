import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Language } from '../../../shared/i18n';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SearchHit } from '../../../shared/contract';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { formatNumber } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';

/** Up and down arrows move between the results' links (Enter opens one). */
function moveBetweenLinks(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>(':scope > li > a')];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[e.key === 'ArrowDown' ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0)];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

/** How often a search runs again while answers are still being indexed. */
const POLL_MS = 1000;

export function SearchResults({ query }: { query: string }) {
  const { t, i18n } = useTranslation();
  /** Where a hit is, in words: "Question II.c", "Question III.a — Note on objective 7", "Question III.b (c)". */
  const fieldWords = (field: string) => {
    const [, kind, which] = field.split('/');
    const question = t('search.question', { id: kind === 'principle' ? `${fieldQuestion(field)} (${which})` : fieldQuestion(field) });
    return kind === 'objective' ? `${question} — ${t('objectives.noteOf', { n: Number(which) })}` : question;
  };
  const [hits, setHits] = useState<Array<z.infer<typeof SearchHit>> | null>(null);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setHits(null);
    setPending(0);
    setError(null);
    // While the index is still catching up (a bulk import), the results shown may be incomplete:
    // the same search runs again every second until nothing is left to index.
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () =>
      getApi()
        .search({ query })
        .then(
          (r) => {
            if (!live) return;
            setHits(r.hits);
            setPending(r.pendingAnswers);
            if (r.pendingAnswers > 0) timer = setTimeout(run, POLL_MS);
          },
          (e: unknown) => live && setError(e),
        );
    void run();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  return (
    <>
      <h1>
        {t('search.resultsFor')} <q dir="auto">{query}</q>
      </h1>
      <p role="status" className="search-pending">
        {pending > 0 && t('search.stillIndexing', { count: pending, n: formatNumber(pending, i18n.language as Language) })}
      </p>
      <ErrorText error={error} />
      {hits === null && !error ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : hits && hits.length === 0 ? (
        <p className="empty">{t('search.none')}</p>
      ) : (
        <ul className="search-hits" aria-live="polite" onKeyDown={moveBetweenLinks}>
          {hits?.map((h) => (
            <li key={`${h.draftId}/${h.field}`} className="card">
              <a href={href.draft(h.draftId, fieldQuestion(h.field))}>
                <span dir="auto" className="hit-title">{h.draftTitle}</span> — <span className="hit-field">{fieldWords(h.field)}</span>
              </a>
              <p dir="auto" className="snippet">
                {h.context ? (
                  <>
                    {h.context.cutBefore && '…'}
                    {h.context.parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                    {h.context.cutAfter && '…'}
                  </>
                ) : (
                  h.snippet
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
