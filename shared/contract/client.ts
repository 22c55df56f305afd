/**
 * Builds `window.api` from the contract over any transport that carries the envelope
 * `{ ok: true, value } | { ok: false, error }`. Used by the Electron preload and by the
 * browser-mode client, so both expose exactly the same object. No zod here (the call names come
 * from method-names.ts): the renderer's first screen does not load the schemas.
 */
import type { Api, WireError } from './index';
import { ERROR_CODES, type ErrorCode } from './errors';
import { METHOD_NAMES } from './method-names';

export class ApiError extends Error {
  constructor(
    public readonly code: WireError['code'],
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A call that never reached the host: the browser's request itself failed (browser mode's fetch
 * rejects, with a TypeError worded by the browser: "Failed to fetch", "NetworkError when attempting
 * to fetch resource."). Its own kind, so that the screen says the app cannot be reached for this
 * and only this, and keeps the browser's words and the call's name as the technical line (any other
 * TypeError is a fault of the page, not of the connection).
 */
export class NoConnection extends Error {
  constructor(method: string, cause: unknown) {
    super(`${method}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NoConnection';
  }
}

export type Envelope = { ok: true; value: unknown } | { ok: false; error: WireError };
export type Transport = (method: string, input: unknown) => Promise<Envelope>;

export function makeApi(transport: Transport): Api {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const m of METHOD_NAMES) {
    api[m] = async (input?: unknown) => {
      const r = await transport(m, input ?? {});
      if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
      return r.value;
    };
  }
  return Object.freeze(api) as unknown as Api;
}

/**
 * Any rejection from `window.api` as an ApiError. In Electron the preload rejects with a plain
 * `{ name, code, message, details }` object (contextBridge would strip an Error's `code`).
 */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof o.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(o.code)) return new ApiError(o.code as ErrorCode, o.message, o.details);
  }
  return new ApiError('internal', e instanceof Error ? e.message : String(e));
}
