import { AppError } from '../../shared/contract/common';
import type { FieldValue, Revision } from '../../shared/contract/drafts';
import { keepEndedSummaries } from '../history/field-sessions';
import { reopenIfFinal } from '../review/status';
import { compactionBehind, compactRevisions } from '../store/revision-compaction';
import { within } from '../within';
import { ftsQuery } from '../store/search-text';
import { snippetMaker, type SearchSnippet } from './search-snippet';
import { getHead, getRevisionRow, insertRevision, listRevisionRows, parseValue, searchIndexBehind, setHead, shownText, syncSearchIndex, type HeadRow, type RevisionRow } from '../store/revisions';
import { mergeSearchIndexStep } from '../store/search-merge';
import { newId, nowIso, type Author, type Store } from '../store/store';
import type { Drafts } from './drafts';
import { canonicalJson, checkFieldValue, textFacts } from './values';

export interface SaveResult {
  revisionId: string;
  savedAt: string;
  unchanged: boolean;
}

/**
 * Appends a revision and makes it the field's current state. Must run inside a transaction.
 * The single place where field content is written.
 */
export function writeRevision(
  store: Store,
  r: {
    draftId: string;
    field: string;
    value: FieldValue;
    /** JSON.stringify(value), when the caller has it already (a save compares it with the head's). */
    json?: string;
    /** The same JSON as UTF-8 (with `json` only). */
    bytes?: Buffer;
    parentId: string | null;
    mergeParentId?: string | null;
    note?: string | null;
    author?: Author;
    sourceBundleId?: string | null;
    /** A save: stored as it is and encoded once saves pause (InsertOptions); the parent's key when read already. */
    raw?: boolean;
    parentKey?: number;
  },
): SaveResult {
  const a = r.author ?? store.author();
  const at = nowIso();
  const id = newId();
  const facts = textFacts(r.value);
  insertRevision(store, {
    id,
    draft_id: r.draftId,
    field: r.field,
    parent_id: r.parentId,
    merge_parent_id: r.mergeParentId ?? null,
    value: r.json ?? JSON.stringify(r.value),
    text_size: facts.size,
    author_name: a.name,
    author_org: a.organisation,
    installation_id: a.installationId,
    created_at: at,
    note: r.note ?? null,
    source_bundle_id: r.sourceBundleId ?? null,
  }, r.json === undefined ? undefined : r.bytes, { raw: r.raw, parentKey: r.parentKey });
  setHead(store, r.draftId, r.field, id, at, facts.filled);
  // no RETURNING: SQLite gathers a RETURNING's rows in a temporary table (a page cache of its own)
  // on every save; the status is one indexed read
  store.sql('UPDATE drafts SET updated_at = ? WHERE id = ?').run(at, r.draftId);
  reopenIfFinal(store, r.draftId); // the approved version stays frozen; this is version N+1
  return { revisionId: id, savedAt: at, unchanged: false };
}

export function revisionFromRow(r: RevisionRow): Revision {
  return {
    id: r.id,
    draftId: r.draft_id,
    field: r.field,
    parentId: r.parent_id,
    mergeParentId: r.merge_parent_id,
    value: parseValue(r.value),
    text: r.text,
    authorName: r.author_name,
    authorOrganisation: r.author_org,
    installationId: r.installation_id,
    createdAt: r.created_at,
    note: r.note,
  };
}

/**
 * The longest a background step of the search index's catch-up runs before yielding. Small: the
 * step's commit writes what it indexed as a new FTS5 segment, in time about proportional to it
 * (store/search-merge.ts: steps of 20 ms committed in up to 190 ms).
 */
