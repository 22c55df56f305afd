/**
 * What the intake answers when a request fails: a refusal (IntakeRefusal, or one of tus's own
 * errors: a status and a sentence) is told to the client as `{error, message, params}` (reasons.ts); anything else is
 * a fault of the intake, written to its log with the stack and answered with a 500 that says no
 * more (an error's message can hold the data folder's paths, which are nobody else's business).
 * A data folder that is full or cannot be written is a fault too (logged), answered with what the
 * sender needs to know: 507 or 503, to try again later; what arrived stays for the upload to resume.
 * A storage that does not answer for now (an S3-compatible service down, failing, throttling, or
 * cut off: StorageUnreachable) is a 503 with Retry-After, logged in one line: nothing is accepted
 * or deleted on its account, and the sender's next try finds the upload where it was.
 */
import { ERRORS } from '@tus/server';
import { IntakeRefusal, refusal } from './reasons';
import { errorBody } from './protocol';

export interface Answer {
  status_code: number;
  body: string;
  /** Headers the answer must carry besides (Retry-After). */
  headers?: Record<string, string>;
}

const TUS_CODES: Record<number, string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'gone', 413: 'too_large', 415: 'bad_request', 423: 'locked', 460: 'checksum' };

/** One of tus's errors (ERRORS in @tus/utils): a plain status and a fixed sentence, never an error's own message. */
const isTusError = (e: unknown): e is { status_code: number; body: string } =>
  !!e && typeof e === 'object' && !(e instanceof Error) && typeof (e as { status_code?: unknown }).status_code === 'number' && typeof (e as { body?: unknown }).body === 'string';

/** The system's codes for a data folder that cannot take bytes, and what the sender is told. */
const FULL = { status: 507, error: 'storage_full', message: "the intake has no room left to store uploads (its disk is full); what arrived is kept, and the upload goes on once the intake's administrator makes room" };
const READ_ONLY = { status: 503, error: 'storage_unavailable', message: "the intake cannot write to its data folder (read-only or not writable); the upload goes on once the intake's administrator fixes it" };
// (the file system's, SQLite's and PostgreSQL's: the index lives on the same disk, or is as full)
const STORAGE: Record<string, typeof FULL> = { ENOSPC: FULL, EDQUOT: FULL, SQLITE_FULL: FULL, '53100': FULL, EROFS: READ_ONLY, EACCES: READ_ONLY, EPERM: READ_ONLY, SQLITE_READONLY: READ_ONLY };

/** Whether `e` says the data folder cannot take bytes (full, read-only, not writable). */
export const isStorageFailure = (e: unknown): boolean => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code! in STORAGE;

/** Retry-After of a 503 for a storage that did not answer (StorageUnreachable). */
export const STORAGE_RETRY_AFTER_S = 30;

/**
 * The storage did not answer, or answered that it cannot now (an S3 5xx, SlowDown, a dropped
 * connection, a timeout: the AWS SDK's own retries spent): the same request may succeed later.
 * `detail` says what it answered, in one line, for the log.
 */
export class StorageUnreachable extends Error {
  constructor(
    readonly detail: string,
    override readonly cause: unknown,
  ) {
    super(`the storage did not answer (${detail})`);
    this.name = 'StorageUnreachable';
  }
}

const UNREACHABLE = { error: 'storage_unreachable', message: 'the intake cannot reach its storage for now; what arrived is kept, and the upload goes on when it can' };

export const INTERNAL_MESSAGE = 'the intake could not handle this request (its log says why); try again later';

/** The answer for a failure, and whether it is the intake's own fault (to be logged). */
export function answerFor(e: unknown): Answer & { fault: boolean } {
  if (e instanceof IntakeRefusal) {
    return { status_code: e.status, body: e.code === 'already_received' ? e.message : errorBody(e.code, e.message, e.params), fault: false, ...(e.retryAfterS !== null ? { headers: { 'Retry-After': String(e.retryAfterS) } } : {}) };
  }
  // larger than the intake takes (its maxSize): a reason the sender words
  if (isTusError(e) && e.body === ERRORS.ERR_MAX_SIZE_EXCEEDED.body) return answerFor(refusal('too_large', {}));
  if (isTusError(e)) return { status_code: e.status_code, body: errorBody(TUS_CODES[e.status_code] ?? (e.status_code >= 500 ? 'internal' : 'refused'), e.body.trim()), fault: false };
  if (e instanceof StorageUnreachable) return { status_code: 503, body: errorBody(UNREACHABLE.error, UNREACHABLE.message), fault: true, headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_S) } };
  if (isStorageFailure(e)) {
    const s = STORAGE[(e as NodeJS.ErrnoException).code!]!;
    return { status_code: s.status, body: errorBody(s.error, s.message), fault: true };
  }
  return { status_code: 500, body: errorBody('internal', INTERNAL_MESSAGE), fault: true };
}

/** Writes an intake fault to its log (stderr): what request, and the stack (a storage that did not answer: one line, what it said). */
export function logFault(what: string, e: unknown): void {
  const detail = e instanceof StorageUnreachable ? `${e.message}; answered 503, Retry-After ${STORAGE_RETRY_AFTER_S}` : e instanceof Error ? (e.stack ?? e.message) : isTusError(e) ? `${e.status_code} ${e.body.trim()}` : String(e);
  process.stderr.write(`intake: ${what}: ${detail}\n`);
}
