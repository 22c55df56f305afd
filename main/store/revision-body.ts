/**
 * How a revision's value is stored (migration 013): `revisions.body`, one format byte and then
 * - RAW: the value's JSON (UTF-8) as it is: what a save writes (migration 018), encoded as one of
 *   the two below once saves pause (revision-compaction.ts); never the base of a delta;
 * - SNAPSHOT: the value's JSON (UTF-8), raw-deflated;
 * - DELTA: the value as a change of a snapshot of the same field (its base, the parent's snapshot):
 *   the base's id, how many bytes it keeps at the start and at the end, and the bytes between,
 *   raw-deflated with the base's neighbouring bytes as the dictionary. Reading one costs two
 *   inflates whatever the chain length (a delta's base is always a snapshot).
 * A new snapshot is taken when a delta would not be smaller than one, and after DEPTH deltas.
 * The plain text is not stored (it is derived from the value; the search index keeps the current
 * answers' text), only its length in characters (`text_size`, for history lists). Every reader
 * goes through main/store/revisions.ts, which gives back the JSON and text as before.
 */
import zlib from 'node:zlib';
import type { FieldValue } from '../../shared/contract/drafts';
import { codePointLength } from '../../shared/doc';
import { valueText } from '../services/values';
import { deflateSized } from './deflate';
import { isCanonicalUuid, uuidBytes, uuidText } from './revision-id';

const RAW = 0;
const SNAPSHOT = 1;
/** delta, base id as text (length byte + ASCII) */
const DELTA_ID = 2;
/** delta, base id a canonical UUID (16 bytes) */
const DELTA_UUID = 3;
/** Deltas in a row before a new snapshot (bounds how far a value drifts from its base). */
export const DEPTH = 64;
/** Bytes of the base around the change given to deflate as its dictionary (zlib uses 32 KiB). */
const DICT_SIDE = 16 * 1024;

export interface BodyHeader {
  /** null: a snapshot */
  baseId: string | null;
  /** deltas since the snapshot (0 for a snapshot) */
  depth: number;
}

/** A save's body: the JSON as it is, encoded later (revision-compaction.ts). */
export function rawBody(json: Buffer): Buffer {
  const out = Buffer.allocUnsafe(json.length + 1);
  out[0] = RAW;
  json.copy(out, 1);
  return out;
}

/** Whether a body is still waiting to be encoded. */
export const isRawBody = (body: Uint8Array): boolean => body[0] === RAW;

/** A RAW body's JSON bytes (a view of it, not a copy). */
export const rawJson = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset + 1, body.length - 1);

export function snapshotBody(json: Buffer): Buffer {
  return Buffer.concat([Buffer.of(SNAPSHOT), deflateSized(json)]);
}

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function readVarint(b: Uint8Array, at: { i: number }): number {
  let n = 0;
  let mul = 1;
  for (;;) {
    const c = b[at.i++]!;
    n += (c & 0x7f) * mul;
    if (c < 0x80) return n;
    mul *= 128;
  }
}

const dictionary = (base: Buffer, prefix: number, suffix: number) => base.subarray(Math.max(0, prefix - DICT_SIDE), Math.min(base.length, base.length - suffix + DICT_SIDE));
const inflate = (b: Uint8Array, dict: Buffer) => (dict.length ? zlib.inflateRawSync(b, { dictionary: dict }) : zlib.inflateRawSync(b));

