/**
 * The sending side of the intake protocol: a tus upload of one bundle file (tus-js-client) and
 * signed requests for receipts, every request signed by this installation's key. Retrying is
 * left to the caller (the worker asks for the receipt first, then resumes the stored upload).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as Tus from 'tus-js-client';
import { API_PREFIX, CLOCK_SKEW, H_ERROR, RECEIPT_PATH, signRequest, UPLOAD_PATH } from '../intake/protocol';
import { classify, connectionFailed, DeliveryError, fromIntake, reason, type AnswerHeaders } from './answers';
import type { IntakeClock } from './intake-clock';
import { DEFAULT_STALL_MS, silentLine, StallWatch, type SocketView } from './stall-watch';
import { fileSlices, UploadStack } from './upload-stack';

export interface DeviceSigner {
  fingerprint: string;
  sign(data: Buffer): Promise<Buffer> | Buffer;
  /** The intake's time as last seen in its answers: requests are signed with it, and every answer's `Date` updates it. */
  clock?: IntakeClock;
}

export interface UploadJob {
  baseUrl: string;
  file: string;
  size: number;
  bundleId: string;
  sha256: string;
  /** A tus upload to resume (from an earlier attempt), if any. */
  uploadUrl: string | null;
  onUploadUrl?(url: string): void;
  onProgress?(sent: number, total: number): void;
  /** Bytes the intake has acknowledged. */
  onAcked?(offset: number): void;
  /** How far into the file this upload has read (exactly, unlike onProgress): bytes past it were never sent. */
  onFileRead?(upTo: number): void;
  chunkSize?: number;
  /** Give up (and let the caller resume) when the line shows no sign of life for this long (stall-watch.ts). */
  stallMs?: number;
  /** The slowest line given the time to send what the system took at once (stall-watch.ts). */
  slowestBytesPerSecond?: number;
  /** For an age-encrypted bundle: its signer and the detached signature over encryptedStatement(). */
  detached?: { signer: string; signature: string };
}

/**
 * Bytes per PATCH request. Each request waits for its answer before the next starts (the line
 * idles while the intake drains and answers), so fewer and larger requests: a bundle up to 256 MB
 * is one request (200 MB over loopback: 1.44-1.53x curl in bench runs alternating with 64 MB
 * requests at 1.98-2.81x). A cut loses nothing (the intake keeps what arrived and the upload
 * resumes from its offset, which the HEAD before it gives).
 */
export const DEFAULT_CHUNK_BYTES = 256 * 1024 * 1024;

/**
 * The largest answer read by signedGet (receipts, refusals, the receivers' listing of up to 500
 * bundles): past it the connection is dropped, so a hostile or broken server cannot fill memory.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const tooLarge = (what: string) =>
  new DeliveryError(`the intake's answer is too large (${what}; at most ${MAX_ANSWER_BYTES} bytes are read): a broken or hostile server`, 'retry', null, 'answer_too_large', reason('answerTooLarge', { megabytes: MAX_ANSWER_BYTES / 1024 ** 2 }));

const base = (u: string) => u.replace(/\/+$/, '');
const pathOf = (u: string) => {
  const x = new URL(u);
  return x.pathname + x.search;
};

async function signedHeaders(device: DeviceSigner, method: string, url: string, extra: { uploadLength?: string | null; uploadOffset?: string | null; uploadMetadata?: string | null } = {}) {
  return signRequest({ method, path: pathOf(url), ...extra }, device.fingerprint, (b) => device.sign(b), device.clock?.now());
}

/**
 * GET with this device's signature; the body and status. Network failures are DeliveryErrors to
 * retry. A refusal for the request's time whose answer corrected the device's clock is sent again once.
 */
export async function signedGet(device: DeviceSigner, url: string, timeoutMs = 30_000): Promise<{ status: number; body: string; headers: AnswerHeaders }> {
  const get = async () => {
    const r = await smallGet(url, await signedHeaders(device, 'GET', url), timeoutMs);
    device.clock?.observe(r.headers.date);
    return r;
  };
  try {
    const corrections = device.clock?.corrections;
    const r = await get();
    // refused for its time, and the answer set the clock right: once more, with the intake's time
    if (r.status === 401 && device.clock && device.clock.corrections !== corrections && classify(r.status, r.body, r.headers).code === CLOCK_SKEW) return await get();
    return r;
  } catch (e) {
    if (e instanceof DeliveryError) throw e;
    throw connectionFailed(e);
  }
}

/**
 * A small GET over node:http(s): its status and body; redirects are not followed. (fetch would
 * first load undici, a tenth of a second before the first byte of every `delivery send`.) An
 * answer over MAX_ANSWER_BYTES (announced or as it arrives) drops the connection: answer_too_large.
 */
