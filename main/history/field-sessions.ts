/**
 * A field's history as editing sessions, one page at a time, newest first. Built on
 * listRevisionMeta (metadata only, in index order): a page reads the rows its sessions span, plus
 * the text of each session's first parent and last save (for the change summary and the size),
 * and never parses a value.
 */
import { changeSummary, type ChangeSummary } from '../../shared/change-summary';
import { getRevisionTexts, headRevisionId, listRevisionMeta, type RevisionCursor, type RevisionMetaRow } from '../store/revisions';
import { keepSummaries, storedSummary, type StoredSummary } from '../store/session-summaries';
import type { Store } from '../store/store';
import { bundleSigners, type BroughtBy } from './brought-by';
import { appendNewestFirst, isPlainEdit, SESSION_GAP_MS } from './sessions';

export interface FieldSession extends ChangeSummary {
  /** the newest save's id (stable while the session is not continued) */
  id: string;
  field: string;
  authorName: string;
  authorOrganisation: string;
  installationId: string;
  start: string;
  end: string;
  saves: number;
  firstRevisionId: string;
  lastRevisionId: string;
  /** the revision the session started from (null: the field's first text) */
  baseRevisionId: string | null;
  /** characters of plain text after the session */
  size: number;
  /** why, for a save that is more than an edit (restore, import, merge...) */
  note: string | null;
  kind: 'edit' | 'merge' | 'import' | 'other';
  /** the signer of the bundle the newest save came in (brought-by.ts); null: made in this store */
  broughtBy: BroughtBy | null;
  /**
   * Whether the field's current text is this session's: the head, not the newest by time, which
   * laptops whose clocks disagree can put anywhere in the list (a returned draft's saves dated
   * before the ministry's own).
   */
  current: boolean;
}

/** Rows read first for a page of sessions, and the bounds of each further read. */
const FIRST_READ = 500;
const MIN_READ = 50;
const MAX_READ = 1000;

/**
 * Change summaries already worked out, per store, by the session's base and last revision: both
 * are immutable, so an entry is never stale. The panel reloads its first page after every save,
 * when all its sessions but the newest are the same; the texts of those are not read again.
 */
type Summary = ChangeSummary & { size: number };
const summaries = new WeakMap<Store, Map<string, Summary>>();
const MEMO_ENTRIES = 2000;

function memoOf(store: Store): Map<string, Summary> {
  let m = summaries.get(store);
  if (!m) summaries.set(store, (m = new Map()));
  return m;
}

function remember(memo: Map<string, Summary>, key: string, s: Summary): void {
  memo.set(key, s);
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
}

/** Forgets the summaries worked out for `store` (the benchmark's first opening). */
export function forgetSummaries(store: Store): void {
  summaries.delete(store);
}

const cursorOf = (r: RevisionMetaRow): RevisionCursor => ({ createdAt: r.created_at, id: r.id });

/** One session (its saves newest first) as the history lists it, with its change summary and size. */
export function sessionOf(
  g: readonly SessionRevision[],
  field: string,
  summary: ChangeSummary & { size: number },
  read: { broughtBy?: BroughtBy | null; head?: string | null } = {},
): FieldSession {
  const last = g[0]!;
  const first = g[g.length - 1]!;
  return {
    id: last.id,
    field,
    authorName: last.author_name,
    authorOrganisation: last.author_org,
    installationId: last.installation_id,
    start: first.created_at,
    end: last.created_at,
    saves: g.length,
    firstRevisionId: first.id,
    lastRevisionId: last.id,
    baseRevisionId: first.parent_id,
    size: summary.size,
    note: last.note,
    kind: kindOf(last),
    wordsAdded: summary.wordsAdded,
    wordsRemoved: summary.wordsRemoved,
    preview: summary.preview.map((p) => ({ ...p })),
    broughtBy: read.broughtBy ?? null,
    current: !!read.head && g.some((r) => r.id === read.head),
  };
}

/** What a session is built from: a revision's metadata (its size aside). */
type SessionRevision = Omit<RevisionMetaRow, 'size'>;

function kindOf(r: SessionRevision): FieldSession['kind'] {
  if (isPlainEdit(r)) return 'edit';
  if (r.merge_parent_id) return 'merge';
  if (r.source_bundle_id || r.note?.startsWith('imported from')) return 'import';
  return 'other';
}

const keyOf = (g: readonly RevisionMetaRow[]) => `${g[g.length - 1]!.parent_id ?? ''}>${g[0]!.id}`;

/** What a session's kept row is: its first save, its last save and its summary. */
export type KeptRow = { firstId: string } & StoredSummary;

/**
 * The change summary of each session (its saves newest first): remembered in this process, else
 * kept in the store (migration 014) for this extent of the session, else worked out from the text
 * before the session and the text after it; `keep`: those worked out that `closed(g, i)` says no
 * ordinary save can extend any more (the newest session of a field stays in memory only), for the
 * caller to keep.
 */
