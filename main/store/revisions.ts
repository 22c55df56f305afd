/** Revisions (append-only history graph) and field heads (current state), with the FTS index. */
import type { FieldValue } from '../../shared/contract/drafts';
import { isFilled } from '../services/values';
import { bodyJson, encodeBody, snapshotJson, textOfValue, textSize } from './revision-body';
import { normaliseForSearch } from './search-text';
import type { Store } from './store';

/**
 * A revision's metadata: everything but its value. The one shape of a revision row; every read
 * and write of the revisions table goes through this module, so the way revisions are stored
 * can change without their readers knowing.
 */
export interface RevisionMeta {
  id: string;
  draft_id: string;
  field: string;
  parent_id: string | null;
  merge_parent_id: string | null;
  author_name: string;
  author_org: string;
  installation_id: string;
  created_at: string;
  note: string | null;
  source_bundle_id: string | null;
  /** (migration 002) the id a revision had where it was made, when it had to be re-identified on import */
  origin_revision_id?: string | null;
}

/** A revision with its value (JSON) and plain text. */
export interface RevisionRow extends RevisionMeta {
  value: string;
  text: string;
}

export interface HeadRow {
  field: string;
  revision_id: string;
  updated_at: string;
  value: string;
  text: string;
  author_name: string;
}

/** A revision as stored (migration 013): the value in `body` (revision-body.ts), the text's length only. */
type StoredRevision = RevisionMeta & { body: Uint8Array; text_size: number };
type StoredHead = Omit<HeadRow, 'value' | 'text'> & { body: Uint8Array };

/** A stored revision's body, by id (a delta's base). */
const bodyOf = (store: Store) => (id: string) => store.sql('SELECT body AS b FROM revisions WHERE id = ?').pluck().get(id) as Uint8Array | undefined;

/**
 * Reads stored bodies as value JSON; the snapshots that deltas are based on are inflated once per
 * reader (a history's revisions share few bases).
 */
export function bodyReader(store: Store): (body: Uint8Array) => string {
  const cache = new Map<string, Buffer>();
  const body = bodyOf(store);
  const baseJson = (id: string) => {
    let j = cache.get(id);
    if (!j) {
      const b = body(id);
      if (!b) return undefined;
      if (cache.size >= 64) cache.clear();
      cache.set(id, (j = snapshotJson(b)));
    }
    return j;
  };
  return (b) => bodyJson(b, baseJson).toString('utf8');
}

/** A stored body's value JSON. */
export function bodyValue(store: Store, body: Uint8Array): string {
  return bodyReader(store)(body);
}

/** The plain text of a stored body (for callers that read bodies with their own queries). */
export function bodyText(store: Store, body: Uint8Array): string {
  return textOfValue(bodyValue(store, body));
}

function revisionOf(read: (b: Uint8Array) => string, { body, text_size: _size, ...rest }: StoredRevision): RevisionRow {
  const value = read(body);
  return { ...rest, value, text: textOfValue(value) };
}

function headOf(read: (b: Uint8Array) => string, { body, ...rest }: StoredHead): HeadRow {
  const value = read(body);
  return { ...rest, value, text: textOfValue(value) };
}

/**
 * Stores a revision; `r.value` is its JSON, `r.text` its plain text (only its length is kept:
 * the text is derived from the value on read). The value is stored as a change of its parent's
 * snapshot when that is smaller (revision-body.ts).
 */
export function insertRevision(store: Store, r: RevisionRow): void {
  const { value, text, ...rest } = r;
  const body = bodyOf(store);
  const parentBody = r.parent_id ? body(r.parent_id) : undefined;
  store
    .sql(
      `INSERT INTO revisions (id, draft_id, field, parent_id, merge_parent_id, body, text_size, author_name, author_org, installation_id, created_at, note, source_bundle_id, origin_revision_id)
       VALUES (@id, @draft_id, @field, @parent_id, @merge_parent_id, @body, @text_size, @author_name, @author_org, @installation_id, @created_at, @note, @source_bundle_id, @origin_revision_id)`,
    )
    .run({ ...rest, origin_revision_id: r.origin_revision_id ?? null, body: encodeBody(value, parentBody && { id: r.parent_id!, body: parentBody }, body), text_size: textSize(text) });
}

/**
 * Points a field at a revision, and records whether that revision's value is filled (what draft
 * progress counts; migration 008). `value`: the revision's value when the caller has it, else it
 * is read from the revision. The search index catches up in syncSearchIndex().
 */
export function setHead(store: Store, draftId: string, field: string, revisionId: string, at: string, value?: FieldValue): void {
  const v = value ?? parseValue(bodyValue(store, bodyOf(store)(revisionId)!));
  store
    .sql(
      `INSERT INTO answers (draft_id, field, revision_id, updated_at, filled) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(draft_id, field) DO UPDATE SET revision_id = excluded.revision_id, updated_at = excluded.updated_at, filled = excluded.filled`,
    )
    .run(draftId, field, revisionId, at, isFilled(v) ? 1 : 0);
}

