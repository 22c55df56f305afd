/**
 * Editing sessions: consecutive saves of one field by the same author (same name and
 * installation) with no pause longer than SESSION_GAP_MS between two saves. Every save stays a
 * revision of its own (history is append-only); a session is only a way of showing them. A save
 * that is more than an edit (a restore, an import, a merge, an accepted contribution: it has a
 * note, a merge parent or a source bundle) is a session of its own. Pure.
 */
export const SESSION_GAP_MS = 10 * 60 * 1000;

/** What grouping needs to know about a save (a subset of RevisionMetaRow). */
export interface SaveMetaLike {
  field: string;
  created_at: string;
  author_name: string;
  installation_id: string;
  note: string | null;
  merge_parent_id: string | null;
  source_bundle_id: string | null;
}

export const isPlainEdit = (r: SaveMetaLike) => r.note === null && r.merge_parent_id === null && r.source_bundle_id === null;

/** True when `later` (saved after `earlier`) continues the same editing session. */
export function continuesSession(earlier: SaveMetaLike, later: SaveMetaLike, gapMs = SESSION_GAP_MS): boolean {
  return (
    earlier.field === later.field &&
    earlier.author_name === later.author_name &&
    earlier.installation_id === later.installation_id &&
    isPlainEdit(earlier) &&
    isPlainEdit(later) &&
    Date.parse(later.created_at) - Date.parse(earlier.created_at) <= gapMs
  );
}

/**
 * Groups saves into sessions. `rows` is one field's saves newest first (a history page) or any
 * mix of fields oldest first (an audit trail): `order` says which. Sessions come out in the same
 * order, each with its saves in that order.
 */
export function groupSessions<T extends SaveMetaLike>(rows: readonly T[], order: 'newest-first' | 'oldest-first', gapMs = SESSION_GAP_MS): T[][] {
  const out: T[][] = [];
  if (order === 'newest-first') return appendNewestFirst(out, rows, gapMs);
  // oldest first, fields interleaved: the open session of each field
  const open = new Map<string, T[]>();
  for (const r of rows) {
    const cur = open.get(r.field);
    if (cur && continuesSession(cur[cur.length - 1]!, r, gapMs)) cur.push(r);
    else {
      const s = [r];
      out.push(s);
      open.set(r.field, s);
    }
  }
  return out;
}

/**
 * Adds the next (older) saves of one field, newest first, to `groups` (sessions as
 * groupSessions(…, 'newest-first') gives them): the last session is continued when the first of
 * `rows` continues it. For reading a history page by page without grouping it again. Returns `groups`.
 */
export function appendNewestFirst<T extends SaveMetaLike>(groups: T[][], rows: readonly T[], gapMs = SESSION_GAP_MS): T[][] {
  for (const r of rows) {
    const cur = groups[groups.length - 1];
    if (cur && continuesSession(r, cur[cur.length - 1]!, gapMs)) cur.push(r);
    else groups.push([r]);
  }
  return groups;
}