async function smallGet(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string; headers: AnswerHeaders }> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = mod.get(u, { headers, timeout: timeoutMs }, (res) => {
      const stop = (what: string) => {
        reject(tooLarge(what));
        req.destroy();
      };
      const announced = Number(res.headers['content-length'] ?? 0);
      if (announced > MAX_ANSWER_BYTES) return stop(`${announced} bytes announced`);
      const chunks: Buffer[] = [];
      let got = 0;
      res.on('data', (c: Buffer) => {
        got += c.length;
        if (got > MAX_ANSWER_BYTES) return stop('more than that arrived');
        chunks.push(c);
      });
      const h = (name: string) => [res.headers[name]].flat()[0] ?? null;
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: { date: h('date'), retryAfter: h('retry-after'), tus: !!h('tus-resumable'), contentType: h('content-type') } }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
  });
}

/** What an upload needs of tus-js-client: its upload, as its Node entry makes it, with this app's HTTP stack and file source (upload-stack.ts). */
export interface TusUploads {
  Upload: new (file: unknown, options: Tus.UploadOptions) => Tus.Upload;
}

/** A CommonJS module's default export, however the loader (Node, tsx, the bundler) hands it over. */
const defaultOf = <T>(m: { default: T | { default: T } }): T => ((m.default as { default?: T }).default ?? m.default) as T;

/** No fingerprint: tus-js-client then keeps no URL of its own (the store keeps it); its types want a string, its code takes null. */
const NO_FINGERPRINT = (async () => null) as unknown as Tus.UploadOptions['fingerprint'];

let tusModule: Promise<TusUploads> | null = null;
/**
 * tus-js-client loads with the first upload, not with every command; the worker starts loading it
 * while it asks for a receipt, so the upload need not wait. Only its upload and no-op URL store are
 * loaded: its Node entry also loads a file URL store (lock files, graceful-fs, which patches `fs`
 * for the whole process), a file fingerprinter and its HTTP stack, none used here (uploads are
 * resumed from the store's URL; files are read and sent by upload-stack.ts).
 */
export const loadTus = (): Promise<TusUploads> =>
  (tusModule ??= Promise.all([import('tus-js-client/lib.es5/upload.js'), import('tus-js-client/lib.es5/noopUrlStorage.js')]).then(([u, n]) => {
    const BaseUpload = defaultOf(u);
    const NoopUrlStorage = defaultOf(n);
    const defaults: Partial<Tus.UploadOptions> = { ...BaseUpload.defaultOptions, httpStack: new UploadStack(), urlStorage: new NoopUrlStorage(), fingerprint: NO_FINGERPRINT };
    return {
      Upload: class extends BaseUpload {
        constructor(file: unknown, options: Tus.UploadOptions) {
          super(file, { ...defaults, ...options });
        }
      },
    };
  }));

/** The intake's receipt for a bundle (parsed JSON), null if it has not received it; refusals throw. */
export async function fetchReceipt(device: DeviceSigner, baseUrl: string, bundleId: string, uploadUrl: string | null): Promise<unknown | null> {
  const uploadId = uploadUrl ? uploadUrl.split('/').pop() : null;
  const url = `${base(baseUrl)}${RECEIPT_PATH}${bundleId}${uploadId ? `?upload=${encodeURIComponent(uploadId)}` : ''}`;
  const r = await signedGet(device, url);
  // a page from a network sign-in or a proxy is not the intake's answer
  if (r.status === 200 && fromIntake(r.headers)) return JSON.parse(r.body);
  if (r.status === 404 && fromIntake(r.headers)) return null;
  throw classify(r.status, r.body, r.headers);
}

/**
 * Downloads with this device's signature into `file` (created, never overwritten); the SHA-256 and
 * size of what arrived. A download with no byte arriving for `stallMs` (a line gone silent) is
 * given up: the error says so (what arrived stays in `file` for the caller to remove).
 */
export async function signedDownload(device: DeviceSigner, url: string, file: string, stallMs = DEFAULT_STALL_MS): Promise<{ sha256: string; size: number }> {
  const silence = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arrived = () => {
    clearTimeout(timer);
    timer = setTimeout(() => silence.abort(silentLine(stallMs)), stallMs);
  };
  arrived();
  try {
    return await download(device, url, file, silence.signal, arrived);
  } catch (e) {
    throw silence.signal.aborted ? silence.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

async function download(device: DeviceSigner, url: string, file: string, signal: AbortSignal, arrived: () => void): Promise<{ sha256: string; size: number }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: await signedHeaders(device, 'GET', url), redirect: 'error', signal });
  } catch (e) {
    // (fetch's own error is a TypeError whose cause is the connection's)
    throw connectionFailed((e as Error).cause ?? e);
  }
  device.clock?.observe(res.headers.get('date'));
  if (!res.ok || !res.body) throw classify(res.status, await res.text(), { date: res.headers.get('date'), retryAfter: res.headers.get('retry-after'), tus: res.headers.has('tus-resumable') });
  const h = crypto.createHash('sha256');
  let size = 0;
  const counted = Readable.fromWeb(res.body as never).on('data', (c: Buffer) => {
    arrived();
    h.update(c);
    size += c.length;
  });
  await pipeline(counted, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return { sha256: h.digest('hex'), size };
}

