/**
 * The intake's HTTP front: every request but OPTIONS and GET /v1/key must be signed by an enrolled,
 * unrevoked key (checked before any body byte is read, so no one else can fill the disk), and is
 * taken once (its nonce, remembered in the index: a copy of it is refused, here or at another
 * intake process on the same index, also after a restart);
 * uploads are tus 1.0 (@tus/server) under /v1/uploads/; a completed upload is answered with the
 * signed receipt (or a 422 refusal with its reason). Receivers (the ministry's own GCM Review)
 * list and download accepted bundles.
 *   GET  /v1/key                         the intake's public key (PEM)
 *   POST|HEAD|PATCH|DELETE /v1/uploads/  tus, by the device that created the upload (devices only, not receivers)
 *   GET  /v1/receipts/BUNDLE[?upload=ID] a receipt, or an upload's outcome (finishing it if complete)
 *   GET  /v1/bundles?after=SEQ           receivers: accepted bundles after SEQ (JSON)
 *   GET  /v1/bundles/BUNDLE              receivers: the bundle's bytes
 */
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Server as TusServer } from '@tus/server';
import { loadZipReader } from '../bundle/zip-read';
import { Intake, randomUploadId } from './intake';
import { refusal } from './reasons';
import { applyIdleTimeout, bodyUnread, DEFAULT_LIMITS, guardBodyRate, hasBody, serverOptions, type ConnectionLimits } from './connections';
import { answerFor, logFault } from './failures';
import { targetOf, type Target } from './request-target';
import { UploadLocker } from './upload-lock';
import { sendTusResponse, tusRequest, withDirectBody } from './tus-request';
import type { SignerRole } from './index-store';
import { checkRequest, errorBody, H_DATE, H_ERROR, H_KEY, H_NONCE, H_SIG, UPLOAD_PATH, type AuthCheck } from './protocol';

export interface IntakeServerOptions {
  /** Largest single upload (bytes); quotas apply on top. */
  maxUploadBytes?: number;
  /** How long a connection may take to send (connections.ts); the defaults suit real lines. */
  limits?: Partial<ConnectionLimits>;
}

const header = (req: http.IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? null);
};

/** An error's JSON as a header: every character past ASCII escaped (a header holds no other; a revocation reason may be in Arabic). */
const errorHeader = (json: string) => json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Answers with a body of our own; a request body not read (a refusal, a GET with a body) is not
 * read at all: the connection closes. An answer to HEAD, which has no body, carries the error's
 * JSON in X-GCMR-Error.
 */
