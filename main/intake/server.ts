/**
 * The intake's HTTP front: every request but OPTIONS and GET /v1/key must be signed by an enrolled,
 * unrevoked key (checked before any body byte is read, so no one else can fill the disk);
 * uploads are tus 1.0 (@tus/server) under /v1/uploads/; a completed upload is answered with the
 * signed receipt (or a 422 refusal with its reason). Receivers (the ministry's own GCM Review)
 * list and download accepted bundles.
 *   GET  /v1/key                         the intake's public key (PEM)
 *   POST|HEAD|PATCH|DELETE /v1/uploads/  tus, by the device that created the upload
 *   GET  /v1/receipts/BUNDLE[?upload=ID] a receipt, or an upload's outcome (finishing it if complete)
 *   GET  /v1/bundles?after=SEQ           receivers: accepted bundles after SEQ (JSON)
 *   GET  /v1/bundles/BUNDLE              receivers: the bundle's bytes
 */
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Server as TusServer } from '@tus/server';
import { Uuid } from '../../shared/contract/common';
import { loadZipReader } from '../bundle/zip-read';
import { Intake, IntakeRefusal, randomUploadId } from './intake';
import { sendTusResponse, tusRequest, withDirectBody } from './tus-request';
import type { SignerRole } from './index-store';
import { BUNDLES_PATH, checkRequest, errorBody, KEY_PATH, RECEIPT_PATH, UPLOAD_PATH, type AuthCheck } from './protocol';

export interface IntakeServerOptions {
  /** Largest single upload (bytes); quotas apply on top. */
  maxUploadBytes?: number;
}

const header = (req: http.IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? null);
};

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The fingerprint tus hooks act for (by the Node request, or the web one given to tus): set only after the request's signature was checked. */
const verified = new WeakMap<object, string>();
const signerOf = (req: unknown): string => {
  const node = (req as { runtime?: { node?: { req?: http.IncomingMessage } } }).runtime?.node?.req;
  const fp = verified.get(req as object) ?? (node && verified.get(node));
  if (!fp) throw new IntakeRefusal(401, 'unsigned', 'unsigned request');
  return fp;
};

const refusalBody = (e: unknown) => {
  if (e instanceof IntakeRefusal) return { status_code: e.status, body: e.code === 'already_received' ? e.message : errorBody(e.code, e.message) };
  return undefined;
};

