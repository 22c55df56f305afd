/** The preload's logic, apart from Electron so it can be unit-tested. */
import { METHODS, type Api } from '../../shared/contract';
import { ApiError } from '../../shared/contract/client';
import type { DesktopBridge } from '../../shared/desktop';

/**
 * contextBridge copies only the message of an Error thrown across it, so an ApiError's `code`
 * would be lost. Rejections are therefore plain objects `{ name: 'ApiError', code, message,
 * details }`, which cross the bridge intact; renderer code reads `e.code` / `e.message`
 * (see asApiError in shared/contract/client.ts).
 */
export function bridgeSafeApi(api: Api): Api {
  const out: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const m of METHODS) {
    const fn = api[m] as (input?: unknown) => Promise<unknown>;
    out[m] = (input?: unknown) =>
      fn(input).catch((e: unknown) => {
        const err = e instanceof ApiError ? e : new ApiError('internal', e instanceof Error ? e.message : String(e));
        return Promise.reject({ name: 'ApiError', code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
      });
  }
  return Object.freeze(out) as unknown as Api;
}

/**
 * The before-close subscription. `listen(onRequest)` wires the IPC side: it must call onRequest()
 * when main asks for a flush and report back once the returned promise settles (it never rejects).
 */
export function makeDesktopBridge(listen: (onRequest: () => Promise<void>) => void): DesktopBridge {
  const flushers = new Set<() => Promise<void> | void>();
  listen(async () => {
    await Promise.allSettled([...flushers].map(async (f) => f()));
  });
  return Object.freeze({
    onBeforeClose(flush: () => Promise<void> | void) {
      if (typeof flush !== 'function') throw new TypeError('onBeforeClose takes a function');
      flushers.add(flush);
      return () => {
        flushers.delete(flush);
      };
    },
  });
}