const INDEX_STEP_MS = 5;
/** A background step of encoding saved revisions: revisions per transaction, and how long before yielding. */
const COMPACT_STEP_BATCH = 32;
const COMPACT_STEP_MS = 8;
/**
 * Saves after which their encoding starts without waiting for saves to pause: a body encoded long
 * after it was saved shrinks in place in a page the table's later rows never come back to (SQLite
 * does not rebalance a page an UPDATE shrank; new revisions go to the table's end), so an hour of
 * typing without a 2 s pause left those pages some 17% full. 3,000 saves of one answer, encoded
 * after every one: +91 B of pages per save (its payload +74 B); every 5: +167 B; every 50 or only
 * at the end: +576-587 B (probe in the 26th part's notes).
 */
const COMPACT_SOON = 4;

/**
 * The longest a search spends catching the index up before it answers from the index as it stands
 * (saying how many answers are still to be indexed): a bulk import of 56,000 answers takes some 7 s
 * to index on a 2-core machine, and a search must answer in under 2 s (issue 13). The background
 * catch-up goes on meanwhile.
 */
export const SEARCH_WAIT_MS = 1500;

/** Fields whose ended sessions wait to be kept after saves pause (more are left to their first reading). */
const MAX_PENDING_SUMMARIES = 200;

type SearchHitOut = { draftId: string; draftTitle: string; field: string; snippet: string; context: Omit<SearchSnippet, 'snippet'> };

export interface FieldsOptions {
  /** How long a search waits for the index to catch up (default SEARCH_WAIT_MS; tests use less). */
  searchWaitMs?: number;
  /**
   * Test-only: while this says true, the index does not catch up at all, neither in the background
   * nor before a search (the e2e tests use it to show a backlog on screen: main/host/serve.ts).
   */
  indexHeld?: () => boolean;
}

export class Fields {
  private indexTimer: NodeJS.Timeout | null = null;

  constructor(
    private store: Store,
    private drafts: Drafts,
    private opts: FieldsOptions = {},
  ) {}

  /** Whether the index may catch up now (always, except while a test holds it: FieldsOptions.indexHeld). */
  private indexFree(): boolean {
    return !this.opts.indexHeld?.();
  }