export function createIntakeServer(intake: Intake, opts: IntakeServerOptions = {}): http.Server {
  // the zip reader is needed when the first upload completes: loaded now, not in that wait
  loadZipReader().catch(() => {});
  const tus = new TusServer({
    path: UPLOAD_PATH.slice(0, -1),
    datastore: intake.storage.datastore,
    relativeLocation: true,
    maxSize: opts.maxUploadBytes ?? 4 * 1024 ** 3,
    namingFunction: () => randomUploadId(),
    onIncomingRequest: async (req, id) => {
      if (req.method !== 'POST') await intake.checkOwner(id, signerOf(req));
    },
    onUploadCreate: async (req, upload) => {
      const uploader = signerOf(req);
      const meta = await intake.beforeCreate(upload.id, uploader, upload.size, upload.metadata);
      return { metadata: { bundleId: meta.bundleId, sha256: meta.sha256, filename: meta.filename ?? null, signer: meta.signer ?? null, detachedSig: meta.detachedSig ?? null, uploader } };
    },
    onUploadFinish: async (_req, upload) => {
      const r = await intake.finalize(upload.id, String(upload.metadata?.bundleId));
      return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(r.receipt) };
    },
    onResponseError: (_req, e) => refusalBody(e),
  });

  const authenticate = (req: http.IncomingMessage, role?: SignerRole): Promise<AuthCheck> =>
    checkRequest(
      { method: req.method ?? '', path: req.url ?? '', uploadLength: header(req, 'upload-length'), uploadOffset: header(req, 'upload-offset'), uploadMetadata: header(req, 'upload-metadata') },
      { key: header(req, 'x-gcmr-key'), date: header(req, 'x-gcmr-date'), signature: header(req, 'x-gcmr-signature') },
      (fp) => intake.signerKey(fp, role),
    );

  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://intake');
    const p = url.pathname;
    if (p === KEY_PATH && req.method === 'GET') return send(res, 200, intake.key.publicKeyPem, 'application/x-pem-file');
    const isUpload = p === UPLOAD_PATH.slice(0, -1) || p.startsWith(UPLOAD_PATH);
    if (isUpload && req.method === 'OPTIONS') return tus.handle(req, res);
    const isReceipt = p.startsWith(RECEIPT_PATH) && req.method === 'GET';
    const isBundles = (p === BUNDLES_PATH || p.startsWith(`${BUNDLES_PATH}/`)) && req.method === 'GET';
    if (!isUpload && !isReceipt && !isBundles) return send(res, 404, errorBody('not_found', `no such resource: ${req.method} ${p}`));
    if (isUpload && req.method === 'GET') return send(res, 405, errorBody('method', 'uploads cannot be read back'));

    const auth = await authenticate(req, isBundles ? 'receiver' : undefined);
    if (!auth.ok) {
      res.setHeader('Connection', 'close'); // do not read a refused body
      return send(res, auth.status, errorBody(auth.status === 403 ? 'forbidden' : 'unauthorized', auth.reason));
    }
    verified.set(req, auth.fingerprint);
    if (isUpload && req.method === 'PATCH' && req.headers['content-length'] !== undefined) {
      const r = await withDirectBody(req, (web) => {
        verified.set(web, auth.fingerprint);
        return tus.handleWeb(web);
      });
      return sendTusResponse(res, r);
    }
    if (isUpload && (req.method === 'PATCH' || req.method === 'POST')) {
      const web = tusRequest(req);
      verified.set(web, auth.fingerprint);
      return sendTusResponse(res, await tus.handleWeb(web));
    }
    if (isUpload) return tus.handle(req, res);

    if (isReceipt) {
      const bundleId = decodeURIComponent(p.slice(RECEIPT_PATH.length));
      if (!Uuid.safeParse(bundleId).success) return send(res, 400, errorBody('bad_request', 'not a bundle id'));
      const upload = url.searchParams.get('upload');
      const r = await intake.receiptFor(bundleId, upload && /^[0-9a-f]{32}$/.test(upload) ? upload : null, auth.fingerprint);
      return send(res, 200, JSON.stringify(r));
    }
    if (p === BUNDLES_PATH) {
      const after = Math.max(0, Number.parseInt(url.searchParams.get('after') ?? '0', 10) || 0);
      const rows = await intake.index.listReceived(after, 500);
      return send(res, 200, JSON.stringify(rows.map(({ location: _l, ...r }) => r)));
    }
    const bundleId = decodeURIComponent(p.slice(BUNDLES_PATH.length + 1));
    const row = Uuid.safeParse(bundleId).success ? await intake.index.received(bundleId) : null;
    if (!row) return send(res, 404, errorBody('not_found', `bundle ${bundleId} has not been received`));
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': row.size, 'X-GCMR-Sha256': row.sha256 });
    await pipeline(intake.storage.openAccepted(row.location), res);
  };

  // requests buffer up to 1 MB before the socket waits: a PATCH body goes to the store in pieces that large (tus-request.ts)
  const server = http.createServer({ highWaterMark: 1024 * 1024 }, (req, res) => {
    route(req, res).catch((e) => {
      const r = refusalBody(e);
      if (r) return send(res, r.status_code, r.body);
      process.stderr.write(`intake: ${req.method} ${req.url}: ${(e as Error).stack ?? e}\n`);
      send(res, 500, errorBody('internal', (e as Error).message));
    });
  });
  server.requestTimeout = 0; // a large upload on a slow line takes long; idle sockets are closed below
  server.setTimeout(120_000);
  return server;
}
