/**
 * Hash routes: #/ (home), #/trash, #/backups, #/identity, #/search/<query>, #/draft/<id>[/<question>],
 * #/exchange/<page>[/<arg>] (renderer/src/exchange/routes.ts), #/versions/<draft> (named versions).
 * The per-launch token arrives in the hash once (#token=...); api.ts keeps it and it is removed
 * from the address here.
 */
import { useEffect, useState } from 'react';
import { parseConsolidationRoute, type ConsolidationRoute } from './consolidation/routes';

export type Route =
  | { name: 'home' }
  | { name: 'trash' }
  | { name: 'backups' }
  | { name: 'identity' }
  | { name: 'search'; query: string }
  | { name: 'exchange'; page: string; arg: string | null }
  | { name: 'draft'; draftId: string; questionId: string | null }
  | { name: 'versions'; draftId: string }
  | ConsolidationRoute;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const consolidation = parseConsolidationRoute(parts);
  if (consolidation) return consolidation;
  if (parts[0] === 'trash') return { name: 'trash' };
  if (parts[0] === 'backups') return { name: 'backups' };
  if (parts[0] === 'identity') return { name: 'identity' };
  if (parts[0] === 'search' && parts[1]) return { name: 'search', query: parts.slice(1).join('/') };
  if (parts[0] === 'exchange') return { name: 'exchange', page: parts[1] || 'outbox', arg: parts[2] || null };
  if (parts[0] === 'versions' && parts[1]) return { name: 'versions', draftId: parts[1] };
  if (parts[0] === 'draft' && parts[1]) return { name: 'draft', draftId: parts[1], questionId: parts[2] || null };
  return { name: 'home' };
}

export const href = {
  home: () => '#/',
  trash: () => '#/trash',
  backups: () => '#/backups',
  identity: () => '#/identity',
  search: (q: string) => `#/search/${encodeURIComponent(q)}`,
  /** a draft's named versions (renderer/src/history/DraftVersions.tsx) */
  versions: (id: string) => `#/versions/${id}`,
  draft: (id: string, questionId?: string) => `#/draft/${id}${questionId ? `/${encodeURIComponent(questionId)}` : ''}`,
};

/**
 * The screens following the address (useRoute), told at once when the app itself moves: the
 * browser's hashchange comes a task later, and keys typed meanwhile (someone typing on after
 * Alt+Down) went into the answer being left.
 */
const followers = new Set<() => void>();

export function navigate(to: string): void {
  if (location.hash === to) return;
  location.hash = to;
  for (const follow of followers) follow();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => {
    if (location.hash.includes('token=')) history.replaceState(null, '', location.pathname + location.search + '#/');
    return parseRoute(location.hash);
  });
  useEffect(() => {
    const on = () => setRoute((was) => {
      const now = parseRoute(location.hash);
      return JSON.stringify(now) === JSON.stringify(was) ? was : now;
    });
    window.addEventListener('hashchange', on);
    followers.add(on);
    // the address can change between the first render and this subscription (a link followed, a
    // hash set while the app was still starting): without this look, that change is never seen
    on();
    return () => {
      window.removeEventListener('hashchange', on);
      followers.delete(on);
    };
  }, []);
  return route;
}