/**
 * Answered questions per draft and section, as the triggers of migration 008 keep them with every
 * change of a head: no answer is read or parsed. `draftId`: one draft; otherwise all of them.
 */
export function answeredCounts(store: Store, opts: { draftId?: string } = {}): Map<string, Map<string, number>> {
  const rows = (
    opts.draftId
      ? store.sql('SELECT draft_id, section_id, answered FROM draft_progress WHERE draft_id = ? AND answered > 0').raw().all(opts.draftId)
      : store.sql('SELECT draft_id, section_id, answered FROM draft_progress WHERE answered > 0').raw().all()
  ) as Array<[string, string, number]>;
  const out = new Map<string, Map<string, number>>();
  for (const [d, sec, n] of rows) {
    let m = out.get(d);
    if (!m) out.set(d, (m = new Map()));
    m.set(sec, n);
  }
  return out;
}

/** Answers re-indexed per transaction when the search index catches up. */
export const SEARCH_BATCH = 500;

/**
 * Brings the full-text index up to date from the log of answers whose head moved (search_pending,
 * migration 008), in batches of `batch` answers, each its own short transaction, so memory and
 * lock time stay bounded whatever was imported. `maxBatches`: stop after that many (background
 * catch-up); by default until the log is empty. `maxMs`: also stop, mid-batch, once this long has
 * passed (the background's steps, so a save never waits long behind one). Returns how many answers
 * it re-indexed.
 *
 * The index is derived data, so its transactions are committed without waiting for the disk
 * (synchronous=NORMAL for them only): a power cut can lose the last of them, index and log
 * together (each is one transaction), never a save, whose own commit (FULL) syncs the log before
 * it. This keeps an fsync per batch out of a bulk import's catch-up and out of saves' way.
 */
export function syncSearchIndex(store: Store, opts: { batch?: number; maxBatches?: number; maxMs?: number } = {}): number {
  const batch = opts.batch ?? SEARCH_BATCH;
  const until = opts.maxMs === undefined ? Infinity : performance.now() + opts.maxMs;
  const page = store.sql(
    `SELECT p.answer_rowid AS rowid, a.revision_id AS rev, r.body AS body FROM search_pending p
     LEFT JOIN answers a ON a.rowid = p.answer_rowid LEFT JOIN revisions r ON r.id = a.revision_id
     ORDER BY p.answer_rowid LIMIT ?`,
  );
  const del = store.sql('DELETE FROM answers_fts WHERE rowid = ?');
  const ins = store.sql('INSERT INTO answers_fts (rowid, text, shown) VALUES (?, ?, ?)');
  const mark = store.sql('UPDATE answers SET indexed_revision_id = ? WHERE rowid = ?');
  const done = store.sql('DELETE FROM search_pending WHERE answer_rowid = ?');
  const read = bodyReader(store);
  const sync = store.db.pragma('synchronous', { simple: true }) as number;
  let n = 0;
  for (let b = 0; b < (opts.maxBatches ?? Infinity) && (b === 0 || performance.now() < until); b++) {
    const rows = page.all(batch) as Array<{ rowid: number; rev: string | null; body: Uint8Array | null }>;
    if (!rows.length) break;
    let k = 0;
    if (sync > 1) store.db.pragma('synchronous = NORMAL');
    try {
      store.tx(() => {
        // the clock is read every 8 answers; at least 8 are done per call, so it always moves on
        for (; k < rows.length && (k < 8 || k % 8 || performance.now() < until); k++) {
          const s = rows[k]!;
          del.run(s.rowid);
          if (s.rev !== null) {
            const text = s.body ? textOfValue(read(s.body)) : '';
            if (text.trim()) ins.run(s.rowid, normaliseForSearch(text), text);
            mark.run(s.rev, s.rowid);
          }
          done.run(s.rowid);
        }
      });
    } finally {
      if (sync > 1) store.db.pragma(`synchronous = ${sync}`);
    }
    n += k;
    if (k < batch) break;
  }
  return n;
}

/** Whether the search index has answers to catch up on (one indexed lookup). */
export function searchIndexBehind(store: Store): boolean {
  return store.sql('SELECT 1 FROM search_pending LIMIT 1').get() !== undefined;
}

export function getHead(store: Store, draftId: string, field: string): HeadRow | undefined {
  const r = store
    .sql(
      `SELECT a.field, a.revision_id, a.updated_at, r.body, r.author_name
       FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.draft_id = ? AND a.field = ?`,
    )
    .get(draftId, field) as StoredHead | undefined;
  return r && headOf(bodyReader(store), r);
}

