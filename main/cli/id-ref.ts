/**
 * What the user typed for an id (a draft, workshop, version...): the full id, or a unique prefix of
 * at least 8 hex characters. A prefix is matched as text (never as a SQL LIKE pattern), and only
 * hex digits and dashes may appear in it, so `%` or `_` can never stand for "any id".
 */
import { AppError } from '../../shared/contract/common';

export const MIN_ID_PREFIX = 8;
const ID_CHARS = /^[0-9a-f-]+$/i;
const SHOWN = 5;

/** Ids that a prefix may name, found by `startingWith` (at most `limit` of them). */
export interface IdLookup {
  exists(id: string): boolean;
  startingWith(prefix: string, limit: number): string[];
}

/**
 * The one id `ref` names; else an AppError whose one-line message says why. `what`: "draft",
 * "workshop"...; `notFound`: the message when no id starts with `ref` (default "no <what> with id <ref>").
 */
export function resolveIdRef(ref: string, what: string, lookup: IdLookup, notFound = `no ${what} with id ${ref}`): string {
  if (lookup.exists(ref)) return ref;
  // text that is no id at all (`%%%%`, `____`, a title) names nothing
  if (!ID_CHARS.test(ref)) throw new AppError('not_found', notFound);
  const hex = ref.replace(/-/g, '').length;
  if (hex < MIN_ID_PREFIX) throw new AppError('invalid_input', `${what} id prefix ${ref} is too short: give the full id or at least ${MIN_ID_PREFIX} of its characters`);
  const hits = lookup.startingWith(ref.toLowerCase(), SHOWN + 1);
  if (hits.length === 1) return hits[0]!;
  if (!hits.length) throw new AppError('not_found', notFound);
  const names = hits.slice(0, SHOWN).join(', ') + (hits.length > SHOWN ? ', ...' : '');
  throw new AppError('invalid_input', `${what} id prefix ${ref} is ambiguous: it matches ${names}`);
}

/** An IdLookup over a table's `id` column (the table name is ours, never the user's). */
export function tableIds(db: { prepare(sql: string): { get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] } }, table: string): IdLookup {
  return {
    exists: (id) => !!db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id),
    startingWith: (prefix, limit) =>
      (db.prepare(`SELECT id FROM ${table} WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?`).all(prefix.length, prefix, limit) as Array<{ id: string }>).map((r) => r.id),
  };
}

/** An IdLookup over ids already in memory. */
export function listIds(ids: string[]): IdLookup {
  return {
    exists: (id) => ids.includes(id),
    startingWith: (prefix, limit) => ids.filter((id) => id.startsWith(prefix)).slice(0, limit),
  };
}
