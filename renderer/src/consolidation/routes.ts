/**
 * Routes of the consolidation screens: #/workshops, #/workshop/<id>, #/review/<draft>/<tab>[/<arg>]
 * (tabs: dashboard, audit, conflicts, versions; arg: a conflict id or a version number).
 */
export const REVIEW_TABS = ['dashboard', 'conflicts', 'audit', 'versions'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export type ConsolidationRoute =
  | { name: 'workshops' }
  | { name: 'workshop'; workshopId: string }
  | { name: 'review'; draftId: string; tab: ReviewTab; arg: string | null };

export function parseConsolidationRoute(parts: string[]): ConsolidationRoute | null {
  if (parts[0] === 'workshops') return { name: 'workshops' };
  if (parts[0] === 'workshop' && parts[1]) return { name: 'workshop', workshopId: parts[1] };
  if (parts[0] === 'review' && parts[1]) {
    const tab = (REVIEW_TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as ReviewTab) : 'dashboard';
    return { name: 'review', draftId: parts[1], tab, arg: parts[3] || null };
  }
  return null;
}

export const consHref = {
  workshops: () => '#/workshops',
  workshop: (id: string) => `#/workshop/${id}`,
  review: (draftId: string, tab: ReviewTab = 'dashboard', arg?: string | number) => `#/review/${draftId}/${tab}${arg !== undefined ? `/${encodeURIComponent(String(arg))}` : ''}`,
};

export const isConsolidationRoute = (r: { name: string }): r is ConsolidationRoute => r.name === 'workshops' || r.name === 'workshop' || r.name === 'review';
