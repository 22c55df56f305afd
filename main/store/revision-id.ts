/**
 * How a revision id is kept in `revisions.id` (migration 017, issue 13): an id that is a canonical
 * lower-case UUID (what this app makes: uuidv7) as its 16 bytes (a BLOB), any other id (from a
 * producer elsewhere: upper case, spaces, not a UUID) as the TEXT it was written as. The encoding
 * is canonical (one id, one stored form; a BLOB is never equal to a TEXT in SQLite), so the id's
 * UNIQUE index keeps ids unique exactly as before, and decoding gives back the exact id string.
 * The same test (`isCanonicalUuid`, the GLOB in `idKeySql`) decides in JS and in SQL. Only
 * main/store/revisions.ts (and migration 017) use this.
 */
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isCanonicalUuid = (id: string): boolean => CANONICAL_UUID.test(id);

/** The UUID's 32 hex digits as 16 bytes; its dashes back. */
export const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
export function uuidText(b: Uint8Array): string {
  const h = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An id as it is stored (and looked up) in revisions.id. */
export const idKey = (id: string): string | Buffer => (isCanonicalUuid(id) ? uuidBytes(id) : id);

/** A stored revisions.id as the id it stands for. */
export const idText = (stored: string | Uint8Array): string => (typeof stored === 'string' ? stored : uuidText(stored));

const HEX = '[0-9a-f]';
/** CANONICAL_UUID as a GLOB pattern (GLOB is case-sensitive and, without `*`, matches the whole text). */
const UUID_GLOB = [8, 4, 4, 4, 12].map((n) => HEX.repeat(n)).join('-');

/**
 * SQL: the stored form of the id text `x` (an expression: a column, `?`, `NEW.revision_id`), for
 * lookups (`revisions.id = ${idKeySql('a.revision_id')}` uses the id's index) and in triggers.
 */
export const idKeySql = (x: string): string => `(CASE WHEN ${x} GLOB '${UUID_GLOB}' THEN unhex(replace(${x}, '-', '')) ELSE ${x} END)`;

/** SQL: the id text of the stored `x` (revisions.id, or a column holding one). */
export const idTextSql = (x: string): string =>
  `(CASE WHEN typeof(${x}) = 'blob' THEN lower(substr(hex(${x}), 1, 8) || '-' || substr(hex(${x}), 9, 4) || '-' || substr(hex(${x}), 13, 4) || '-' || substr(hex(${x}), 17, 4) || '-' || substr(hex(${x}), 21)) ELSE ${x} END)`;
