/**
 * How long a connection may hold the intake without sending: no one, signed or not, can keep a
 * socket (and the upload lock a PATCH holds) by dribbling bytes.
 * - Headers: all of them within `headersMs` of the request's start (Node's headersTimeout, checked
 *   every `checkEveryMs`), however slowly they come.
 * - A socket with nothing moving either way for `idleMs` is closed (Node's socket timeout).
 * - A request body must bring at least `minBodyBytes` every `bodyWindowMs` while the intake is
 *   ready for it (not while it makes the sender wait: a store behind, a lock being taken); a body
 *   dribbled slower is cut there. A cut PATCH keeps what arrived (tus-request.ts) and frees its
 *   upload for the sender's next request.
 * The upload as a whole has no time limit (a large bundle on a slow line takes long).
 */
import type http from 'node:http';

export interface ConnectionLimits {
  headersMs: number;
  checkEveryMs: number;
  idleMs: number;
  bodyWindowMs: number;
  minBodyBytes: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  headersMs: 30_000,
  checkEveryMs: 5_000,
  idleMs: 120_000,
  bodyWindowMs: 60_000,
  // 16 KiB a minute: ~270 bytes/s, far under any line that can carry a bundle at all
  minBodyBytes: 16 * 1024,
};

/** Server options for these limits (given to http.createServer). */
export const serverOptions = (l: ConnectionLimits): http.ServerOptions => ({ headersTimeout: l.headersMs, requestTimeout: 0, connectionsCheckingInterval: l.checkEveryMs });

export function applyIdleTimeout(server: http.Server, l: ConnectionLimits): void {
  server.setTimeout(l.idleMs);
}

/** Whether a request announces a body (a length above 0, or chunks). */
export const hasBody = (req: http.IncomingMessage): boolean => (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;

/** A body announced and not all read yet: an answer now must close the connection (connection: close) rather than read it on. */
export const bodyUnread = (req: http.IncomingMessage): boolean => hasBody(req) && !req.complete;

/**
 * Watches a request's body: cut (the socket destroyed) when less than `minBodyBytes` arrived in a
 * window in which the intake was ready to read. Ends by itself with the request or its answer.
 */
export function guardBodyRate(req: http.IncomingMessage, res: http.ServerResponse, l: ConnectionLimits): void {
  if (!hasBody(req)) return;
  const socket = req.socket;
  let seen = socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    const got = socket.bytesRead - seen;
    seen = socket.bytesRead;
    // the intake itself holds the sender back: a paused request, or a full buffer not taken yet
    const waitingOnUs = req.isPaused() || req.readableLength >= req.readableHighWaterMark;
    if (got < l.minBodyBytes && !waitingOnUs) {
      process.stderr.write(`intake: ${req.method} ${req.url}: body slower than ${l.minBodyBytes} bytes in ${l.bodyWindowMs / 1000} s; connection closed\n`);
      socket.destroy();
      stop();
    }
  }, l.bodyWindowMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    res.off('close', stop);
    req.off('end', stop);
  };
  res.once('close', stop);
  req.once('end', stop);
}
