/**
 * Browser mode: a loopback HTTP host that serves the built renderer and the same contract calls
 * as Electron IPC. API requests must carry the per-launch secret (header x-gcm-token) and a Host
 * (and, when present, Origin) naming this host, which defeats other local pages and DNS rebinding.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Handlers } from '../../shared/contract';
import { pathInputRefusal } from '../../shared/contract/path-inputs';
import { SECURITY_HEADERS, contentType, readAppFile, resolveStaticFile, safeDecode } from '../app-files';
import { StoreGate } from '../store-gate';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
export { CSP } from '../app-files';
const TOO_LARGE = `request too large: an API call's body is at most ${MAX_BODY_BYTES / 1024 / 1024} MB`;


export interface Host {
  url: string;
  port: number;
  secret: string;
  /**
   * A link that opens the app once (within two minutes) and then stops working: for handing to a
   * browser on its command line, which other local users can read, instead of the secret itself.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

/**
 * A client on loopback sends its headers at once and its body (at most 32 MB) in well under a
 * minute; one that does not is cut off (Node's defaults, 60 s for the headers and 5 minutes for the
 * request, let any local process hold connections open that long without the secret).
 */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 60_000;
const TIMEOUTS: http.ServerOptions = { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 };

export const LAUNCH_URL_LIFETIME_MS = 2 * 60 * 1000;

export interface HostOptions {
  /** The services' handlers; or `gate`, when the store may still be upgrading as the host starts. */
  handlers?: Handlers;
  gate?: StoreGate;
  staticDir: string;
  port?: number;
  secret?: string;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

const refuse = (res: http.ServerResponse, status: number, message: string) =>
  send(res, status, JSON.stringify({ ok: false, error: { code: 'forbidden', message } }));

/** `application/json`, with parameters or none (was: any type starting so, `application/jsonx` too). */
const isJson = (type: string | undefined) => /^application\/json\s*(;|$)/i.test(type ?? '');

/**
 * The request's URL, or null for a target URL cannot parse (such as `http://[`, which a raw
 * client can send; was: an uncaught TypeError that ended browser mode).
 */
function parseTarget(target: string | undefined, host: string): URL | null {
  try {
    return new URL(target ?? '/', `http://${host}`);
  } catch {
    return null;
  }
}

export function startHost(opts: HostOptions): Promise<Host> {
  const secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
  const secretBuf = Buffer.from(secret);
  const staticRoot = path.resolve(opts.staticDir);
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const launchCodes = new Map<string, number>(); // one-time code -> expiry (ms)
  if (!opts.gate && !opts.handlers) throw new Error('startHost needs handlers or a gate');
  const gate = opts.gate ?? StoreGate.open(opts.handlers!);

  const answerApi = async (res: http.ServerResponse, url: URL, chunks: Buffer[]) => {
    if (res.headersSent) return;
    let payload: unknown;
    try {
      payload = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'body is not valid JSON' } }));
    }
    const method = safeDecode(url.pathname.slice(5)) ?? '';
    const pathRefusal = pathInputRefusal(method, payload);
    if (pathRefusal) return refuse(res, 403, pathRefusal);
    const r = await gate.dispatch(method, payload);
    send(res, r.ok ? 200 : r.error.code === 'internal' ? 500 : r.error.code === 'store_upgrading' ? 503 : 400, JSON.stringify(r));
  };

  const server = http.createServer(TIMEOUTS, (req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return refuse(res, 403, 'foreign Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !(origin.startsWith('http://') && allowedHosts().has(origin.slice(7)))) return refuse(res, 403, 'foreign Origin header');
    const url = parseTarget(req.url, host);
    if (!url) return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'malformed request target' } }));

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'API calls are POST');
      const token = Buffer.from(String(req.headers['x-gcm-token'] ?? ''));
      if (token.length !== secretBuf.length || !crypto.timingSafeEqual(token, secretBuf)) return refuse(res, 401, 'missing or wrong secret');
      if (!isJson(req.headers['content-type'])) return refuse(res, 415, 'API calls take application/json');
      // A body announced larger than the cap is refused before any of it is read (was: the host
      // waited for it until the request timed out).
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
        res.setHeader('connection', 'close');
        return refuse(res, 413, TOO_LARGE);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          refuse(res, 413, TOO_LARGE);
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        answerApi(res, url, chunks).catch((e) => {
          // Never an unhandled rejection: whatever went wrong is this request's answer.
          if (res.headersSent) return res.destroy();
          send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } }));
        });
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (url.pathname.startsWith('/open/')) {
      const expiry = launchCodes.get(url.pathname.slice(6));
      launchCodes.delete(url.pathname.slice(6));
      if (!expiry || expiry < Date.now()) return refuse(res, 403, 'this link was already used or has expired: open the address printed where GCM Review was started');
      res.writeHead(303, { ...SECURITY_HEADERS, location: `/#token=${secret}`, 'cache-control': 'no-store' });
      return res.end();
    }
    const file = resolveStaticFile(staticRoot, url.pathname);
    if (!file) return refuse(res, 403, 'outside the app');
    readAppFile(staticRoot, file).then((data) => (data ? send(res, 200, data, contentType(file)) : send(res, 404, 'not found', 'text/plain; charset=utf-8')));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        port,
        secret,
        url: `http://127.0.0.1:${port}/#token=${secret}`,
        launchUrl: () => {
          const code = crypto.randomBytes(24).toString('base64url');
          launchCodes.set(code, Date.now() + LAUNCH_URL_LIFETIME_MS);
          return `http://127.0.0.1:${port}/open/${code}`;
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