export function listHeads(store: Store, draftId: string): HeadRow[] {
  const rows = store
    .sql(
      `SELECT a.field, a.revision_id, a.updated_at, r.body, r.author_name
       FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.draft_id = ?`,
    )
    .all(draftId) as StoredHead[];
  const read = bodyReader(store);
  return rows.map((r) => headOf(read, r));
}

/** A revision in the shape of a head (as if it were current): for frozen versions. */
export function revisionAsHead(store: Store, id: string): HeadRow | undefined {
  const r = store.sql('SELECT field, id AS revision_id, created_at AS updated_at, body, author_name FROM revisions WHERE id = ?').get(id) as StoredHead | undefined;
  return r && headOf(bodyReader(store), r);
}

export function getRevisionRow(store: Store, id: string): RevisionRow | undefined {
  const r = store.sql('SELECT * FROM revisions WHERE id = ?').get(id) as StoredRevision | undefined;
  return r && revisionOf(bodyReader(store), r);
}

/** The plain text of some revisions (for change summaries), without their values. */
export function getRevisionTexts(store: Store, ids: readonly string[]): Map<string, string> {
  const body = bodyOf(store);
  const read = bodyReader(store);
  const out = new Map<string, string>();
  for (const id of ids) {
    if (out.has(id)) continue;
    const b = body(id);
    if (b) out.set(id, textOfValue(read(b)));
  }
  return out;
}

export function listRevisionRows(store: Store, draftId: string, field?: string): RevisionRow[] {
  const rows = (
    field
      ? store.sql('SELECT * FROM revisions WHERE draft_id = ? AND field = ? ORDER BY created_at DESC, id DESC').all(draftId, field)
      : store.sql('SELECT * FROM revisions WHERE draft_id = ? ORDER BY created_at, id').all(draftId)
  ) as StoredRevision[];
  const read = bodyReader(store);
  return rows.map((r) => revisionOf(read, r));
}

/** Whether a revision with this id is in the store (in any draft). */
export function revisionExists(store: Store, id: string): boolean {
  return store.sql('SELECT 1 FROM revisions WHERE id = ?').get(id) !== undefined;
}

/** The revision of a draft that is a copy of the travelling revision `originId` (its origin_revision_id), if any. */
export function revisionByOrigin(store: Store, draftId: string, originId: string): string | undefined {
  return store.sql('SELECT id FROM revisions WHERE draft_id = ? AND origin_revision_id = ?').pluck().get(draftId, originId) as string | undefined;
}

/** A draft's heads, by field, with the id each head revision travels under (its origin id when it was re-identified). */
export function listHeadOrigins(store: Store, draftId: string): Array<{ field: string; revision_id: string; origin_revision_id: string | null }> {
  return store
    .sql('SELECT a.field, a.revision_id, r.origin_revision_id FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.draft_id = ? ORDER BY a.field')
    .all(draftId) as Array<{ field: string; revision_id: string; origin_revision_id: string | null }>;
}

/** Every revision of a field with its parents only: the field's revision graph. */
export function listRevisionParents(store: Store, draftId: string, field: string): Array<Pick<RevisionMeta, 'id' | 'parent_id' | 'merge_parent_id'>> {
  return store.sql('SELECT id, parent_id, merge_parent_id FROM revisions WHERE draft_id = ? AND field = ?').all(draftId, field) as Array<
    Pick<RevisionMeta, 'id' | 'parent_id' | 'merge_parent_id'>
  >;
}

export function parseValue(json: string): FieldValue {
  return JSON.parse(json) as FieldValue;
}

/**
 * A revision without its value: what history lists show. `size` is the length in characters of
 * the revision's plain text. Read without loading or parsing any value, so a page costs the same
 * whatever the answers hold (the storage of values may change; this shape does not).
 */
export interface RevisionMetaRow extends RevisionMeta {
  size: number;
}

/** Where a page of history continues: the last row of the previous page. */
export interface RevisionCursor {
  createdAt: string;
  id: string;
}

/** One page of a field's history, newest first, metadata only. */
export function listRevisionMeta(
  store: Store,
  draftId: string,
  field: string,
  opts: { before?: RevisionCursor; limit?: number; /** false: skip counting characters (size is -1), for callers that only group rows */ size?: boolean } = {},
): RevisionMetaRow[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
  const cols = `id, draft_id, field, parent_id, merge_parent_id, author_name, author_org, installation_id, created_at, note, source_bundle_id, ${opts.size === false ? '-1' : 'text_size'} AS size`;
  return (
    opts.before
      ? store
          .sql(
            `SELECT ${cols} FROM revisions WHERE draft_id = ? AND field = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          )
          .all(draftId, field, opts.before.createdAt, opts.before.id, limit)
      : store.sql(`SELECT ${cols} FROM revisions WHERE draft_id = ? AND field = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(draftId, field, limit)
  ) as RevisionMetaRow[];
}
