/**
 * What a failed answer to a delivery request means, and whether trying again can help. Only the
 * intake refuses for good, with its own JSON `{error, message}`; an answer from something between
 * this computer and the intake (a network sign-in page, a firewall, a proxy, the intake's web
 * server saying the intake is down) is never a delivery nor a final refusal: it is retried, with
 * a reason that says what answered (its status and page title, never its HTML). Retry-After is
 * honoured up to an hour.
 */
import { AppError } from '../../shared/contract/common';
import { coded, type MessageRef } from '../../shared/messages';
import { CLOCK_SKEW, IntakeError, MAX_SKEW_MS, REPLAYED } from '../intake/protocol';
import { REASONS, reasonKey, type ParamKind, type Reason } from '../intake/reasons';

/** What went wrong, and whether trying again can help. */
export class DeliveryError extends Error {
  /** How long the server asked to be left alone (Retry-After, at most MAX_RETRY_AFTER_MS), if it did. */
  retryAfterMs: number | null = null;

  constructor(
    message: string,
    readonly kind: 'retry' | 'refused' | 'already_received',
    readonly status: number | null = null,
    /** A stable name for what went wrong, where one is needed (e.g. 'answer_too_large'). */
    readonly code: string | null = null,
    /** Why, as the outbox and the CLI word it in the user's language (msg.delivery.* in shared/i18n); the message is the English, for logs. */
    readonly ref: MessageRef | null = null,
  ) {
    super(message);
  }
}

/** A reason of msg.delivery.* in shared/i18n, with its parameters. */
export const reason = (key: string, params?: MessageRef['messageParams']): MessageRef => ({ messageKey: `delivery.${key}`, ...(params ? { messageParams: params } : {}) });

/** What a connection's failure says, by the system's error code (the detail stays in the English message). */
const CONNECTION_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connRefused',
  ENOTFOUND: 'connNotFound',
  EAI_AGAIN: 'connNotFound',
  ETIMEDOUT: 'connTimedOut',
  ECONNRESET: 'connCut',
  EPIPE: 'connCut',
  ECONNABORTED: 'connCut',
  ENETUNREACH: 'connUnreachable',
  EHOSTUNREACH: 'connUnreachable',
  ENETDOWN: 'connUnreachable',
  EHOSTDOWN: 'connUnreachable',
};
const isCertificateCode = (code: string) => /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_)/.test(code);

/** A request that got no answer (refused, cut, no route, a certificate not trusted…): to retry, with its reason. */
export function connectionFailed(cause: unknown): DeliveryError {
  const e = cause as (Error & { code?: unknown }) | undefined;
  const code = typeof e?.code === 'string' ? e.code : null;
  const key = code ? (CONNECTION_REASONS[code] ?? (isCertificateCode(code) ? 'connCertificate' : null)) : /socket hang up|aborted|closed/i.test(e?.message ?? '') ? 'connCut' : null;
  const ref = key ? reason(key) : code ? reason('connFailed', { code }) : reason('connLost');
  return new DeliveryError(`connection to the intake failed: ${e?.message ?? String(cause)}`, 'retry', null, null, ref);
}

/**
 * A delivery failure as a call's error (the ministry's fetch from the intake at `url`): its reason
 * by its code, the English beneath it (`detail`), and, where the intake gave no answer of its own
 * (nothing listening, no network, a proxy's page), what to do: check the address and the network
 * (`advice`, msg.delivery.checkIntake). Before, it reached the screen as "something went wrong"
 * with the system's "ECONNREFUSED" as the only specific.
 */
export function deliveryCallError(e: DeliveryError, url: string): AppError {
  const advice = e.kind === 'retry' ? { advice: reason('checkIntake', { url }) } : {};
  return new AppError(e.kind === 'refused' ? 'forbidden' : 'conflict', e.message, e.ref ? coded(e.ref.messageKey, e.ref.messageParams, { ...CLAUSE, ...advice }) : { ...CLAUSE, ...advice });
}

/** details of a call's error whose reason is a delivery's: the English beneath it, and the reason is a clause (written to follow "Retrying: …") that the error box starts as a sentence. */
export const CLAUSE = { detail: true, clause: true } as const;

/** The longest wait a Retry-After is followed for (a server asking for a day is asked again after an hour). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Headers of an answer that bear on its meaning. */
export interface AnswerHeaders {
  retryAfter?: string | null;
  /** The answer's Date: a Retry-After given as a date is counted from it (this computer's clock may be off). */
  date?: string | null;
  /** The answer carries Tus-Resumable: it is tus's, at the intake (a page from elsewhere does not). */
  tus?: boolean;
  contentType?: string | null;
}

/** Whether an answer bears the intake's marks (tus's header, or the JSON it always answers in); a page from a sign-in or a proxy does not. */
export const fromIntake = (h: AnswerHeaders): boolean => !!h.tus || /^application\/json\b/.test(h.contentType ?? '');

const intakeErrorOf = (body: string) => IntakeError.safeParse((() => { try { return JSON.parse(body); } catch { return null; } })());

