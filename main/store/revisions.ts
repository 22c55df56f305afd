/** Revisions (append-only history graph) and field heads (current state), with the FTS index. */
import zlib from 'node:zlib';
import type { FieldValue } from '../../shared/contract/drafts';
import { isFilled } from '../services/values';
import { deflateSized } from './deflate';
import { bodyHeader, bodyJson, encodeRevision, rawBody, snapshotJson, textOfValue, textSize } from './revision-body';
import { idKey, idKeySql, idTextSql } from './revision-id';
import { recentValues, type KnownValue } from './recent-values';
import { timeKey } from './revision-time';
import { indexText } from './search-text';
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
  /** The value's JSON as UTF-8, when it was at hand (getHead). */
  bytes?: Buffer;
  /** The revision's key in the revisions table (getHead). */
  revision_n?: number;
}

/**
 * How a revision is stored (migrations 013 and 016): its value in `body` (revision-body.ts), its
 * text's length only (`text_size`); its draft, field and author (name, organisation, installation,
 * source bundle) as integer keys into revision_drafts, revision_fields and revision_authors; its
 * parents as the integer key `n` of the parent revisions; its time as milliseconds (`created`),
 * with its exact text in `created_text` when that is not toISOString()'s (revision-time.ts); its id
 * (and so its parents' ids) as 16 bytes when it is a canonical UUID, else as written (migration 017,
 * revision-id.ts): looked up with `idKey` (or `idKeySql` for an id text in another table) and read
 * back with `idTextSql`. The queries below give back RevisionMeta's columns from that.
 */
/** A revision's time as it was written, from `created` (and `created_text`); see revision-time.ts. */
const CREATED_AT = `coalesce(r.created_text, strftime('%Y-%m-%dT%H:%M:%S', r.created / 1000, 'unixepoch') || printf('.%03dZ', r.created % 1000)) AS created_at`;
/** A revision's id, its parent's and its merge parent's, as id text (migration 017). */
const IDS = `${idTextSql('r.id')} AS id, ${idTextSql('p.id')} AS parent_id, ${idTextSql('m.id')} AS merge_parent_id`;
const META = `${IDS}, d.id AS draft_id, f.name AS field, a.name AS author_name, a.org AS author_org,
  a.installation_id, ${CREATED_AT}, r.note, a.source_bundle_id, r.origin_revision_id`;
const FROM = `revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field JOIN revision_authors a ON a.n = r.author
  LEFT JOIN revisions p ON p.n = r.parent LEFT JOIN revisions m ON m.n = r.merge_parent`;
/**
 * The same for one field's revisions (history pages): the draft and field are known, and the
 * author is looked up once per author in a page (authorsOf), not joined on every row.
 */
const FIELD_COLS = `${IDS}, r.author, ${CREATED_AT}, r.note, r.origin_revision_id`;
const FIELD_FROM = `revisions r LEFT JOIN revisions p ON p.n = r.parent LEFT JOIN revisions m ON m.n = r.merge_parent`;
type FieldRow = Pick<RevisionMeta, 'id' | 'parent_id' | 'merge_parent_id' | 'created_at' | 'note'> & { author: number; origin_revision_id: string | null };
type Author = { name: string; org: string; installation_id: string; source_bundle_id: string | null };

/** Authors by key, each read once (for one read of rows). */
function authorsOf(store: Store): (n: number) => Author {
  const q = store.sql('SELECT name, org, installation_id, source_bundle_id FROM revision_authors WHERE n = ?');
  const seen = new Map<number, Author>();
  return (n) => {
    let a = seen.get(n);
    if (!a) seen.set(n, (a = q.get(n) as Author));
    return a;
  };
}

function fieldMeta(draftId: string, field: string, r: FieldRow, a: Author): RevisionMeta {
  return {
    id: r.id,
    draft_id: draftId,
    field,
    parent_id: r.parent_id,
    merge_parent_id: r.merge_parent_id,
    author_name: a.name,
    author_org: a.org,
    installation_id: a.installation_id,
    created_at: r.created_at,
    note: r.note,
    source_bundle_id: a.source_bundle_id,
    origin_revision_id: r.origin_revision_id,
  };
}
/** A field's revisions (the history index: draft, field, created, n). */
const OF_FIELD = `r.draft = (SELECT n FROM revision_drafts WHERE id = ?) AND r.field = (SELECT n FROM revision_fields WHERE name = ?)`;

