/** Test tools for the intake: one started in-process or as a child process on loopback, and senders with exported bundles. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { uploadFile } from '../main/delivery/client';
import { invoke } from '../main/dispatch';
import { randomUploadId, type Intake } from '../main/intake/intake';
import { openIntake } from '../main/intake/open';
import { signRequest, UPLOAD_PATH } from '../main/intake/protocol';
import { createIntakeServer, type IntakeServerOptions } from '../main/intake/server';
import type { LoadedServices, Services } from '../main/services';
import { sampleDraft, storeKeySigner } from './bundle-tools';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';
import { bundled } from './node-child';
import { makeServices, tempDir } from './helpers';

export interface RunningIntake {
  url: string;
  port: number;
  intake: Intake;
  close(): Promise<void>;
}

/** `storage`: an s3:// URL (`--storage`), else the folder's uploads/ and received/. */
export async function startIntake(dir: string, opts: { database?: string; storage?: string; port?: number; server?: IntakeServerOptions; log?: (line: string) => void } = {}): Promise<RunningIntake> {
  const intake = await openIntake({ dir, database: opts.database, storage: opts.storage, log: opts.log });
  const server = createIntakeServer(intake, opts.server);
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    intake,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await intake.close();
      await intake.index.close();
    },
  };
}

const ROOT = path.resolve(__dirname, '..');
/** Node itself on the script's bundle (test/node-child.ts; not the tsx CLI, which runs a second process that SIGKILL would orphan). */
export const nodeTs = (script: string, args: string[]) => spawn(process.execPath, [bundled(script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

/** `npm run intake` as a child process; resolves once it prints its listening line. */
export async function spawnIntake(args: string[]): Promise<{ child: ChildProcess; url: string; port: number; output: () => string }> {
  const child = nodeTs('main/intake/cli.ts', args);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`intake did not start: ${out}`)), 60_000);
    const check = () => {
      const m = /intake listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`intake exited ${code}: ${out}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out };
}

/** The intake's index and key, opened beside a running intake child (to enrol signers, count what it received). */
/** Two intake processes (in this one) on one folder (and one bucket, given `storage`) and one `database` index, closed after `fn`. */
export async function withTwoIntakes<T>(database: string, fn: (A: RunningIntake, B: RunningIntake, idir: string) => Promise<T>, server?: IntakeServerOptions, storage?: string): Promise<T> {
  const idir = path.join(tempDir(), 'intake');
  const A = await startIntake(idir, { database, server, storage });
  const B = await startIntake(idir, { database, server, storage });
  try {
    return await fn(A, B, idir);
  } finally {
    await A.close();
    await B.close();
  }
}

export async function startIntakeAdmin(idir: string) {
  const intake = await openIntake({ dir: idir });
  return { intake, close: () => intake.index.close() };
}

export { waitFor } from './helpers';

/**
 * Sweeps every unfinished upload (of any age) once a request cut on it has let go of it (the sweep
 * passes by an upload a request holds, and the intake learns of a cut a moment after the sender):
 * how many it swept, at least one.
 */
export async function sweepOnceFree(intake: Intake, ms = 2000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const n = await intake.sweep(0);
    if (n > 0) return n;
    if (Date.now() - t0 > ms) throw new Error('nothing swept: a request still holds the upload, or there is none');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

export interface Sender {
  s: Services;
  draftId: string;
  fingerprint: string;
  publicKeyPem: string;
  /** Exports the draft to the outbox again (a new bundle id); its bundle id and file. */
  exportOne(): Promise<{ bundleId: string; file: string; size: number; sha256: string }>;
}

/** An installation with a sample draft (attachment of `attachmentBytes`), its identity and key. */
export async function makeSender(dir: string, name: string, attachmentBytes = 20_000): Promise<Sender> {
  fs.mkdirSync(dir, { recursive: true });
  const s = makeServices(path.join(dir, `${name}.sqlite`));
  const { draftId } = await sampleDraft(s, dir, { attachmentBytes });
  const id = (await invoke(s.handlers, 'getIdentity', {}))!;
  return {
    s,
    draftId,
    fingerprint: id.fingerprint!,
    publicKeyPem: id.publicKeyPem!,
    exportOne: async () => {
      const r = await invoke(s.handlers, 'exportBundleToOutbox', { draftId });
      return { bundleId: r.bundleId, file: r.file, size: r.size!, sha256: r.sha256 };
    },
  };
}

/** Enrols the sender at the intake and points its app at `url` with the intake's key pinned. */
export async function connect(sender: Sender, intake: Intake, url: string, opts: { quotaBytes?: number; enrol?: boolean } = {}): Promise<void> {
  if (opts.enrol !== false) await intake.enrol({ publicKeyPem: sender.publicKeyPem, name: `Device ${sender.fingerprint.slice(7, 15)}`, organisation: 'Wilaya', quotaBytes: opts.quotaBytes });
  await invoke(sender.s.handlers, 'deliveryConnect', { url, intakeKeyPem: intake.key.publicKeyPem });
}

/**
 * A test's temp dir with an intake in `dir/intake` (behind a fault proxy if asked: `proxy`), and
 * senders enrolled and connected to it; the intake and proxy are closed after `fn`, whatever happens.
 */
export interface IntakeScene {
  dir: string;
  idir: string;
  intake: RunningIntake;
  /** The fault proxy the senders go through, when one was asked for (else null). */
  proxy: FaultProxy | null;
  /** The intake's log lines so far. */
  lines: string[];
  /** A sender in `dir/<name>` (`makeSender`), connected to the intake unless `connect: false`. */
  sender(name: string, opts?: { attachmentBytes?: number; connect?: boolean; enrol?: boolean; quotaBytes?: number }): Promise<Sender>;
}

export async function withIntake<T>(fn: (scene: IntakeScene) => Promise<T>, server?: IntakeServerOptions, proxyOptions?: Omit<FaultProxyOptions, 'targetPort'>, storage?: string): Promise<T> {
  const dir = tempDir();
  const idir = path.join(dir, 'intake');
  const lines: string[] = [];
  const intake = await startIntake(idir, { server, storage, log: (l) => lines.push(l) });
  const proxy = proxyOptions ? await startFaultProxy({ ...proxyOptions, targetPort: intake.port }) : null;
  const sender: IntakeScene['sender'] = async (name, opts = {}) => {
    const s = await makeSender(path.join(dir, name), name, opts.attachmentBytes);
    if (opts.connect !== false) await connect(s, intake.intake, proxy?.url ?? intake.url, opts);
    return s;
  };
  try {
    return await fn({ dir, idir, intake, proxy, lines, sender });
  } finally {
    await proxy?.close();
    await intake.close();
  }
}

/** Retry delays short enough for tests. */
export const FAST = { baseDelayMs: 20, maxDelayMs: 200 };

/** Sends a bundle through the sender's delivery queue and waits until the queue is idle; its delivery row. */
export async function deliver(sender: Sender, bundleId: string, tune: Parameters<LoadedServices['delivery']['tune']>[0] = FAST) {
  (await sender.s.loaded()).delivery.tune(tune);
  (await sender.s.loaded()).delivery.start();
  await invoke(sender.s.handlers, 'deliverySend', { bundleId });
  await (await sender.s.loaded()).delivery.whenIdle();
  return (await invoke(sender.s.handlers, 'listDeliveries', {})).find((d) => d.bundleId === bundleId)!;
}

/** The sender's device as the delivery client knows it: its fingerprint and its store key signing requests. */
export function device(sender: Sender) {
  const sign = storeKeySigner(sender.s.store);
  return { fingerprint: sender.fingerprint, sign: (b: Buffer) => sign(b) };
}

/** A bare device key enrolled at the intake (no installation behind it): for requests made by hand. */
export async function enrolKey(intake: Intake, opts: { role?: 'device' | 'receiver'; quotaBytes?: number } = {}) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const s = await intake.enrol({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), name: `Key ${crypto.randomUUID().slice(0, 8)}`, organisation: 'Wilaya', ...opts });
  return { fingerprint: s.fingerprint, sign: (b: Buffer) => crypto.sign(null, b, privateKey) };
}

export type Device = ReturnType<typeof device>;

/** The headers of a tus request signed by `dev` as the app's client signs them (Tus-Resumable, the Upload-* given, X-GCMR-*). */
export async function tusHeaders(dev: Device, method: string, p: string, extra: { uploadLength?: string; uploadOffset?: string; uploadMetadata?: string } = {}, now?: Date): Promise<Record<string, string>> {
  return {
    'Tus-Resumable': '1.0.0',
    ...(extra.uploadLength ? { 'Upload-Length': extra.uploadLength } : {}),
    ...(extra.uploadOffset ? { 'Upload-Offset': extra.uploadOffset } : {}),
    ...(extra.uploadMetadata ? { 'Upload-Metadata': extra.uploadMetadata } : {}),
    ...(await signRequest({ method, path: p, ...extra }, dev.fingerprint, dev.sign, now)),
  };
}

/** Upload-Metadata announcing a bundle, as the app's client sends it. */
export const bundleMetadata = (bundleId: string, sha256: string) => `bundleId ${b64(bundleId)},sha256 ${b64(sha256)},filename ${b64('b.gcmr')}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * One upload straight through tus, signed by the sender's device, as the app's delivery client
 * makes it, but of any bytes announced as any bundle (a bundle as exported, or tampered bytes).
 */
export function signedUpload(sender: Sender, baseUrl: string, bundle: { file: string; size: number; bundleId: string; sha256: string }, extra: { detached?: { signer: string; signature: string } } = {}) {
  return uploadFile(device(sender), { baseUrl, file: bundle.file, size: bundle.size, bundleId: bundle.bundleId, sha256: bundle.sha256, uploadUrl: null, ...extra });
}

/**
 * `n` uploads of one bundle by its sender at once: the receipts they were answered with (at least
 * one: a race has a winner), and the others' errors.
 */
export async function raceUploads(sender: Sender, baseUrl: string, bundle: Parameters<typeof signedUpload>[2], n = 3): Promise<{ receipts: Array<{ signature: string }>; refusals: Error[] }> {
  const race = await Promise.all(Array.from({ length: n }, () => signedUpload(sender, baseUrl, bundle).done.catch((e: Error) => e)));
  const receipts = race.filter((r): r is { body: string; uploadUrl: string } => !(r instanceof Error)).map((r) => JSON.parse(r.body));
  if (!receipts.length) throw new Error(`no upload of the race was answered with a receipt: ${race.map((e) => (e as Error).message).join('; ')}`);
  return { receipts, refusals: race.filter((r): r is Error => r instanceof Error) };
}

export function receivedFiles(dir: string): string[] {
  const d = path.join(dir, 'received');
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

export function uploadFiles(dir: string): string[] {
  const d = path.join(dir, 'uploads');
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

/** A POST creating an upload of `size` bytes announced as bundle `bundleId`; its path. */
export async function createUpload(url: string, dev: Device, size: number, bundleId: string = crypto.randomUUID(), sha256 = 'a'.repeat(64)): Promise<string> {
  const r = await fetch(`${url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(size), uploadMetadata: bundleMetadata(bundleId, sha256) }) });
  if (r.status !== 201) throw new Error(`creation answered ${r.status}: ${await r.text()}`);
  return new URL(r.headers.get('location')!, url).pathname;
}

/** Sets a file's times to `agoMs` ago (an upload's last byte, an accepted copy's move). */
export const setTime = (file: string, agoMs: number) => fs.utimesSync(file, (Date.now() - agoMs) / 1000, (Date.now() - agoMs) / 1000);

/**
 * A bundle received as another intake process on the same index and folder records one: its copy
 * in received/ and its row (as `claim` makes it); its location.
 */
export async function recordReceived(intake: Intake, idir: string, b: { bundleId: string; uploader: string; bytes: string | Buffer; receipt?: { receipt: string; signature: string } }): Promise<string> {
  const uploadId = randomUploadId();
  const location = `${b.bundleId}.${uploadId}.gcmr`;
  fs.writeFileSync(path.join(idir, 'received', location), b.bytes);
  const size = Buffer.byteLength(b.bytes);
  await intake.index.reserveUpload({ uploadId, uploader: b.uploader, bundleId: b.bundleId, size }, { quotaBytes: Number.MAX_SAFE_INTEGER, maxUploads: 1000 });
  const sha256 = crypto.createHash('sha256').update(b.bytes).digest('hex');
  const receipt = b.receipt ?? { receipt: JSON.stringify({ bundleId: b.bundleId }), signature: '' };
  const claimed = await intake.index.claim(uploadId, { bundleId: b.bundleId, sha256, size, signer: b.uploader, uploader: b.uploader, receivedAt: new Date().toISOString(), location, receipt: receipt.receipt, receiptSignature: receipt.signature });
  if (!claimed?.won) throw new Error(`bundle ${b.bundleId} was received already`);
  return location;
}