/** A failed answer as a DeliveryError: the intake's refusals are final, the rest is retried. */
export function classify(status: number, body: string, h: AnswerHeaders = {}): DeliveryError {
  const e = meaning(status, body, h);
  e.retryAfterMs = retryAfterMs(h.retryAfter, h.date);
  return e;
}

function meaning(status: number, body: string, h: AnswerHeaders): DeliveryError {
  if (status === 409 && body.includes('"receipt"')) return new DeliveryError('already received', 'already_received', status);
  const intake = intakeErrorOf(body);
  if (!intake.success && !h.tus) return notTheIntake(status, body);
  const said = intake.success ? intake.data.message : `HTTP ${status}`;
  // this computer's clock: corrected from the answer's Date (IntakeClock), or for the user to set right
  if (status === 401 && intake.data?.error === CLOCK_SKEW) {
    return new DeliveryError(`the intake refused the request's time: this computer's clock is more than ${MAX_SKEW_MS / 60000} minutes off the intake's (${said})`, 'retry', status, CLOCK_SKEW, reason('clockSkew', { minutes: MAX_SKEW_MS / 60000 }));
  }
  // a copy of a request the intake had taken (a proxy sending it twice): each attempt is signed afresh
  if (status === 401 && intake.data?.error === REPLAYED) return new DeliveryError(`the intake had already taken this request (sent twice on the way); it is sent again, signed afresh`, 'retry', status, REPLAYED, reason('replayed'));
  if ([400, 401, 403, 413, 422].includes(status)) return new DeliveryError(said, 'refused', status, intake.data?.error ?? null, intake.success ? refusalRef(intake.data) : null);
  const code = intake.data?.error ?? null;
  return new DeliveryError(`the intake answered ${status}: ${said}`, 'retry', status, code, INTAKE_REASONS[code ?? ''] ?? reason('intakeAnswered', { status }));
}

/**
 * An intake's refusal in the user's words: its reason (main/intake/reasons.ts) as a key of
 * msg.delivery.refusal.* with the parameters the sentence needs, each checked and shaped (a date
 * to its day, bytes to megabytes, text without control characters). Null, so that its English is
 * shown, for an answer without parameters (an older intake), a code this app does not know (a
 * newer one), or parameters missing.
 */
export function refusalRef(e: { error: string; params?: Record<string, string | number> }): MessageRef | null {
  const r: Reason | undefined = Object.hasOwn(REASONS, e.error) ? REASONS[e.error as keyof typeof REASONS] : undefined;
  if (!r || !e.params) return null;
  const params: Record<string, string | number> = {};
  for (const [name, kind] of Object.entries(r.params) as Array<[string, ParamKind]>) {
    const v = e.params[name] === undefined ? undefined : shaped(kind, e.params[name]);
    if (v === undefined) return null;
    params[name] = v;
  }
  const bare = r.optional !== undefined && params[r.optional] === '';
  return { messageKey: `${reasonKey(e.error)}${bare ? 'Bare' : ''}`, messageParams: params };
}

/** A parameter as the sentence shows it; undefined for a byte count that is not a number. */
function shaped(kind: ParamKind, v: string | number): string | number | undefined {
  if (kind === 'bytes') return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round((v / 1024 ** 2) * 10) / 10 : undefined;
  const text = String(v).replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim().slice(0, 300);
  return kind === 'date' && /^\d{4}-\d\d-\d\dT/.test(text) ? text.slice(0, 10) : text;
}

/** The intake's own errors to retry, by their code. */
const INTAKE_REASONS: Record<string, MessageRef> = {
  storage_full: reason('intakeFull'),
  storage_unavailable: reason('intakeNotWritable'),
  storage_unreachable: reason('intakeStorageUnreachable'),
  too_many_uploads: reason('tooManyUploads'),
  internal: reason('intakeFault'),
};

/** An answer that is not the intake's: what answered, in words, with the page's title (plain text) if it has one. */
function notTheIntake(status: number, body: string): DeliveryError {
  const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(body)?.[1]?.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 100);
  const what = `HTTP ${status}${title ? ` (${title})` : ''}`;
  if (status >= 500) return new DeliveryError(`the intake did not answer: the intake's web server answered ${what}; the intake itself is stopped or out of its reach for now`, 'retry', status, 'gateway', reason('gateway', { what }));
  return new DeliveryError(`the intake did not answer: something between this computer and the intake answered ${what}, a network sign-in page, a firewall or a proxy; sign in to the network, or ask its administrator`, 'retry', status, 'not_the_intake', reason('notTheIntake', { what }));
}

/** Retry-After (seconds, or an HTTP date counted from the answer's Date) in ms, within 0..MAX_RETRY_AFTER_MS; null if absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, date?: string | null): number | null {
  const v = value?.trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return null;
    const from = date ? Date.parse(date) : NaN;
    ms = at - (Number.isNaN(from) ? Date.now() : from);
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
