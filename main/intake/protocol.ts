/**
 * What the intake and the app's delivery worker agree on: how a request is signed by an enrolled
 * device, what an upload carries as metadata, and what a receipt is. One module, both sides.
 *
 * A signed request carries four headers:
 *   X-GCMR-Key        the device key's fingerprint (sha256:…)
 *   X-GCMR-Date       the time of signing (ISO 8601), within MAX_SKEW_MS of the intake's clock
 *   X-GCMR-Nonce      32 random hex digits, new for every request: the intake takes a signed
 *                     request once (it remembers the nonce in its index while the date is valid)
 *   X-GCMR-Signature  base64 Ed25519 signature over canonicalRequest(): method, path with query,
 *                     date, nonce, Upload-Length, Upload-Offset and the SHA-256 of Upload-Metadata.
 * A receipt is the exact bytes of a JSON object (Receipt) and a raw Ed25519 signature over those
 * bytes by the intake's key: `openssl pkeyutl -verify -pubin -inkey intake.pub.pem -rawin
 * -in receipt.json -sigfile receipt.json.sig` checks it like a bundle.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Fingerprint, Sha256Hex } from '../../shared/bundle-format';
import { Uuid } from '../../shared/contract/common';
import { fingerprintOf } from '../keys/fingerprint';
import { IntakeRefusal, refusal } from './reasons';

export const API_PREFIX = '/v1';
export const UPLOAD_PATH = `${API_PREFIX}/uploads/`;
export const RECEIPT_PATH = `${API_PREFIX}/receipts/`;
export const BUNDLES_PATH = `${API_PREFIX}/bundles`;
export const KEY_PATH = `${API_PREFIX}/key`;

export const H_KEY = 'x-gcmr-key';
export const H_DATE = 'x-gcmr-date';
export const H_SIG = 'x-gcmr-signature';
export const H_NONCE = 'x-gcmr-nonce';
/** The JSON of an error answer to HEAD (which has no body). */
export const H_ERROR = 'x-gcmr-error';
/** Set by the intake itself after checking a request's signature (never taken from a client). */
export const H_VERIFIED = 'x-gcmr-verified-signer';

export const MAX_SKEW_MS = 5 * 60 * 1000;
/**
 * How long the intake remembers a request's nonce past its date: the date's tolerance, plus a
 * minute for intake processes sharing one index whose clocks differ a little (a nonce forgotten by
 * one while another would still take its date).
 */
export const NONCE_KEEP_MS = MAX_SKEW_MS + 60_000;
/** Version 2: with the nonce (version 1, without, is refused: nonce_required). */
const REQUEST_TAG = 'GCMR-INTAKE-REQUEST-2';
const NONCE = /^[0-9a-f]{32}$/;

export interface RequestParts {
  method: string;
  /** Path and query as sent ("/v1/uploads/abc?x=1"). */
  path: string;
  date: string;
  nonce: string;
  uploadLength?: string | null;
  uploadOffset?: string | null;
  uploadMetadata?: string | null;
}

const sha256 = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

export function canonicalRequest(p: RequestParts): Buffer {
  return Buffer.from([REQUEST_TAG, p.method.toUpperCase(), p.path, p.date, p.nonce, p.uploadLength ?? '', p.uploadOffset ?? '', sha256(p.uploadMetadata ?? '')].join('\n') + '\n');
}

/** The four headers for a request, signed by `sign` (the device's key), with a nonce of its own: every call signs a request that can be taken once. */
export async function signRequest(p: Omit<RequestParts, 'date' | 'nonce'>, fingerprint: string, sign: (data: Buffer) => Promise<Buffer> | Buffer, now = new Date()): Promise<Record<string, string>> {
  const date = now.toISOString();
  const nonce = crypto.randomBytes(16).toString('hex');
  const signature = await sign(canonicalRequest({ ...p, date, nonce }));
  return { 'X-GCMR-Key': fingerprint, 'X-GCMR-Date': date, 'X-GCMR-Nonce': nonce, 'X-GCMR-Signature': signature.toString('base64') };
}

/** The error code of a request refused for its date: the sender's clock is off (it may correct for it and try again). */
export const CLOCK_SKEW = 'clock_skew';
/** The error code of a signed request the intake has already taken (its nonce): a copy, not the sender's (which signs every request afresh). */
export const REPLAYED = 'replayed';
/** The error code of a signed request without a nonce: a sender older than single-use signatures. */
export const NONCE_REQUIRED = 'nonce_required';

/** A request's signature checked: its signer, or why it is refused. */
export type AuthCheck = { ok: true; fingerprint: string } | { ok: false; refusal: IntakeRefusal };

/** What the intake asks of its index to take a request once: true the first time a signer's nonce is shown (kept until `untilMs`), false after. */
export type FirstUse = (fingerprint: string, nonce: string, untilMs: number) => Promise<boolean>;

/**
 * Checks a request's signature headers. `keyOf` gives the enrolled key for a fingerprint and why
 * it may not act (revoked, another role), or why there is none. Why an enrolled key may not act
 * is told only to a request it signed: the fingerprint alone (in every bundle and receipt) does
 * not show a signer's name or the reason it was revoked.
 */
