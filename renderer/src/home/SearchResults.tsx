import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SearchHit } from '../../../shared/contract';
import { fieldQuestion } from '../../../shared/template/schema';
import { getApi } from '../api';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';

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
        <ul className="search-hits" aria-live="polite">
          {hits?.map((h) => (
            <li key={`${h.draftId}/${h.field}`} className="card">
              <a href={href.draft(h.draftId, fieldQuestion(h.field))}>
                <span dir="auto" className="hit-title">{h.draftTitle}</span> — <span className="hit-field">{t('search.question', { id: h.field })}</span>
              </a>
              <p dir="auto" className="snippet">{h.snippet}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