type StoredRevision = RevisionMeta & { body: Uint8Array; text_size: number };
type StoredHead = Omit<HeadRow, 'value' | 'text'> & { body: Uint8Array };

/** A stored revision's body, by id (a delta's base; revision-compaction.ts). */
export const bodyOf = (store: Store) => (id: string) => store.sql('SELECT body AS b FROM revisions WHERE id = ?').pluck().get(idKey(id)) as Uint8Array | undefined;

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

/**
 * A head whose text (and, from getHead, its author's name) is worked out when first read: a save
 * compares values and reads neither. A class, with its getters on the prototype: with getters
 * written in an object literal (closures made per head), everything a head reached (a save's value,
 * 5 KB) outlived two scavenges and was promoted, and every scavenge took 10-30 ms (measured with
 * V8's GC traces; issue 13, autosave p99).
 */
class Head implements HeadRow {
  field: string;
  revision_id: string;
  updated_at: string;
  bytes?: Buffer;
  revision_n?: number;
  private textMemo: string | undefined;
  private authorMemo: string | undefined;

  constructor(
    row: { field: string; revision_id: string; updated_at: string; revision_n?: number },
    readonly value: string,
    /** The author's name when known; else worked out from the author's key on first read. */
    private author: string | { store: Store; key: number },
    bytes?: Buffer,
  ) {
    this.field = row.field;
    this.revision_id = row.revision_id;
    this.updated_at = row.updated_at;
    if (row.revision_n !== undefined) this.revision_n = row.revision_n;
    if (bytes) this.bytes = bytes;
  }

  get text(): string {
    return (this.textMemo ??= textOfValue(this.value));
  }

  get author_name(): string {
    const a = this.author;
    return typeof a === 'string' ? a : (this.authorMemo ??= authorsOf(a.store)(a.key).name);
  }
}

/** A head read with its body and author's name (listHeads, revisionAsHead). */
function headOf(read: (b: Uint8Array) => string, { body, author_name, ...row }: StoredHead): HeadRow {
  return new Head(row, read(body), author_name);
}

/** How insertRevision stores a value (a save's fast path; every other writer leaves it out). */
export interface InsertOptions {
  /**
   * Store the JSON as it is (RAW) and list the revision to be encoded once saves pause
   * (revision-compaction.ts): a save's commit does no compression.
   */
  raw?: boolean;
  /** The parent's key `n`, when the caller has read it already (a save's head): not looked up again. */
  parentKey?: number;
}

/**
 * Stores a revision; `r.value` is its JSON (`bytes`: the same as UTF-8, when the caller has it),
 * `r.text_size` its plain text's length in code points (textFacts), or `r.text` that text (only its
 * length is kept: the text is derived from the value on read).
 * The value is stored as a change of its parent's snapshot when that is smaller (revision-body.ts),
 * or as it is when `opts.raw` (encoded later), and kept in memory with that snapshot
 * (recent-values.ts): the next save of the field compares and encodes against them without
 * inflating anything.
 */