/** The intake's public key as it serves it (to compare with the pinned one; never trusted on its own). */
export async function fetchIntakeKey(baseUrl: string): Promise<string> {
  const res = await fetch(`${base(baseUrl)}${API_PREFIX}/key`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new DeliveryError(`the intake answered ${res.status}`, 'retry', res.status);
  return res.text();
}

const headersOf = (res: Tus.HttpResponse): AnswerHeaders => ({
  date: res.getHeader('Date') ?? null,
  retryAfter: res.getHeader('Retry-After') ?? null,
  tus: !!res.getHeader('Tus-Resumable'),
  contentType: res.getHeader('Content-Type') ?? null,
});

/**
 * Whether the intake's answer to a HEAD says the upload cannot be continued, so that a new one is
 * the way on: gone (404, 410: expired, swept, its bytes deleted after a failure) or another
 * device's (the store restored on another computer, whose key the upload is not).
 */
export const uploadGone = (status: number, code: string | null): boolean => status === 404 || status === 410 || (status === 403 && code === 'not_yours');

/**
 * Uploads (or resumes) one bundle. Resolves with the body of the last answer (the receipt when the
 * final PATCH was answered, empty when the intake already had every byte) and the upload's URL.
 */
export function uploadFile(device: DeviceSigner, job: UploadJob): { done: Promise<{ body: string; uploadUrl: string }>; abort(): void } {
  let upload: Tus.Upload | null = null;
  let aborted = false;
  let watchdog: NodeJS.Timeout | undefined;
  const done = loadTus().then((tus) => new Promise<{ body: string; uploadUrl: string }>((resolve, reject) => {
    if (aborted) return reject(new DeliveryError('the upload was stopped before it started', 'retry', null, null, reason('stopped')));
    const watch = new StallWatch(job.stallMs, job.slowestBytesPerSecond);
    let current: Tus.HttpRequest | null = null;
    watchdog = setInterval(() => {
      if (!watch.silent((current?.getUnderlyingObject() as { socket?: SocketView } | null)?.socket)) return;
      reject(silentLine(watch.stallMs));
      void upload?.abort();
    }, Math.min(1000, watch.stallMs / 4));
    watchdog.unref?.();
    upload = new tus.Upload(job.file, {
      endpoint: `${base(job.baseUrl)}${UPLOAD_PATH}`,
      uploadUrl: job.uploadUrl,
      uploadSize: job.size,
      chunkSize: job.chunkSize ?? DEFAULT_CHUNK_BYTES,
      fileReader: fileSlices(job.file, job.size, job.onFileRead),
      retryDelays: null,
      storeFingerprintForResuming: false,
      metadata: {
        bundleId: job.bundleId,
        sha256: job.sha256,
        filename: job.file.split(/[\\/]/).pop() ?? 'bundle.gcmr',
        ...(job.detached ? { signer: job.detached.signer, detachedSig: job.detached.signature } : {}),
      },
      onBeforeRequest: async (req) => {
        const h = await signedHeaders(device, req.getMethod(), req.getURL(), {
          uploadLength: req.getHeader('Upload-Length') ?? null,
          uploadOffset: req.getHeader('Upload-Offset') ?? null,
          uploadMetadata: req.getHeader('Upload-Metadata') ?? null,
        });
        for (const [k, v] of Object.entries(h)) req.setHeader(k, v);
        current = req;
        watch.alive();
      },
      onUploadUrlAvailable: () => {
        if (upload?.url) job.onUploadUrl?.(upload.url);
      },
      onAfterResponse: (req, res) => {
        watch.alive();
        device.clock?.observe(res.getHeader('Date'));
        // tus-js-client answers any failed HEAD by creating a new upload, from byte 0: right only
        // when the intake says this upload cannot go on (uploadGone); anything else is what it
        // means for any request: a proxy's error page or a sign-in page is retried, a copy of the
        // HEAD refused as replayed (a proxy that sent it twice) or a wrong clock is sent again,
        // signed afresh, and a refusal of the device is one
        const status = res.getStatus();
        if (req.getMethod() === 'HEAD' && (status < 200 || status > 299)) {
          const h = headersOf(res);
          const e = classify(status, res.getHeader(H_ERROR) ?? res.getBody() ?? '', h);
          if (!(fromIntake(h) && uploadGone(status, e.code))) throw e;
        }
        const off = res.getHeader('Upload-Offset');
        if (off && /^\d+$/.test(off) && ['PATCH', 'HEAD'].includes(req.getMethod())) job.onAcked?.(Number(off));
      },
      onProgress: (sent, total) => {
        watch.alive();
        job.onProgress?.(sent, total);
      },
      onSuccess: ({ lastResponse }) => resolve({ body: lastResponse.getBody() ?? '', uploadUrl: upload?.url ?? '' }),
      onError: (err) => {
        const res = (err as Tus.DetailedError).originalResponse;
        if (res) return reject(classify(res.getStatus(), res.getBody() ?? '', headersOf(res)));
        const cause = (err as Tus.DetailedError).causingError;
        if (cause instanceof DeliveryError) return reject(cause);
        reject(connectionFailed(cause ?? err));
      },
    });
    upload.start();
  })).finally(() => clearInterval(watchdog));
  return {
    done,
    abort: () => {
      aborted = true;
      void upload?.abort();
    },
  };
}
