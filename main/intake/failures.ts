/**
 * What the intake answers when a request fails: a refusal (IntakeRefusal, or one of tus's own
 * errors: a status and a sentence) is told to the client as `{error, message}`; anything else is
 * a fault of the intake, written to its log with the stack and answered with a 500 that says no
 * more (an error's message can hold the data folder's paths, which are nobody else's business).
 */
import { IntakeRefusal } from './intake';
import { errorBody } from './protocol';

export interface Answer {
  status_code: number;
  body: string;
}

const TUS_CODES: Record<number, string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'gone', 413: 'too_large', 415: 'bad_request', 423: 'locked', 460: 'checksum' };

/** One of tus's errors (ERRORS in @tus/utils): a plain status and a fixed sentence, never an error's own message. */
const isTusError = (e: unknown): e is { status_code: number; body: string } =>
  !!e && typeof e === 'object' && !(e instanceof Error) && typeof (e as { status_code?: unknown }).status_code === 'number' && typeof (e as { body?: unknown }).body === 'string';

export const INTERNAL_MESSAGE = 'the intake could not handle this request (its log says why); try again later';

/** The answer for a failure, and whether it is the intake's own fault (to be logged). */
export function answerFor(e: unknown): Answer & { fault: boolean } {
  if (e instanceof IntakeRefusal) return { status_code: e.status, body: e.code === 'already_received' ? e.message : errorBody(e.code, e.message), fault: false };
  if (isTusError(e)) return { status_code: e.status_code, body: errorBody(TUS_CODES[e.status_code] ?? (e.status_code >= 500 ? 'internal' : 'refused'), e.body.trim()), fault: false };
  return { status_code: 500, body: errorBody('internal', INTERNAL_MESSAGE), fault: true };
}

/** Writes an intake fault to its log (stderr): what request, and the stack. */
export function logFault(what: string, e: unknown): void {
  const detail = e instanceof Error ? (e.stack ?? e.message) : isTusError(e) ? `${e.status_code} ${e.body.trim()}` : String(e);
  process.stderr.write(`intake: ${what}: ${detail}\n`);
}