function workOutSummaries(
  store: Store,
  groups: readonly RevisionMetaRow[][],
  closed: (g: readonly RevisionMetaRow[], i: number) => boolean,
): { summaries: Summary[]; keep: KeptRow[] } {
  const memo = memoOf(store);
  const out: Array<Summary | undefined> = groups.map((g) => {
    const k = keyOf(g);
    const hit = memo.get(k);
    if (hit) {
      memo.delete(k); // most recently used last
      memo.set(k, hit);
      return hit;
    }
    const kept = storedSummary(store, g[g.length - 1]!.id);
    if (kept?.lastId !== g[0]!.id) return undefined;
    const { lastId: _l, ...summary } = kept;
    remember(memo, k, summary);
    return summary;
  });
  const missing = groups.flatMap((g, i) => (out[i] ? [] : [i]));
  const keep: KeptRow[] = [];
  if (!missing.length) return { summaries: out as Summary[], keep };
  const texts = getRevisionTexts(store, missing.flatMap((i) => [groups[i]![0]!.id, ...(groups[i]!.at(-1)!.parent_id ? [groups[i]!.at(-1)!.parent_id!] : [])]));
  for (const i of missing) {
    const g = groups[i]!;
    const after = texts.get(g[0]!.id) ?? '';
    const base = g[g.length - 1]!.parent_id;
    const summary = { ...changeSummary(base ? (texts.get(base) ?? '') : '', after), size: after.length };
    out[i] = summary;
    remember(memo, keyOf(g), summary);
    if (closed(g, i)) keep.push({ firstId: g[g.length - 1]!.id, lastId: g[0]!.id, ...summary });
  }
  return { summaries: out as Summary[], keep };
}

/** workOutSummaries, the closed sessions worked out kept right after this call (the write and its sync are not the reader's wait). */
function summariesOf(store: Store, groups: readonly RevisionMetaRow[][], closed: (g: readonly RevisionMetaRow[], i: number) => boolean): Summary[] {
  const { summaries, keep } = workOutSummaries(store, groups, closed);
  if (keep.length) setImmediate(() => keepSummaries(store, keep));
  return summaries;
}

/** Whether the store keeps the summary of this extent of the session (its saves newest first). */
export const summaryKept = (store: Store, g: readonly RevisionMetaRow[]): boolean => storedSummary(store, g[g.length - 1]!.id)?.lastId === g[0]!.id;

/** Whether no ordinary save can extend the session any more: not a field's newest (`newest`), or ended `gap` ago. */
export const sessionEnded = (g: readonly RevisionMetaRow[], newest: boolean, gap = SESSION_GAP_MS): boolean => !newest || Date.now() - Date.parse(g[0]!.created_at) > gap;

/**
 * The newest `limit` complete sessions before `before` (saves newest first), reading rows until
 * the next row is known to start another session; `more`: older sessions exist.
 */
export function readSessions(
  store: Store,
  draftId: string,
  field: string,
  o: { before?: RevisionCursor; limit: number; gap: number; firstRead: number },
): { groups: RevisionMetaRow[][]; more: boolean } {
  const groups: RevisionMetaRow[][] = [];
  let cursor = o.before;
  let exhausted = false;
  let read = 0;
  let step = o.firstRead;
  for (;;) {
    const page = listRevisionMeta(store, draftId, field, { before: cursor, limit: step, size: false });
    appendNewestFirst(groups, page, o.gap);
    read += page.length;
    if (page.length < step) {
      exhausted = true;
      break;
    }
    if (groups.length > o.limit) break;
    cursor = cursorOf(page[page.length - 1]!);
    // as many more rows as the sessions still missing would take, at the average seen so far
    step = Math.max(MIN_READ, Math.min(MAX_READ, Math.ceil(((o.limit + 1 - groups.length + 1) * read * 1.2) / groups.length)));
  }
  return { groups: groups.slice(0, o.limit), more: !exhausted || groups.length > o.limit };
}

/**
 * The rows to keep for ended sessions (saves newest first) whose summary the store does not keep
 * for that extent: remembered in this process, else worked out. Best effort, like every keeping.
 */
export function summariesToKeep(store: Store, ended: readonly RevisionMetaRow[][]): KeptRow[] {
  const memo = memoOf(store);
  const missing = ended.filter((g) => !summaryKept(store, g));
  const known = missing.filter((g) => memo.has(keyOf(g)));
  const work = missing.filter((g) => !memo.has(keyOf(g)));
  return [
    ...known.map((g) => ({ firstId: g[g.length - 1]!.id, lastId: g[0]!.id, ...memo.get(keyOf(g))! })),
    ...(work.length ? workOutSummaries(store, work, () => true).keep : []),
  ];
}

/**
 * After saves of a field (off the save's path): keeps the summary of the session before the
 * newest when it has ended and is not kept yet (a save that starts a new session ends the one
 * before), so that a history typed in the app is listed from kept summaries from its first
 * opening. Returns how many it kept.
 */
export function keepEndedSummaries(store: Store, draftId: string, field: string): number {
  const { groups } = readSessions(store, draftId, field, { limit: 2, gap: SESSION_GAP_MS, firstRead: MIN_READ });
  return keepSummaries(store, summariesToKeep(store, groups.filter((g, i) => sessionEnded(g, i === 0))));
}

export function fieldSessions(
  store: Store,
  draftId: string,
  field: string,
  opts: { before?: RevisionCursor; limit?: number; gapMs?: number } = {},
): { sessions: FieldSession[]; next: RevisionCursor | null } {
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 500));
  const gap = opts.gapMs ?? SESSION_GAP_MS;
  const { groups, more } = readSessions(store, draftId, field, { before: opts.before, limit, gap, firstRead: FIRST_READ });
  const found = summariesOf(store, groups, (g, i) => sessionEnded(g, i === 0 && !opts.before, gap));
  const signers = bundleSigners(store, groups.flatMap((g) => (g[0]!.source_bundle_id ? [g[0]!.source_bundle_id] : [])));
  const head = headRevisionId(store, draftId, field);
  const sessions = groups.map((g, i) => sessionOf(g, field, found[i]!, { broughtBy: signers.get(g[0]!.source_bundle_id ?? '') ?? null, head }));
  const lastRow = groups.at(-1)?.at(-1);
  return { sessions, next: more && lastRow ? cursorOf(lastRow) : null };
}
