/**
 * Why the intake refuses a request or an upload: one table, read by both sides. The intake answers
 * every refusal (POST, PATCH, HEAD in X-GCMR-Error, the completion's verification, a receipt's
 * request) as JSON `{error, message, params}`: `error` the reason's code below, `message` the
 * English for operators, logs and older apps, `params` what the sender's app needs to word the
 * reason in its user's language (msg.delivery.refusal.<code in camelCase>, shared/i18n). An answer
 * without `params`, or with a code this table does not have (an older or newer intake), is shown
 * in its English.
 */

/** How the app shows a parameter: as given, a date (the day), or a byte count (in megabytes). */
export type ParamKind = 'text' | 'date' | 'bytes';

export interface Reason<P extends string = string> {
  status: number;
  params: Record<P, ParamKind>;
  english: (p: Record<P, string | number>) => string;
  /** A text parameter that may be empty: the app then words the reason without it (`<key>Bare`). */
  optional?: P;
}

const reason = <P extends string = never>(status: number, params: Record<P, ParamKind>, english: (p: Record<P, string | number>) => string, optional?: NoInfer<P>): Reason<P> => ({ status, params, english, optional });

const SIGNER = { fingerprint: 'text', name: 'text', revokedAt: 'date', why: 'text' } as const;
const notEnrolled = (p: { fingerprint: string | number }) => `${p.fingerprint} is not enrolled at this intake`;
const revoked = (p: Record<keyof typeof SIGNER, string | number>) => `${p.fingerprint} (${p.name}) was revoked on ${p.revokedAt}${p.why ? `: ${p.why}` : ''}`;
const SIGNER_NOT_ACCEPTED = "the bundle's signer is not accepted: ";
const invalidBundle = (p: { detail: string | number }) => `not a valid signed bundle: ${p.detail}`;
const UPLOADER_NOT_ACCEPTED = 'the device that uploaded it is not accepted: ';

export const REASONS = {
  // who sent the request (its signature, checked before any byte is read)
  unsigned: reason(401, {}, () => 'unsigned request: X-GCMR-Key, X-GCMR-Date, X-GCMR-Nonce and X-GCMR-Signature are required'),
  bad_request: reason(400, { detail: 'text' }, (p) => String(p.detail)),
  nonce_required: reason(401, {}, () => 'X-GCMR-Nonce is required: this intake takes each signed request once, and a request signed without a nonce could be sent again by anyone who saw it; update GCM Review on this computer'),
  bad_signature: reason(401, {}, () => 'bad request signature'),
  not_enrolled: reason(403, { fingerprint: 'text' }, notEnrolled),
  revoked: reason(403, SIGNER, revoked, 'why'),
  wrong_role: reason(403, { fingerprint: 'text', name: 'text', role: 'text', expected: 'text' }, (p) => `${p.fingerprint} (${p.name}) is enrolled as a ${p.role}, not a ${p.expected}`),
  // (a receiver's key on the upload API: receivers fetch what devices send)
  receiver_cannot_send: reason(403, { fingerprint: 'text', name: 'text' }, (p) => `${p.fingerprint} (${p.name}) is enrolled as a receiver: receivers fetch bundles, only devices send them`),
  not_yours: reason(403, {}, () => 'this upload was started by another device'),
  // (retried by the app, with reasons of their own: answers.ts)
  clock_skew: reason(401, { minutes: 'text', intakeTime: 'text' }, (p) => `X-GCMR-Date is more than ${p.minutes} minutes from the intake's clock (${p.intakeTime})`),
  replayed: reason(401, {}, () => 'replayed request: this signature was already used (every request is signed afresh)'),
  // the upload's creation
  already_received_elsewhere: reason(422, { bundleId: 'text' }, (p) => `bundle ${p.bundleId} was already received from another device; its receipt is for that device, the bundle's signer and the receivers`),
  over_quota: reason(413, { name: 'text', used: 'bytes', size: 'bytes', quota: 'bytes' }, (p) => `over quota: ${p.name} has ${p.used} bytes received or in progress; ${p.size} more would exceed the quota of ${p.quota} bytes`),
  too_large: reason(413, {}, () => 'Maximum size exceeded: the upload is larger than this intake takes'),
  // the bytes, once complete (refused with 422; the bytes are deleted)
  bytes_differ: reason(422, { bundleId: 'text' }, (p) => `the bytes received do not have the SHA-256 announced for bundle ${p.bundleId}`),
  // (what the desktop's reader says of it, main/bundle/refusals.ts: its English is the detail)
  bundle_unreadable: reason(422, { detail: 'text' }, invalidBundle),
  bundle_unsafe: reason(422, { detail: 'text' }, invalidBundle),
  bundle_altered: reason(422, { detail: 'text' }, invalidBundle),
  bundle_newer_format: reason(422, { detail: 'text' }, invalidBundle),
  bundle_id_mismatch: reason(422, { inside: 'text', announced: 'text' }, (p) => `the bundle inside is ${p.inside}, not the ${p.announced} announced`),
  encrypted_unsigned: reason(422, {}, () => 'an encrypted bundle must come with its signer and a detached signature over its SHA-256'),
  encrypted_altered: reason(422, {}, () => 'the detached signature of the encrypted bundle does not verify with its signer key (altered, or signed by another key)'),
  // (a bundle from another signer than the device: a key of this computer's before, or a colleague's forwarded)
  signer_not_enrolled: reason(422, { fingerprint: 'text' }, (p) => SIGNER_NOT_ACCEPTED + notEnrolled(p)),
  signer_revoked: reason(422, SIGNER, (p) => SIGNER_NOT_ACCEPTED + revoked(p), 'why'),
  // (a bundle the ministry signed, a draft it returned, sent back as it was: receivers fetch, only devices' bundles travel)
  signer_is_receiver: reason(422, { fingerprint: 'text' }, (p) => `${SIGNER_NOT_ACCEPTED}${p.fingerprint} is enrolled as a receiver: a bundle it signed is the ministry's own, not one sent to it`),
  // (the device revoked while its last PATCH ran)
  uploader_not_enrolled: reason(422, { fingerprint: 'text' }, (p) => UPLOADER_NOT_ACCEPTED + notEnrolled(p)),
  uploader_revoked: reason(422, SIGNER, (p) => UPLOADER_NOT_ACCEPTED + revoked(p), 'why'),
} satisfies Record<string, Reason<string>>;

