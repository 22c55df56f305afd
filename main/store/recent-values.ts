/**
 * The values of the revisions a connection wrote or read last, by revision id (issue 13): a save
 * compares the new value with the field's head and stores it as a change of the head's snapshot,
 * and without these both cost inflating the head from the store (two inflates) on every save.
 *
 * Nothing here is ever stale, so nothing needs invalidating: a revision id names one value for
 * ever (revisions are append-only; no code rewrites a revision's value, and ids are UUIDs minted
 * once), and a save always reads the field's head id from the store inside its own transaction. A
 * head moved by anything else (a merge, an import, a restore, another process) is another id: not
 * here, so it is decoded from the store as before. An entry for a revision whose transaction rolled
 * back names an id that no row will ever have. Kept per connection (a store reopened on another
 * file starts empty), small, least recently used first out.
 */
import { wellFormed } from '../../shared/well-formed';

/** A revision's value: its JSON as stored, and the same as UTF-8 bytes. */
export interface KnownValue {
  json: string;
  bytes: Buffer;
}

/** Entries kept of each kind, and their total size. */
const MAX_ENTRIES = 16;
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * A few entries, least recently used out first, in a plain array (at most MAX_ENTRIES + 1 slots,
 * looked through from the end). Not a Map: with a Map taking a new key and dropping an old one on
 * every save, once the Map had reached the old generation (after a full collection) every value
 * kept in it outlived the next scavenges and was promoted, though it left the Map 16 saves later:
 * a save's 5 KB value each time, and each scavenge copied megabytes (10-30 ms, one save in a few
 * hundred; measured with V8's GC traces; we believe the dropped hash tables, which V8 links to
 * their successors, kept them alive; issue 13, autosave p99).
 */
class Lru<T> {
  private entries: Array<{ id: string; v: T; size: number; used: number }> = [];
  private size = 0;
  private tick = 0;

  private find(id: string): number {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.id === id) return i;
    return -1;
  }

  get(id: string): T | undefined {
    const i = this.find(id);
    if (i < 0) return undefined;
    const e = this.entries[i]!;
    e.used = ++this.tick;
    return e.v;
  }

  set(id: string, v: T, size: number): void {
    if (size > MAX_BYTES / 4) return; // a huge value would push out everything else
    const i = this.find(id);
    if (i >= 0) this.drop(i);
    this.entries.push({ id, v, size, used: ++this.tick });
    this.size += size;
    while (this.entries.length > MAX_ENTRIES || this.size > MAX_BYTES) {
      let oldest = 0;
      for (let k = 1; k < this.entries.length; k++) if (this.entries[k]!.used < this.entries[oldest]!.used) oldest = k;
      this.drop(oldest);
    }
  }

  /** Removes entry `i` (the last one moves into its slot: the order of the array is not the order of use). */
  private drop(i: number): void {
    this.size -= this.entries[i]!.size;
    const last = this.entries.pop()!;
    if (i < this.entries.length) this.entries[i] = last;
  }
}

export class RecentValues {
  /** Revisions' values (JSON). */
  readonly values = new Lru<KnownValue>();
  /** Snapshot revisions' JSON bytes (the bases deltas are written against). */
  readonly snapshots = new Lru<Buffer>();

  value(id: string): KnownValue | undefined {
    return this.values.get(id);
  }

  /**
   * Remembers a revision's value, when its JSON reads back exactly as written (well-formed UTF-16:
   * a lone surrogate would be stored as U+FFFD, and the stored value is what counts).
   */
  keepValue(id: string, json: string, bytes: Buffer): void {
    if (wellFormed(json)) this.values.set(id, { json, bytes }, json.length * 2 + bytes.length);
  }

  snapshot(id: string): Buffer | undefined {
    return this.snapshots.get(id);
  }

  keepSnapshot(id: string, json: Buffer): void {
    this.snapshots.set(id, json, json.length);
  }
}

const byConnection = new WeakMap<object, RecentValues>();

/** The recent values of one open connection (`db`: the better-sqlite3 Database). */
export function recentValues(db: object): RecentValues {
  let r = byConnection.get(db);
  if (!r) byConnection.set(db, (r = new RecentValues()));
  return r;
}