/** The value `json` as a change of the snapshot `base` (its id, its JSON), `depth` deltas from it. */
export function deltaBody(json: Buffer, base: { id: string; json: Buffer }, depth: number): Buffer {
  const a = base.json;
  const max = Math.min(a.length, json.length);
  let prefix = 0;
  while (prefix < max && a[prefix] === json[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === json[json.length - 1 - suffix]) suffix++;
  const head: number[] = [];
  if (isCanonicalUuid(base.id)) {
    head.push(DELTA_UUID, depth);
    head.push(...uuidBytes(base.id));
  } else {
    const id = Buffer.from(base.id, 'utf8');
    if (id.length > 255) throw new Error('revision id too long');
    head.push(DELTA_ID, depth, id.length, ...id);
  }
  varint(prefix, head);
  varint(suffix, head);
  return Buffer.concat([Buffer.from(head), deflateSized(json.subarray(prefix, json.length - suffix), dictionary(a, prefix, suffix))]);
}

export function bodyHeader(body: Uint8Array): BodyHeader {
  switch (body[0]) {
    case RAW:
    case SNAPSHOT:
      return { baseId: null, depth: 0 };
    case DELTA_UUID:
      return { baseId: uuidText(body.subarray(2, 18)), depth: body[1]! };
    case DELTA_ID:
      return { baseId: Buffer.from(body.subarray(3, 3 + body[2]!)).toString('utf8'), depth: body[1]! };
    default:
      throw new Error(`revision stored in an unknown format (${body[0]}); this store was written by a newer GCM Review`);
  }
}

/** A snapshot's JSON bytes. */
export function snapshotJson(body: Uint8Array): Buffer {
  if (body[0] !== SNAPSHOT) throw new Error('a delta revision is based on a revision that is not a snapshot');
  return zlib.inflateRawSync(body.subarray(1));
}

/** A body's JSON bytes; `baseJson(id)` gives a delta's base (a snapshot) as JSON bytes. */
export function bodyJson(body: Uint8Array, baseJson: (id: string) => Buffer | undefined): Buffer {
  if (body[0] === RAW) return rawJson(body);
  if (body[0] === SNAPSHOT) return snapshotJson(body);
  const { baseId } = bodyHeader(body);
  const a = baseJson(baseId!);
  if (!a) throw new Error(`revision base ${baseId} is missing`);
  const at = { i: body[0] === DELTA_UUID ? 18 : 3 + body[2]! };
  const prefix = readVarint(body, at);
  const suffix = readVarint(body, at);
  const middle = inflate(body.subarray(at.i), dictionary(a, prefix, suffix));
  return Buffer.concat([a.subarray(0, prefix), middle, a.subarray(a.length - suffix)]);
}

/**
 * Encodes `json` (text, or its UTF-8 bytes) for a revision whose parent is `parent` (its id and
 * body; absent: none): a delta against the parent's snapshot when that is smaller, else a
 * snapshot; a parent still RAW (a save not yet encoded) is no base: a snapshot then. `body(id)`
 * reads a body; `known(id)`, when given, is a snapshot's JSON bytes if the caller has them already
 * (no inflate).
 */
export function encodeBody(
  json: string | Buffer,
  parent: { id: string; body: Uint8Array } | undefined,
  body: (id: string) => Uint8Array | undefined,
  known?: (id: string) => Buffer | undefined,
): Buffer {
  return encodeRevision(json, parent, body, known).body;
}

/** encodeBody, and the snapshot the body is (or is a change of): its id (null: itself) and JSON bytes. */
export function encodeRevision(
  json: string | Buffer,
  parent: { id: string; body: Uint8Array } | undefined,
  body: (id: string) => Uint8Array | undefined,
  known?: (id: string) => Buffer | undefined,
): { body: Buffer; base: { id: string | null; json: Buffer } } {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  const itself = { id: null, json: bytes };
  if (parent && !isRawBody(parent.body)) {
    const h = bodyHeader(parent.body);
    if (h.depth < DEPTH) {
      const baseId = h.baseId ?? parent.id;
      let baseJson = known?.(baseId);
      if (!baseJson) {
        const baseBody = h.baseId === null ? parent.body : body(h.baseId);
        if (baseBody?.[0] === SNAPSHOT) baseJson = snapshotJson(baseBody);
      }
      if (baseJson) {
        const base = { id: baseId, json: baseJson };
        const d = deltaBody(bytes, base, h.depth + 1);
        if (d.length * 8 <= bytes.length) return { body: d, base }; // a small change: no need to weigh a snapshot
        const s = snapshotBody(bytes);
        return d.length < s.length ? { body: d, base } : { body: s, base: itself };
      }
    }
  }
  return { body: snapshotBody(bytes), base: itself };
}

/** A revision's plain text, from its value's JSON. */
export const textOfValue = (json: string): string => valueText(JSON.parse(json) as FieldValue);

/** Length in characters (code points, as SQLite's length() counts them): a revision's `text_size`. */
export const textSize = codePointLength;
