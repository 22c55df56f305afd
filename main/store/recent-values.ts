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

/** A revision's value: its JSON as stored, and the same as UTF-8 bytes. */
export interface KnownValue {
  json: string;
  bytes: Buffer;
}

/** Entries kept of each kind, and their total size. */
const MAX_ENTRIES = 16;
const MAX_BYTES = 8 * 1024 * 1024;

class Lru<T> {
  private map = new Map<string, { v: T; size: number }>();
  private size = 0;

  get(id: string): T | undefined {
    const e = this.map.get(id);
    if (!e) return undefined;
    this.map.delete(id); // most recent last
    this.map.set(id, e);
    return e.v;
  }

  set(id: string, v: T, size: number): void {
    if (size > MAX_BYTES / 4) return; // a huge value would push out everything else
    const old = this.map.get(id);
    if (old) {
      this.size -= old.size;
      this.map.delete(id);
    }
    this.map.set(id, { v, size });
    this.size += size;
    for (const [k, e] of this.map) {
      if (this.map.size <= MAX_ENTRIES && this.size <= MAX_BYTES) break;
      this.map.delete(k);
      this.size -= e.size;
    }
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

/** No lone surrogate (String.prototype.isWellFormed, Node 20; not yet in the TypeScript lib we target). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

const byConnection = new WeakMap<object, RecentValues>();

/** The recent values of one open connection (`db`: the better-sqlite3 Database). */
export function recentValues(db: object): RecentValues {
  let r = byConnection.get(db);
  if (!r) byConnection.set(db, (r = new RecentValues()));
  return r;
}