function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, type = 'application/json', extra: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const headers: http.OutgoingHttpHeaders = { ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' };
  if (req.method === 'HEAD' && status >= 400) headers[H_ERROR] = errorHeader(body);
  if (bodyUnread(req)) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** Answers a failure as failures.ts words it (a refusal with its reason's code and parameters; a fault logged as `what`). */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, e: unknown, what = `${req.method} ${req.url}`): void {
  const a = answerFor(e);
  if (a.fault) logFault(what, e);
  send(req, res, a.status_code, a.body, undefined, a.headers);
}

/** The fingerprint tus hooks act for (by the Node request, or the web one given to tus): set only after the request's signature was checked. */
const verified = new WeakMap<object, string>();
const signerOf = (req: unknown): string => {
  const node = (req as { runtime?: { node?: { req?: http.IncomingMessage } } }).runtime?.node?.req;
  const fp = verified.get(req as object) ?? (node && verified.get(node));
  if (!fp) throw refusal('unsigned', {});
  return fp;
};

/** The upload a POST reserved quota for (by the web request given to tus): if the POST then fails, that upload is abandoned. */
const created = new WeakMap<object, string>();

/** Headers an error answer of tus's must carry besides (Retry-After), by the web request given to tus (its onResponseError cannot set them). */
const answerHeaders = new WeakMap<object, Record<string, string>>();
const sendTus = (res: http.ServerResponse, web: Request, r: Response) => sendTusResponse(res, r, answerHeaders.get(web));

export function createIntakeServer(intake: Intake, opts: IntakeServerOptions = {}): http.Server {
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  // the zip reader is needed when the first upload completes: loaded now, not in that wait
  loadZipReader().catch(() => {});
  const locker = new UploadLocker();
  const take = (id: string) => {
    const lock = locker.newLock(id);
    // (the lock is taken within this call when no one holds it: lock() looks before its first wait)
    return lock.lock(new AbortController().signal, async () => {}).then(() => () => lock.unlock());
  };
  intake.uploadLocks = { hold: take, tryHold: (id) => (locker.held.has(id) ? null : take(id)) };
  const tus = new TusServer({
    locker,
    path: UPLOAD_PATH.slice(0, -1),
    datastore: intake.storage.datastore,
    relativeLocation: true,
    maxSize: opts.maxUploadBytes ?? 4 * 1024 ** 3,
    namingFunction: () => randomUploadId(),
    // a complete upload is the intake's to accept or refuse (finalize), not its sender's to end
    disableTerminationForFinishedUploads: true,
    onIncomingRequest: async (req, id) => {
      if (req.method !== 'POST') await intake.checkOwner(id, signerOf(req));
    },
    onUploadCreate: async (req, upload) => {
      const uploader = signerOf(req);
      const meta = await intake.beforeCreate(upload.id, uploader, upload.size, upload.metadata);
      created.set(req, upload.id);
      return { metadata: { bundleId: meta.bundleId, sha256: meta.sha256, filename: meta.filename ?? null, signer: meta.signer ?? null, detachedSig: meta.detachedSig ?? null, uploader } };
    },
    onUploadFinish: async (_req, upload) => {
      const r = await intake.finalize(upload.id, String(upload.metadata?.bundleId));
      return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(r.receipt) };
    },
    onResponseError: (req, e) => {
      const a = answerFor(e);
      if (a.fault) logFault(`${req.method} ${new URL(req.url).pathname}`, e);
      if (a.headers) answerHeaders.set(req, a.headers);
      return { status_code: a.status_code, body: a.body };
    },
  });

  const authenticate = (req: http.IncomingMessage, role?: SignerRole): Promise<AuthCheck> =>
    checkRequest(
      { method: req.method ?? '', path: req.url ?? '', uploadLength: header(req, 'upload-length'), uploadOffset: header(req, 'upload-offset'), uploadMetadata: header(req, 'upload-metadata') },
      { key: header(req, H_KEY), date: header(req, H_DATE), nonce: header(req, H_NONCE), signature: header(req, H_SIG) },
      (fp) => intake.enrolled(fp, role),
      (fp, nonce, untilMs) => intake.index.firstUse(fp, nonce, untilMs),
    );

  /** The request as tus takes it (tus-request.ts), its signer known to tus's hooks. */
  const signedTusRequest = (req: http.IncomingMessage, fingerprint: string) => {
    const web = tusRequest(req);
    verified.set(web, fingerprint);
    return web;
  };

  /** A POST to tus: an upload it reserved quota for but did not create as asked (a refusal, a cut body) is abandoned, bytes and reservation. */
  const createUpload = async (req: http.IncomingMessage, res: http.ServerResponse, fingerprint: string) => {
    const web = signedTusRequest(req, fingerprint);
    const r = await tus.handleWeb(web);
    const id = created.get(web);
    if (id && r.status >= 300) await intake.abandon(id);
    return sendTus(res, web, r);
  };

  /**
   * tus's answer to a request on an upload. Gone (410: expired, storage.ts) tells the sender to
   * start again: its device's expired uploads are swept first, so their bytes and quota are not
   * kept until the next sweep.
   */
  const answerUpload = async (res: http.ServerResponse, web: Request, r: Response, fingerprint: string) => {
    if (r.status === 410) await intake.sweep(undefined, fingerprint).catch((e) => logFault(`sweep for ${fingerprint}`, e));
    return sendTus(res, web, r);
  };

  const onUpload = async (req: http.IncomingMessage, res: http.ServerResponse, t: Extract<Target, { kind: 'upload' }>, fingerprint: string) => {
    if (req.method === 'PATCH' && req.headers['content-length'] !== undefined) {
      let web!: Request;
      const r = await withDirectBody(req, (w) => {
        verified.set((web = w), fingerprint);
        return tus.handleWeb(w);
      });
      return answerUpload(res, web, r, fingerprint);
    }
    if (req.method === 'PATCH') {
      const web = signedTusRequest(req, fingerprint);
      return answerUpload(res, web, await tus.handleWeb(web), fingerprint);
    }
    // a sender coming back to its upload is told first if the rest cannot be stored now (disk full,
    // read-only); only its own device (tus asks the same of every request below)
    const cannot = req.method === 'HEAD' ? await intake.checkOwner(t.uploadId, fingerprint).then(() => intake.storage.cannotTake?.(t.uploadId), () => null) : null;
    if (cannot) return refuse(req, res, cannot, `HEAD ${t.uploadId}`);
    if (req.method === 'HEAD') {
      // tus's refusals of a HEAD (another device's upload: not_yours; an unknown one) carry their
      // JSON in X-GCMR-Error as the intake's own do: a HEAD's answer has no body to carry it
      const web = signedTusRequest(req, fingerprint);
      const r = await tus.handleWeb(web);
      // (tus's own plain-text answers, a missing Tus-Resumable say, stay as they are)
      const said = r.status >= 400 ? await r.clone().text() : '';
      if (said.startsWith('{')) answerHeaders.set(web, { ...answerHeaders.get(web), [H_ERROR]: errorHeader(said) });
      return answerUpload(res, web, r, fingerprint);
    }
    if (req.method === 'DELETE') {
      // ended by its device: its bytes and quota reservation go before the answer says so
      const web = signedTusRequest(req, fingerprint);
      const r = await tus.handleWeb(web);
      if (r.status === 204) await intake.abandon(t.uploadId);
      return sendTus(res, web, r);
    }
    await tus.handle(req, res);
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const t = targetOf(req.method ?? '', req.url ?? '/');
    if (t.kind === 'refused') return send(req, res, t.status, errorBody(t.code, t.reason));
    // tus answers these without reading a body, which would then be read on after the answer, however slowly it came
    if (hasBody(req) && (req.method === 'HEAD' || req.method === 'DELETE' || req.method === 'OPTIONS')) return refuse(req, res, refusal('bad_request', { detail: `a ${req.method} request has no body` }));
    if (t.kind === 'key') return send(req, res, 200, intake.key.publicKeyPem, 'application/x-pem-file');
    if (req.method === 'OPTIONS') return tus.handle(req, res);

    // receivers list and download; devices send (a receiver's key has no use for the upload API); both ask for receipts
    const auth = await authenticate(req, t.kind === 'bundles' || t.kind === 'bundle' ? 'receiver' : t.kind === 'uploads' || t.kind === 'upload' ? 'device' : undefined);
    if (!auth.ok) return refuse(req, res, auth.refusal);
    verified.set(req, auth.fingerprint);
    // a client that waits to be asked for its body (Expect: 100-continue) is asked only now, its
    // request signed by an enrolled key: a refusal before this goes out without a byte of the body sent
    if (waitsToContinue.has(req)) res.writeContinue();
    switch (t.kind) {
      case 'uploads':
        return createUpload(req, res, auth.fingerprint);
      case 'upload':
        return onUpload(req, res, t, auth.fingerprint);
      case 'receipt':
        return send(req, res, 200, JSON.stringify(await intake.receiptFor(t.bundleId, t.uploadId, auth.fingerprint)));
      case 'bundles': {
        const rows = await intake.index.listReceived(t.after, 500);
        return send(req, res, 200, JSON.stringify(rows.map(({ location: _l, ...r }) => r)));
      }
      case 'bundle': {
        const row = await intake.index.received(t.bundleId);
        if (!row) return send(req, res, 404, errorBody('not_found', `bundle ${t.bundleId} has not been received`));
        // (opened before the answer starts: a storage that cannot give it now is a 503, not a cut 200)
        const bytes = await intake.storage.openAccepted(row.location);
        // (a body announced with the GET is not read on after the bundle, as for every other answer: send())
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': row.size, 'X-GCMR-Sha256': row.sha256, ...(bodyUnread(req) ? { Connection: 'close' } : {}) });
        return pipeline(bytes, res);
      }
    }
  };

  // requests buffer up to 1 MB before the socket waits: a PATCH body goes to the store in pieces that large (tus-request.ts)
  /** Requests that wait for "100 Continue" before they send their body ('checkContinue'). */
  const waitsToContinue = new WeakSet<http.IncomingMessage>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    guardBodyRate(req, res, limits);
    route(req, res).catch((e) => {
      // an answer already under way (a bundle's bytes) cannot say so any more: the connection is cut
      if (res.headersSent) {
        if (answerFor(e).fault) logFault(`${req.method} ${req.url}`, e);
        return void res.destroy();
      }
      refuse(req, res, e, `${req.method} ${req.url}`);
    });
  };
  const server = http.createServer({ highWaterMark: 1024 * 1024, ...serverOptions(limits) }, onRequest);
  // Node would say "100 Continue" itself, before any check: route() says it once the signature is
  // good, to every request Node took as waiting for it (its own reading of Expect, lists included)
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    waitsToContinue.add(req);
    onRequest(req, res);
  });
  applyIdleTimeout(server, limits); // a large upload on a slow line takes long; idle sockets are closed
  return server;
}