export async function checkRequest(
  p: Omit<RequestParts, 'date' | 'nonce'>,
  headers: { key?: string | null; date?: string | null; nonce?: string | null; signature?: string | null },
  keyOf: (fingerprint: string) => Promise<{ key: KeyObject; refusal: IntakeRefusal | null } | IntakeRefusal>,
  firstUse: FirstUse,
  now = Date.now(),
): Promise<AuthCheck> {
  const no = (r: IntakeRefusal): AuthCheck => ({ ok: false, refusal: r });
  const malformed = (detail: string) => no(refusal('bad_request', { detail }, { status: 401 }));
  if (!headers.key || !headers.date || !headers.signature) return no(refusal('unsigned', {}));
  if (!headers.nonce) return no(refusal('nonce_required', {}));
  if (!NONCE.test(headers.nonce)) return malformed('X-GCMR-Nonce is not 32 hex digits');
  if (!Fingerprint.safeParse(headers.key).success) return malformed('X-GCMR-Key is not a key fingerprint');
  const t = Date.parse(headers.date);
  if (!/^\d{4}-\d\d-\d\dT/.test(headers.date) || Number.isNaN(t)) return malformed('X-GCMR-Date is not an ISO time');
  if (Math.abs(now - t) > MAX_SKEW_MS) return no(refusal('clock_skew', { minutes: MAX_SKEW_MS / 60000, intakeTime: new Date(now).toISOString() }));
  const sig = Buffer.from(headers.signature, 'base64');
  if (sig.length !== 64) return malformed('X-GCMR-Signature is not an Ed25519 signature');
  const k = await keyOf(headers.key);
  if (k instanceof IntakeRefusal) return no(k);
  if (!crypto.verify(null, canonicalRequest({ ...p, date: headers.date, nonce: headers.nonce }), k.key, sig)) return no(refusal('bad_signature', {}));
  if (k.refusal) return no(k.refusal);
  // (only a request its key signed spends a nonce: no one else can use up a device's)
  if (!(await firstUse(headers.key, headers.nonce, t + NONCE_KEEP_MS))) return no(refusal('replayed', {}));
  return { ok: true, fingerprint: headers.key };
}

/**
 * Upload-Metadata the worker sends with a bundle (tus: base64 values). An age-encrypted bundle,
 * which the intake cannot open, also carries its signer and a detached signature by that signer
 * over encryptedStatement() (bundle id, SHA-256 and size of the encrypted file).
 */
export const UploadMeta = z.object({
  bundleId: Uuid,
  sha256: Sha256Hex,
  filename: z.string().max(255).optional(),
  signer: Fingerprint.optional(),
  detachedSig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature').optional(),
});
export type UploadMeta = z.infer<typeof UploadMeta>;

/** What the signer of an encrypted bundle signs so the intake can accept it unopened. */
export const encryptedStatement = (bundleId: string, sha256: string, size: number) => Buffer.from(`GCMR-ENCRYPTED-BUNDLE-1\n${bundleId}\n${sha256}\n${size}\n`);

export const RECEIPT_TYPE = 'gcm-review-receipt';
export const Receipt = z
  .object({
    type: z.literal(RECEIPT_TYPE),
    version: z.literal(1),
    intake: Fingerprint,
    bundleId: Uuid,
    sha256: Sha256Hex,
    size: z.number().int().positive(),
    signer: Fingerprint,
    uploader: Fingerprint,
    receivedAt: z.string().max(40),
  })
  .strict();
export type Receipt = z.infer<typeof Receipt>;

/** What the intake sends and the app keeps: the receipt's exact text and its signature. */
export const SignedReceipt = z.object({ receipt: z.string().min(1).max(4096), signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature') }).strict();
export type SignedReceipt = z.infer<typeof SignedReceipt>;

export function makeReceipt(r: Omit<Receipt, 'type' | 'version'>, sign: (b: Buffer) => Buffer): SignedReceipt {
  const body: Receipt = { type: RECEIPT_TYPE, version: 1, ...r };
  const text = JSON.stringify(body, null, 2) + '\n';
  return { receipt: text, signature: sign(Buffer.from(text)).toString('base64') };
}

/**
 * Checks a signed receipt against the pinned intake key and what was sent; the parsed receipt,
 * or a reason it is not proof of delivery.
 */
export function checkReceipt(s: unknown, intakeKey: KeyObject, expect: { bundleId: string; sha256: string; size: number }): Receipt | string {
  const w = SignedReceipt.safeParse(s);
  if (!w.success) return 'the intake answered without a well-formed receipt';
  if (!crypto.verify(null, Buffer.from(w.data.receipt), intakeKey, Buffer.from(w.data.signature, 'base64'))) return 'the receipt is not signed by the pinned intake key';
  let raw: unknown;
  try {
    raw = JSON.parse(w.data.receipt);
  } catch {
    return 'the receipt is not JSON';
  }
  const r = Receipt.safeParse(raw);
  if (!r.success) return 'the receipt does not have the expected fields';
  if (r.data.intake !== fingerprintOf(intakeKey)) return 'the receipt names another intake key';
  if (r.data.bundleId !== expect.bundleId) return `the receipt is for bundle ${r.data.bundleId}, not ${expect.bundleId}`;
  if (r.data.sha256 !== expect.sha256 || r.data.size !== expect.size) return 'the receipt is for other bytes than the bundle sent (SHA-256 or size differ)';
  return r.data;
}

/** JSON body of an error answer from the intake; `params` with a reason of reasons.ts (an older intake sends none). */
export const IntakeError = z.object({ error: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export const errorBody = (error: string, message: string, params?: Record<string, string | number> | null) => JSON.stringify(params ? { error, message, params } : { error, message });
