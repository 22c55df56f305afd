import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SearchHit } from '../../../shared/contract';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
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

export function SearchResults({ query }: { query: string }) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<Array<z.infer<typeof SearchHit>> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setHits(null);
    setError(null);
    getApi().search({ query }).then(setHits, setError);
  }, [query]);
  return (
    <>
      <h1>
        {t('search.resultsFor')} <q dir="auto">{query}</q>
      </h1>
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
                <span dir="auto" className="hit-title">{h.draftTitle}</span> — <span className="hit-field">{t('search.question', { id: h.field })}</span>
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
