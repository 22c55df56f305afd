/**
 * The one entry point every transport uses (Electron IPC, the HTTP host, the CLI): look up the
 * method in the contract, validate the payload with its zod schema, run the service, and turn any
 * failure into a WireError. Bad input never reaches a service. A call's schemas load with its part
 * of the contract on its first call (shared/contract/method-names.ts): a CLI command builds only
 * the schemas it uses (issue 13).
 */
import { ZodError } from 'zod';
import type { Handlers, Method, Output } from '../shared/contract';
import { AppError, type WireError } from '../shared/contract/common';
import { callOf, loadedCall } from '../shared/contract/method-names';
import { coded, validationRef } from '../shared/messages';
import { describeZodError } from '../shared/template/schema';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: WireError };

export function toWireError(e: unknown): WireError {
  if (e instanceof AppError) return { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
  if (e instanceof ZodError) return { code: 'invalid_input', message: describeZodError(e) };
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { code: 'invalid_input', message: 'input nested too deep' };
  const msg = e instanceof Error ? e.message : String(e);
  if (/SQLITE_CORRUPT|SQLITE_NOTADB|malformed|file is not a database/i.test(msg)) {
    return { code: 'bad_file', message: `the store is damaged (${msg}): restore a backup with \`backup restore FILE\``, details: { key: 'safety.storeDamaged' } };
  }
  // A full disk (SQLITE_FULL from the engine, ENOSPC from any file write): the transaction was
  // rolled back, nothing of the call is kept; the same call succeeds on the same base once there is room.
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /SQLITE_FULL|database or disk is full|ENOSPC|no space left on device/i.test(msg)) {
    return { code: 'internal', message: `the disk is full (${msg}): nothing of this change was saved; free some space and try again`, details: { key: 'safety.diskFull' } };
  }
  // A disk or folder that cannot be written (a read-only mount, a stick's write-protect switch) and
  // a disk that fails (a USB stick or network drive pulled out): the change was rolled back as above.
  if (/^SQLITE_READONLY/.test(String(code)) || code === 'EROFS' || /attempt to write a readonly database|read-only file system/i.test(msg)) {
    return { code: 'internal', message: `the store cannot be written (${msg}): nothing of this change was saved`, details: { key: 'safety.readOnly' } };
  }
  if (/^SQLITE_IOERR/.test(String(code)) || code === 'EIO' || /disk I\/O error|EIO: i\/o error/i.test(msg)) {
    return { code: 'internal', message: `the disk failed to read or write (${msg}): nothing of this change was saved; reconnect the disk and try again`, details: { key: 'safety.ioError' } };
  }
  if (/SQLITE_BUSY|database is locked/.test(msg)) return { code: 'conflict', message: 'the store is busy (is another GCM Review window or command writing?); try again' };
  return { code: 'internal', message: msg };
}

export async function dispatch(handlers: Handlers, method: string, payload: unknown): Promise<DispatchResult> {
  // Resolved synchronously once its group is loaded: an await per call cost ~0.2 ms on every save.
  const call = loadedCall(method) ?? (await callOf(method));
  if (!call) return { ok: false, error: { code: 'invalid_input', message: `unknown method ${JSON.stringify(method).slice(0, 80)}` } };
  try {
    // Validation inside the try: whatever a payload does to a schema becomes an error, never a crash.
    const parsed = call.input.safeParse(payload);
    // The English message for the CLI and logs; details name the field and the problem for the renderer to word.
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `${method}: ${describeZodError(parsed.error)}`, details: coded(validationRef(parsed.error.issues[0]!).messageKey, validationRef(parsed.error.issues[0]!).messageParams) } };
    const fn = handlers[method as Method] as (i: unknown) => unknown;
    const value = await fn(parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toWireError(e) };
  }
}

/** Typed, throwing form for in-process callers (CLI, tests). */
export async function invoke<M extends Method>(handlers: Handlers, method: M, payload: unknown): Promise<Output<M>> {
  const r = await dispatch(handlers, method, payload);
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as Output<M>;
}