export function insertRevision(store: Store, r: RevisionMeta & { value: string } & ({ text_size: number } | { text: string }), bytes?: Buffer, opts: InsertOptions = {}): void {
  const recent = recentValues(store.db);
  const parentOf = store.sql('SELECT n, body FROM revisions WHERE id = ?');
  const json = bytes ?? Buffer.from(r.value, 'utf8');
  let parent: { n: number; body?: Uint8Array } | undefined;
  let encoded: { body: Buffer; base: { id: string | null; json: Buffer } | null };
  if (opts.raw) {
    parent = r.parent_id === null ? undefined : opts.parentKey !== undefined ? { n: opts.parentKey } : (store.sql('SELECT n FROM revisions WHERE id = ?').get(idKey(r.parent_id)) as { n: number } | undefined);
    encoded = { body: rawBody(json), base: null };
  } else {
    parent = r.parent_id ? (parentOf.get(idKey(r.parent_id)) as { n: number; body: Uint8Array } | undefined) : undefined;
    encoded = encodeRevision(json, parent?.body && { id: r.parent_id!, body: parent.body }, bodyOf(store), (id) => recent.snapshot(id));
  }
  const mergeParent = r.merge_parent_id ? (parentOf.get(idKey(r.merge_parent_id)) as { n: number } | undefined) : undefined;
  // a parent that is not here: a key that is not either, so that SQLite refuses it as before (foreign key)
  const ref = (id: string | null, row: { n: number } | undefined) => (id === null ? null : (row?.n ?? -1));
  const time = timeKey(r.created_at);
  const { lastInsertRowid } = store
    .sql(
      `INSERT INTO revisions (id, draft, field, parent, merge_parent, author, created, created_text, text_size, note, origin_revision_id, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      idKey(r.id),
      draftKey(store, r.draft_id),
      fieldKey(store, r.field),
      ref(r.parent_id, parent),
      ref(r.merge_parent_id, mergeParent),
      authorKey(store, r),
      time.ms,
      time.text,
      'text_size' in r ? r.text_size : textSize(r.text),
      r.note,
      r.origin_revision_id ?? null,
      encoded.body,
    );
  if (opts.raw) store.sql('INSERT INTO revisions_to_compact (n) VALUES (?)').run(lastInsertRowid);
  recent.keepValue(r.id, r.value, json);
  if (encoded.base?.id === null) recent.keepSnapshot(r.id, json);
  else if (encoded.base) recent.keepSnapshot(encoded.base.id, encoded.base.json);
}

/** The integer key of a draft in revisions (added on its first revision). */
function draftKey(store: Store, draftId: string): number {
  const n = store.sql('SELECT n FROM revision_drafts WHERE id = ?').pluck().get(draftId) as number | undefined;
  return n ?? Number(store.sql('INSERT INTO revision_drafts (id) VALUES (?)').run(draftId).lastInsertRowid);
}

function fieldKey(store: Store, field: string): number {
  const n = store.sql('SELECT n FROM revision_fields WHERE name = ?').pluck().get(field) as number | undefined;
  return n ?? Number(store.sql('INSERT INTO revision_fields (name) VALUES (?)').run(field).lastInsertRowid);
}

/** The integer key of an author as a revision names them: name, organisation, installation and the bundle it came in. */
function authorKey(store: Store, r: RevisionMeta): number {
  const args = [r.author_name, r.author_org, r.installation_id, r.source_bundle_id] as const;
  const n = store.sql('SELECT n FROM revision_authors WHERE name = ? AND org = ? AND installation_id = ? AND source_bundle_id IS ?').pluck().get(...args) as number | undefined;
  return n ?? Number(store.sql('INSERT INTO revision_authors (name, org, installation_id, source_bundle_id) VALUES (?, ?, ?, ?)').run(...args).lastInsertRowid);
}

/**
 * Points a field at a revision, and records whether that revision's value is filled (what draft
 * progress counts; migration 008). `filled`: isFilled() of the revision's value when the caller
 * knows it, else it is worked out from the revision. The search index catches up in syncSearchIndex().
 */
export function setHead(store: Store, draftId: string, field: string, revisionId: string, at: string, filled?: boolean): void {
  filled ??= isFilled(parseValue(bodyValue(store, bodyOf(store)(revisionId)!)));
  const f = filled ? 1 : 0;
  // an UPDATE, and an INSERT only for a field's first answer: an upsert also runs the INSERT's
  // triggers (the revision's existence checked twice) on every save
  const { changes } = store.sql('UPDATE answers SET revision_id = ?, updated_at = ?, filled = ? WHERE draft_id = ? AND field = ?').run(revisionId, at, f, draftId, field);
  if (changes === 0) store.sql('INSERT INTO answers (draft_id, field, revision_id, updated_at, filled) VALUES (?, ?, ?, ?, ?)').run(draftId, field, revisionId, at, f);
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
 * (Store.unsynced: synchronous=NORMAL for them only): a power cut can lose the last of them, index and log
 * together (each is one transaction), never a save, whose own commit (FULL) syncs the log before
 * it. This keeps an fsync per batch out of a bulk import's catch-up and out of saves' way.
 */
export function syncSearchIndex(store: Store, opts: { batch?: number; maxBatches?: number; maxMs?: number } = {}): number {
  const batch = opts.batch ?? SEARCH_BATCH;
  const until = opts.maxMs === undefined ? Infinity : performance.now() + opts.maxMs;
  const page = store.sql(
    `SELECT p.answer_rowid AS rowid, a.revision_id AS rev, r.body AS body FROM search_pending p
     LEFT JOIN answers a ON a.rowid = p.answer_rowid LEFT JOIN revisions r ON r.id = ${idKeySql('a.revision_id')}
     ORDER BY p.answer_rowid LIMIT ?`,
  );
  const del = store.sql('DELETE FROM answers_fts WHERE rowid = ?');
  const ins = store.sql('INSERT INTO answers_fts (rowid, text, shown) VALUES (?, ?, ?)');
  const mark = store.sql('UPDATE answers SET indexed_revision_id = ? WHERE rowid = ?');
  const done = store.sql('DELETE FROM search_pending WHERE answer_rowid = ?');
  const read = bodyReader(store);
  let n = 0;
  for (let b = 0; b < (opts.maxBatches ?? Infinity) && (b === 0 || performance.now() < until); b++) {
    const rows = page.all(batch) as Array<{ rowid: number; rev: string | null; body: Uint8Array | null }>;
    if (!rows.length) break;
    let k = 0;
    store.unsynced(() =>
      store.tx(() => {
        // the clock is read every 8 answers; at least 8 are done per call, so it always moves on
        for (; k < rows.length && (k < 8 || k % 8 || performance.now() < until); k++) {
          const s = rows[k]!;
          del.run(s.rowid);
          if (s.rev !== null) {
            const text = s.body ? textOfValue(read(s.body)) : '';
            if (text.trim()) ins.run(s.rowid, indexText(text), packShown(text));
            mark.run(s.rev, s.rowid);
          }
          done.run(s.rowid);
        }
      }),
    );
    n += k;
    if (k < batch) break;
  }
  return n;
}

/**
 * The answer's text as the search index keeps it beside its words (`shown`, migration 015), from
 * which a result's snippet is cut: deflated (a fifth of a store of short answers was this text;
 * issue 13). Rows indexed before keep it as plain text until their answer is indexed again:
 * `shownText` reads both.
 */
export const packShown = (text: string): Buffer => deflateSized(text);
export const shownText = (shown: string | Uint8Array | null): string => (shown === null ? '' : typeof shown === 'string' ? shown : zlib.inflateRawSync(shown).toString('utf8'));

/** Whether the search index has answers to catch up on (one indexed lookup). */
export function searchIndexBehind(store: Store): boolean {
  return store.sql('SELECT 1 FROM search_pending LIMIT 1').get() !== undefined;
}

/** The id of a field's current revision (its head), without reading its value; null: never answered. */
export function headRevisionId(store: Store, draftId: string, field: string): string | null {
  return (store.sql('SELECT revision_id FROM answers WHERE draft_id = ? AND field = ?').pluck().get(draftId, field) as string | undefined) ?? null;
}

/**
 * A field's head, for a save: its value from the recent values when there (recent-values.ts), its
 * body read only when not (a save's head usually is: the field's last save), its author's name and
 * its text worked out only when asked (a conflict's message; a save never reads the text).
 */
export function getHead(store: Store, draftId: string, field: string): HeadRow | undefined {
  const r = store
    .sql(`SELECT a.field, a.revision_id, a.updated_at, r.n AS revision_n, r.author FROM answers a JOIN revisions r ON r.id = ${idKeySql('a.revision_id')} WHERE a.draft_id = ? AND a.field = ?`)
    .get(draftId, field) as (Omit<StoredHead, 'body' | 'author_name'> & { revision_n: number; author: number }) | undefined;
  if (!r) return undefined;
  const known = knownValue(store, r.revision_id, () => store.sql('SELECT body FROM revisions WHERE n = ?').pluck().get(r.revision_n) as Uint8Array);
  return new Head(r, known.json, { store, key: r.author }, known.bytes);
}

/**
 * A revision's value (and body), from the recent values when there (recent-values.ts), else
 * decoded, and then kept there with its snapshot: the field's next save needs both.
 */
export function knownValue(store: Store, id: string, stored: () => Uint8Array): KnownValue {
  const recent = recentValues(store.db);
  const known = recent.value(id);
  if (known) return known;
  const read = bodyOf(store);
  const body = stored();
  const bytes = bodyJson(body, (baseId) => {
    let j = recent.snapshot(baseId);
    if (!j) {
      const b = read(baseId);
      if (!b) return undefined;
      recent.keepSnapshot(baseId, (j = snapshotJson(b)));
    }
    return j;
  });
  if (bodyHeader(body).baseId === null) recent.keepSnapshot(id, bytes);
  const json = bytes.toString('utf8');
  const again = Buffer.from(json, 'utf8');
  // bytes that are not UTF-8 (not written by us) are read with U+FFFD in them: not kept
  if (again.equals(bytes)) recent.keepValue(id, json, again);
  return { json, bytes: again };
}

export function listHeads(store: Store, draftId: string): HeadRow[] {
  const rows = store
    .sql(
      `SELECT a.field, a.revision_id, a.updated_at, r.n AS revision_n, r.body, au.name AS author_name
       FROM answers a JOIN revisions r ON r.id = ${idKeySql('a.revision_id')} JOIN revision_authors au ON au.n = r.author WHERE a.draft_id = ?`,
    )
    .all(draftId) as StoredHead[];
  const read = bodyReader(store);
  return rows.map((r) => headOf(read, r));
}

/** A revision in the shape of a head (as if it were current): for frozen versions. */
export function revisionAsHead(store: Store, id: string): HeadRow | undefined {
  const r = store
    .sql(
      `SELECT f.name AS field, ${idTextSql('r.id')} AS revision_id, ${CREATED_AT.replace(/created_at$/, 'updated_at')}, r.body, a.name AS author_name
       FROM revisions r JOIN revision_fields f ON f.n = r.field JOIN revision_authors a ON a.n = r.author WHERE r.id = ?`,
    )
    .get(idKey(id)) as StoredHead | undefined;
  return r && headOf(bodyReader(store), r);
}

export function getRevisionRow(store: Store, id: string): RevisionRow | undefined {
  const r = store.sql(`SELECT ${META}, r.text_size, r.body FROM ${FROM} WHERE r.id = ?`).get(idKey(id)) as StoredRevision | undefined;
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
  const read = bodyReader(store);
  if (field) {
    const author = authorsOf(store);
    const rows = store.sql(`SELECT ${FIELD_COLS}, r.body FROM ${FIELD_FROM} WHERE ${OF_FIELD} ORDER BY r.created DESC, r.n DESC`).all(draftId, field) as Array<FieldRow & { body: Uint8Array }>;
    return rows.map((r) => {
      const value = read(r.body);
      return { ...fieldMeta(draftId, field, r, author(r.author)), value, text: textOfValue(value) };
    });
  }
  const rows = store.sql(`SELECT ${META}, r.text_size, r.body FROM ${FROM} WHERE r.draft = (SELECT n FROM revision_drafts WHERE id = ?) ORDER BY r.created, r.n`).all(draftId) as StoredRevision[];
  return rows.map((r) => revisionOf(read, r));
}

/** Whether a draft holds a revision that did not arrive in bundle `bundleId` (written here, or brought by another bundle). */
export function hasRevisionNotFrom(store: Store, draftId: string, bundleId: string): boolean {
  return store.sql('SELECT 1 FROM revisions r JOIN revision_authors a ON a.n = r.author WHERE r.draft = (SELECT n FROM revision_drafts WHERE id = ?) AND a.source_bundle_id IS NOT ? LIMIT 1').get(draftId, bundleId) !== undefined;
}

/** Whether a revision with this id is in the store (in any draft). */
export function revisionExists(store: Store, id: string): boolean {
  return store.sql('SELECT 1 FROM revisions WHERE id = ?').get(idKey(id)) !== undefined;
}

/** The revision of a draft that is a copy of the travelling revision `originId` (its origin_revision_id), if any. */
export function revisionByOrigin(store: Store, draftId: string, originId: string): string | undefined {
  return store.sql(`SELECT ${idTextSql('id')} FROM revisions WHERE origin_revision_id = ? AND draft = (SELECT n FROM revision_drafts WHERE id = ?)`).pluck().get(originId, draftId) as
    | string
    | undefined;
}

/** The revision of a draft that a travelling id names: its own under that id, or a copy that remembers it (revisionByOrigin); null when the draft has neither. */
export function revisionInDraft(store: Store, draftId: string, travelId: string): string | null {
  const own = getRevisionRow(store, travelId);
  if (own && own.draft_id === draftId) return travelId;
  return revisionByOrigin(store, draftId, travelId) ?? null;
}

/** A draft's heads, by field, with the id each head revision travels under (its origin id when it was re-identified). */
export function listHeadOrigins(store: Store, draftId: string): Array<{ field: string; revision_id: string; origin_revision_id: string | null }> {
  return store
    .sql(`SELECT a.field, a.revision_id, r.origin_revision_id FROM answers a JOIN revisions r ON r.id = ${idKeySql('a.revision_id')} WHERE a.draft_id = ? ORDER BY a.field`)
    .all(draftId) as Array<{ field: string; revision_id: string; origin_revision_id: string | null }>;
}

/** Every revision of a field with its parents only: the field's revision graph. */
export function listRevisionParents(store: Store, draftId: string, field: string): Array<Pick<RevisionMeta, 'id' | 'parent_id' | 'merge_parent_id'>> {
  return store
    .sql(`SELECT ${IDS} FROM revisions r LEFT JOIN revisions p ON p.n = r.parent LEFT JOIN revisions m ON m.n = r.merge_parent WHERE ${OF_FIELD}`)
    .all(draftId, field) as Array<
    Pick<RevisionMeta, 'id' | 'parent_id' | 'merge_parent_id'>
  >;
}

export function parseValue(json: string): FieldValue {
  return JSON.parse(json) as FieldValue;
}

/** The value of a revision (null: no revision, or none with that id). */
export function revisionValue(store: Store, id: string | null): FieldValue | null {
  const r = id ? getRevisionRow(store, id) : undefined;
  return r ? parseValue(r.value) : null;
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

/**
 * One page of a field's history, newest first (by time, then by the order they were written),
 * metadata only, read in the history index's order.
 */
export function listRevisionMeta(
  store: Store,
  draftId: string,
  field: string,
  opts: { before?: RevisionCursor; /** the cursor's own revision is included (`before` is exclusive) */ atOrBefore?: RevisionCursor; limit?: number; /** false: skip counting characters (size is -1), for callers that only group rows */ size?: boolean } = {},
): RevisionMetaRow[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 1000));
  const cols = `${FIELD_COLS}, ${opts.size === false ? '-1' : 'r.text_size'} AS size`;
  const author = authorsOf(store);
  const meta = (rows: Array<FieldRow & { size: number }>) =>
    rows.map((r) => {
      const m = fieldMeta(draftId, field, r, author(r.author)) as RevisionMetaRow;
      m.size = r.size;
      return m;
    });
  const cursor = opts.atOrBefore ?? opts.before;
  if (cursor) {
    // where the cursor's revision sits in the index (just after it, when it is included); a
    // cursor naming no revision: its time
    const inclusive = !!opts.atOrBefore;
    const row = store.sql('SELECT created, n FROM revisions WHERE id = ?').get(idKey(cursor.id)) as { created: number; n: number } | undefined;
    const at = row ? { created: row.created, n: inclusive ? row.n + 0.5 : row.n } : { created: timeKey(cursor.createdAt).ms, n: Number.MAX_SAFE_INTEGER };
    return meta(
      store
        .sql(`SELECT ${cols} FROM ${FIELD_FROM} WHERE ${OF_FIELD} AND (r.created, r.n) < (?, ?) ORDER BY r.created DESC, r.n DESC LIMIT ?`)
        .all(draftId, field, at.created, at.n, limit) as Array<FieldRow & { size: number }>,
    );
  }
  return meta(store.sql(`SELECT ${cols} FROM ${FIELD_FROM} WHERE ${OF_FIELD} ORDER BY r.created DESC, r.n DESC LIMIT ?`).all(draftId, field, limit) as Array<FieldRow & { size: number }>);
}

/**
 * Sets a revision's time: for fixtures, tests and benchmarks that make a history as if it had
 * been typed over days (the app never changes a revision).
 */
export function setRevisionTime(store: Store, id: string, at: string): void {
  const t = timeKey(at);
  store.sql('UPDATE revisions SET created = ?, created_text = ? WHERE id = ?').run(t.ms, t.text, idKey(id));
}

/** The newest revision key `n` (0: no revision): what a background pass over revisions written since a mark starts from. */
export function newestRevisionKey(store: Store): number {
  return (store.sql('SELECT max(n) FROM revisions').pluck().get() as number | null) ?? 0;
}

/**
 * The fields of the revisions whose key `n` is in (above, atOrBelow], newest written first, one
 * row per revision (a rowid range: no value, no history index), at most `limit`; `n` of each row.
 */
export function fieldsWrittenBetween(store: Store, above: number, atOrBelow: number, limit: number): Array<{ n: number; draftId: string; field: string }> {
  return store
    .sql(
      `SELECT r.n AS n, d.id AS draftId, f.name AS field FROM revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field
       WHERE r.n > ? AND r.n <= ? ORDER BY r.n DESC LIMIT ?`,
    )
    .all(above, atOrBelow, limit) as Array<{ n: number; draftId: string; field: string }>;
}

/** The earliest time (ms) among a field's revisions whose key is above `above` (null: none). */
export function earliestWrittenAfter(store: Store, draftId: string, field: string, above: number): number | null {
  return (store.sql(`SELECT min(r.created) FROM revisions r WHERE ${OF_FIELD} AND r.n > ?`).pluck().get(draftId, field, above) as number | null) ?? null;
}