export type ReasonCode = keyof typeof REASONS;
export type ReasonParams<C extends ReasonCode> = Parameters<(typeof REASONS)[C]['english']>[0];

/** An answer the intake gives instead of going on: an HTTP status, a code, the English, and the parameters of a reason of REASONS. */
export class IntakeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds after which trying again may succeed (sent as Retry-After), where the intake can tell. */
    readonly retryAfterS: number | null = null,
    /** For a reason of REASONS: what the sender's app words it with (absent: it shows the English). */
    readonly params: Record<string, string | number> | null = null,
  ) {
    super(message);
  }
}

/** A refusal for one of the reasons (its status, unless `status` is given). */
export function refusal<C extends ReasonCode>(code: C, params: ReasonParams<C>, o: { status?: number; retryAfterS?: number } = {}): IntakeRefusal {
  const r = REASONS[code] as Reason<string>;
  return new IntakeRefusal(o.status ?? r.status, code, r.english(params as Record<string, string | number>), o.retryAfterS ?? null, params as Record<string, string | number>);
}

/**
 * A refusal as the intake's index keeps it (an upload refused at completion: asked again later,
 * by the same process or another): JSON of its code, English and parameters. A row written before
 * there were codes holds the English alone, told as it is.
 */
export const storedRefusal = (r: IntakeRefusal): string => JSON.stringify({ code: r.code, message: r.message, params: r.params });

export function readStoredRefusal(stored: string): IntakeRefusal {
  if (stored.startsWith('{')) {
    try {
      const o = JSON.parse(stored) as { code?: unknown; message?: unknown; params?: unknown };
      if (typeof o.code === 'string' && typeof o.message === 'string') return new IntakeRefusal(422, o.code, o.message, null, o.params && typeof o.params === 'object' ? (o.params as Record<string, string | number>) : null);
    } catch {
      /* English that starts with a brace */
    }
  }
  return new IntakeRefusal(422, 'refused', stored);
}

/** The app's words for a code: msg.delivery.refusal.<camelCase>. */
export const reasonKey = (code: string) => `delivery.refusal.${code.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