  /**
   * Re-indexes for search and encodes the saved revisions once saves pause, off the save's critical
   * path; the encoding starts without waiting for the pause once COMPACT_SOON saves wait for it (on
   * the next turn of the event loop, after the save is answered).
   */
  private scheduleIndex(): void {
    if (++this.savedSinceCompaction >= COMPACT_SOON) {
      this.savedSinceCompaction = 0;
      this.compactSoon();
    }
    // re-armed, not a new timer per save
    if (this.indexTimer) {
      this.indexTimer.refresh();
      return;
    }
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      this.catchUpIndex();
      this.compactSoon();
    }, 2000);
    this.indexTimer.unref();
  }

  private compacting = false;
  /** Saves since the encoding last started (scheduleIndex). */
  private savedSinceCompaction = 0;

  /** Whether saved revisions wait to be encoded in a store that can take it. */
  private compactionDue(): boolean {
    return this.store.db.open && !this.store.damaged && compactionBehind(this.store);
  }

  /**
   * Encodes the revisions saves stored as they came (revision-compaction.ts) in steps of a few
   * milliseconds, yielding to the event loop between them (a call waits at most one step). Long-
   * running hosts also start it at start-up, for what an earlier run left.
   */
  compactSoon(): void {
    if (this.compacting) return;
    this.compacting = true;
    void this.runSteps(() => {
      if (!this.compactionDue()) return false;
      compactRevisions(this.store, { batch: COMPACT_STEP_BATCH, maxMs: COMPACT_STEP_MS });
      return true;
    }, 'encoding saved revisions failed').then(() => (this.compacting = false));
  }

  /** A background step's failure, on stderr (not once the store is closed: a step that ran into the close). */
  private report(failure: string, e: unknown): void {
    if (this.store.db.open) process.stderr.write(`${failure}: ${(e as Error).message}\n`);
  }

  /**
   * Runs `step` once per turn of the event loop while it says there is more (calls are answered
   * between steps). Stops at false or an error (reported while the store is open). Settles then.
   * `unref`: the steps do not keep the process alive (an unref'd immediate also waits for the
   * event loop's next wake-up), and the first runs at once, in the caller's turn. The background
   * work of this class (encoding revisions, session summaries, search catch-up and merging) all
   * goes through here.
   */
  private runSteps(step: () => boolean, failure: string, unref = false): Promise<void> {
    return new Promise<void>((resolve) => {
      const next = () => {
        const i = setImmediate(turn);
        if (unref) i.unref();
      };
      const turn = () => {
        let more = false;
        try {
          more = step();
        } catch (e) {
          this.report(failure, e);
        }
        if (more) next();
        else resolve();
      };
      if (unref) turn();
      else next();
    });
  }

  /** Before the store closes: encodes what is left, for at most `maxMs` (the rest waits for the next start). */
  compactBeforeClose(maxMs = 1000): void {
    try {
      if (this.compactionDue()) compactRevisions(this.store, { maxMs });
    } catch (e) {
      this.report('encoding saved revisions failed', e);
    }
  }

  /** The background catch-up under way (catchUpIndex), settled when it stops. */
  private catchingUp: Promise<void> | null = null;
  private summaryTimer: NodeJS.Timeout | null = null;
  private summaryFields = new Map<string, { draftId: string; field: string }>();

  /**
   * Once saves pause, keeps the change summary of any editing session they ended (history lists
   * it from the store from then on), off the save's critical path. Best effort: a failure only
   * leaves it to be worked out when the history is first read.
   */
  private scheduleSummaries(draftId: string, field: string): void {
    // a bulk of saves (a script, not typing): the rest are worked out when first read
    if (this.summaryFields.size >= MAX_PENDING_SUMMARIES) return;
    const key = `${draftId} ${field}`;
    if (!this.summaryFields.has(key)) this.summaryFields.set(key, { draftId, field });
    if (this.summaryTimer) {
      this.summaryTimer.refresh(); // re-armed, not a new timer per save
      return;
    }
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      const fields = [...this.summaryFields.values()];
      this.summaryFields.clear();
      // one field per turn of the event loop: calls keep being answered meanwhile
      void this.runSteps(
        () => {
          const f = fields.shift();
          if (!f || !this.store.db.open) return false;
          try {
            keepEndedSummaries(this.store, f.draftId, f.field);
          } catch (e) {
            // one field's failure does not hold up the others'
            this.report('keeping a session summary failed', e);
          }
          return true;
        },
        'keeping session summaries failed',
        true,
      );
    }, 2000);
    this.summaryTimer.unref();
  }

  /** The merging of the search index's segments under way (mergeIndex), settled when it stops. */
  merging: Promise<void> | null = null;

  /**
   * Merges the search index's segments in bounded steps, one per turn of the event loop, once a
   * catch-up is over (store/search-merge.ts: never inside an indexing step's commit). A search
   * does not wait for it. It gives way to a catch-up that starts meanwhile (which merges between
   * its own steps and starts this again at its end). Settles once nothing is left to merge, the
   * store closed, a catch-up started, or an error.
   */
  private mergeIndex(): void {
    if (this.merging) return;
    this.merging = this.runSteps(
      () => !this.catchingUp && this.store.db.open && !this.store.damaged && this.indexFree() && mergeSearchIndexStep(this.store),
      'search index merge failed',
    ).then(() => {
      this.merging = null;
    });
  }

  /**
   * Brings the search index up to date in steps of at most INDEX_STEP_MS, yielding to the event
   * loop between them (a save waits at most one step), so that a bulk import (bundle, Word, merge)
   * is indexed in the background and the first search after it has little or nothing left to do.
   * Long-running hosts start it after every call but a save (services/index.ts), and a search
   * waits for it a bounded time. Settles once it stops: nothing left, the store closed, or an error.
   */
  catchUpIndex(): Promise<void> {
    // a damaged store is open read-only: nothing to catch up until it is restored
    if (this.catchingUp) return this.catchingUp;
    if (!this.store.db.open || this.store.damaged || !searchIndexBehind(this.store)) return Promise.resolve();
    // Between two index steps, a merge step where a level has segments to merge (store/search-merge.ts):
    // each step's commit adds a segment, and left to pile up a long catch-up would end in a crisis
    // merge (of the whole index, past 64 segments of a level) inside one step's commit.
    let mergeNext = false;
    const step = () => {
      if (!this.store.db.open || !this.indexFree()) return false;
      if (mergeNext) {
        mergeNext = false;
        if (mergeSearchIndexStep(this.store)) return true;
      }
      return (mergeNext = syncSearchIndex(this.store, { maxMs: INDEX_STEP_MS }) > 0);
    };
    // Not unref'd: an unref'd immediate lets the event loop sleep in its poll until the next timer
    // or I/O, and the catch-up crawled (some 300 answers a second with nothing else going on).
    // The steps end by themselves: nothing left, the store closed, held, or an error.
    const running = this.runSteps(step, 'search index catch-up failed').then(() => {
      this.catchingUp = null;
      this.mergeIndex();
    });
    this.catchingUp = running;
    return running;
  }

  /**
   * Saves a field. `baseRevisionId` is the revision the editor started from: if the field has
   * moved on since, nothing is written and a conflict names the current revision, so no edit
   * is ever silently overwritten. Saving an unchanged value writes nothing.
   */
  save(draftId: string, field: string, value: FieldValue, baseRevisionId: string | null, note: string | null = null): SaveResult {
    const result = this.store.tx(() => {
      // the draft and the field checked inside the write transaction (one read transaction less per save)
      checkFieldValue(this.drafts.template(this.drafts.row(draftId)), field, value);
      const head = getHead(this.store, draftId, field);
      const current = head?.revision_id ?? null;
      if (current !== baseRevisionId) {
        throw new AppError('conflict', `${field} was changed elsewhere (by ${head?.author_name ?? 'someone'}) since this edit began; nothing was overwritten`, {
          currentRevisionId: current,
        });
      }
      const json = JSON.stringify(value);
      const bytes = Buffer.from(json, 'utf8');
      if (head && sameValue(head, value, json, bytes)) return { revisionId: head.revision_id, savedAt: head.updated_at, unchanged: true };
      return writeRevision(this.store, { draftId, field, value, json, bytes, parentId: current, parentKey: head?.revision_n, note, raw: true });
    });
    if (!result.unchanged) {
      this.scheduleIndex();
      this.scheduleSummaries(draftId, field);
    }
    return result;
  }

  history(draftId: string, field: string): Array<Omit<Revision, 'value'>> {
    this.drafts.row(draftId, { allowDeleted: true });
    return listRevisionRows(this.store, draftId, field).map((r) => {
      const { value: _v, ...meta } = revisionFromRow(r);
      return meta;
    });
  }

  revision(revisionId: string): Revision {
    const r = getRevisionRow(this.store, revisionId);
    if (!r) throw new AppError('not_found', `no revision with id ${revisionId}`);
    return revisionFromRow(r);
  }

  /** Restoring is a new revision whose content is the old one's; history is never rewritten. */
  restore(draftId: string, field: string, revisionId: string, baseRevisionId: string | null): SaveResult {
    const old = this.revision(revisionId);
    if (old.draftId !== draftId || old.field !== field) throw new AppError('invalid_input', `revision ${revisionId} is not a revision of ${field} in this draft`);
    return this.save(draftId, field, old.value, baseRevisionId, `restored from revision ${revisionId} of ${old.createdAt}`);
  }

  /** Brings the search index fully up to date, however long that takes (the CLI's complete searches); returns how many answers it indexed. */
  indexAll(): number {
    if (this.store.damaged || !this.indexFree()) return 0;
    const n = syncSearchIndex(this.store);
    while (mergeSearchIndexStep(this.store));
    return n;
  }

  /** How many answers are still to be indexed for search. */
  pendingAnswers(): number {
    return (this.store.sql('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
  }

  /**
   * Searches the answers. If the index is behind, the search starts the background catch-up
   * (catchUpIndex: steps of INDEX_STEP_MS, saves and other calls answered between them) and waits
   * for it SEARCH_WAIT_MS at most (FieldsOptions.searchWaitMs), then answers from the index as it
   * stands: `pendingAnswers` says how many answers it did not cover yet (0: complete). The
   * catch-up goes on; the app searches again until nothing is pending.
   */
  async search(query: string): Promise<{ hits: SearchHitOut[]; pendingAnswers: number }> {
    if (!this.store.damaged && this.indexFree() && searchIndexBehind(this.store)) {
      const caughtUp = this.catchUpIndex();
      const waitMs = this.opts.searchWaitMs ?? SEARCH_WAIT_MS;
      if (waitMs > 0) await within(caughtUp, waitMs, undefined);
    }
    const pendingAnswers = this.pendingAnswers();
    const q = ftsQuery(query);
    if (!q) return { hits: [], pendingAnswers };
    // The best matches are ranked inside the index (rowid and rank only); only those are joined to
    // their answers, never every match. Matches in the trash are dropped after ranking, hence the
    // wider inner page. The text a snippet is cut from is the index's own copy of the answer as
    // written (`shown`, migration 015, deflated), read for the results returned only: no revision is decoded.
    const rows = this.store
      .sql(
        `SELECT x.draft_id, x.title, x.field, (SELECT shown FROM answers_fts WHERE rowid = x.rowid) AS text FROM (
           SELECT a.rowid, a.draft_id, d.title, a.field, f.rank
           FROM (SELECT rowid, rank FROM answers_fts WHERE answers_fts MATCH ? ORDER BY rank LIMIT 1000) f
           JOIN answers a ON a.rowid = f.rowid JOIN drafts d ON d.id = a.draft_id
           WHERE d.deleted_at IS NULL ORDER BY f.rank LIMIT 200) x
         ORDER BY x.rank`,
      )
      .all(q) as Array<{ draft_id: string; title: string; field: string; text: string | Uint8Array | null }>;
    const snip = snippetMaker(query);
    return { hits: rows.map((r) => ({ draftId: r.draft_id, draftTitle: r.title, field: r.field, ...shown(snip(shownText(r.text))) })), pendingAnswers };
  }
}

/**
 * Stored JSON vs a value: byte-equal in the common case, else compared canonically, but only when
 * the two could be the same value written with its keys in another order: the same bytes in
 * another order (same length and the same sums of the UTF-8 bytes and of their squares; a
 * reordering keeps every byte). A typed change almost always changes those, and canonical JSON of
 * a long answer cost a save half a millisecond and most of its garbage (issue 13). The sums are
 * taken over bytes (`bytes`: the value's; the head's when known), a third of the time of the same
 * over characters.
 */
function sameValue(head: HeadRow, value: FieldValue, json: string, bytes: Buffer): boolean {
  return head.value === json || (sameBytes(head.bytes ?? Buffer.from(head.value, 'utf8'), bytes) && canonicalJson(parseValue(head.value)) === canonicalJson(value));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    sum += x - y;
    squares += x * x - y * y;
  }
  return sum === 0 && squares === 0;
}

/** The matching paragraph with its matching words marked (main/services/search-snippet.ts), as a result carries it. */
function shown(s: SearchSnippet) {
  return { snippet: (s.cutBefore ? '…' : '') + s.snippet + (s.cutAfter ? '…' : ''), context: { parts: s.parts, cutBefore: s.cutBefore, cutAfter: s.cutAfter } };
}
