/**
 * The sender's small signed GETs (receipts, the receivers' listing) against real HTTP servers on
 * loopback that answer too much: the answer is cut off at MAX_ANSWER_BYTES with a coded error,
 * whether the size is announced or not, and the connection is dropped (the server sees it close
 * long before it is done), so a hostile or broken server cannot fill the app's memory. And how an
 * upload reads its file: pieces sized to the bundle, every byte kept by a real intake.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DeliveryError } from '../main/delivery/answers';
import { loadTus, MAX_ANSWER_BYTES, signedGet, uploadFile, type DeviceSigner } from '../main/delivery/client';
import { readBytesFor } from '../main/delivery/upload-stack';
import { device as deviceOf, receivedFiles, withIntake } from './intake-tools';

const { privateKey } = crypto.generateKeyPairSync('ed25519');
const device: DeviceSigner = { fingerprint: 'sha256:test', sign: (b) => crypto.sign(null, b, privateKey) };

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A server answering every GET with `handler`; its base URL, and what it saw. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: { written: number; closed: boolean; signed: boolean }) => void) {
  const seen = { written: 0, closed: false, signed: false };
  const s = http.createServer((req, res) => {
    seen.signed = typeof req.headers['x-gcmr-signature'] === 'string';
    res.on('close', () => (seen.closed = true));
    handler(req, res, seen);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

/** Streams 64 KB pieces without end (chunked: no length announced) until the client goes away or `max` bytes. */
function endless(res: http.ServerResponse, seen: { written: number }, max = 1024 * 1024 * 1024) {
  const piece = Buffer.alloc(64 * 1024, 0x61);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const more = () => {
    while (!res.destroyed && seen.written < max) {
      seen.written += piece.length;
      if (!res.write(piece)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  more();
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DeliveryError);
  return e as DeliveryError;
}

describe('signedGet: answers too large for a receipt or a listing', () => {
  it('a server streaming without end is cut off at the cap with answer_too_large, and sees the connection close', async () => {
    const { url, seen } = await serve((_req, res, seen) => endless(res, seen));
    const before = process.memoryUsage().rss;
    const e = await failure(signedGet(device, `${url}/v1/receipts/x`));
    expect(e.code).toBe('answer_too_large');
    expect(e.kind).toBe('retry');
    expect(e.message).toMatch(/too large/);
    expect(seen.signed).toBe(true);
    // the client dropped the connection: the server stopped well short of its gigabyte
    await expect.poll(() => seen.closed, { timeout: 10_000 }).toBe(true);
    expect(seen.written).toBeLessThan(MAX_ANSWER_BYTES + 32 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('an announced length over the cap is refused before the body is read', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_ANSWER_BYTES + 1) });
      res.write('{"receipt":');
      seen.written = 11; // and then nothing more: the client must not wait for the rest
    });
    const e = await failure(signedGet(device, `${url}/v1/receipts/x`, 5_000));
    expect(e.code).toBe('answer_too_large');
    expect(e.message).toContain(`${MAX_ANSWER_BYTES + 1} bytes announced`);
    await expect.poll(() => seen.closed, { timeout: 10_000 }).toBe(true);
  });

  it('an answer at the cap is still read whole', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(MAX_ANSWER_BYTES - 20) });
    expect(body.length).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }); // chunked, no length announced
      res.end(body);
    });
    const r = await signedGet(device, `${url}/v1/receipts/x`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(body);
  });

  it('a server that is not there is still a plain retry, without the code', async () => {
    const { url } = await serve((_req, res) => res.end());
    servers[0]!.closeAllConnections();
    await new Promise((r) => servers.shift()!.close(r));
    const e = await failure(signedGet(device, `${url}/v1/receipts/x`));
    expect(e.kind).toBe('retry');
    expect(e.code).toBeNull();
    expect(e.message).toMatch(/^connection to the intake failed: .*ECONNREFUSED/);
    expect(e.ref).toEqual({ messageKey: 'delivery.connRefused' });
  });
});

describe('uploadFile: how the bundle file is read', () => {
  it('loads tus-js-client without its file URL store: graceful-fs does not patch this process\'s fs', async () => {
    const { Upload } = await loadTus();
    expect(typeof Upload).toBe('function');
    expect((fs as unknown as Record<symbol, unknown>)[Symbol.for('graceful-fs.queue')]).toBeUndefined();
  });

  it('reads a 64th of the bundle at a time, between 64 KB and 1 MB', () => {
    expect(readBytesFor(1000)).toBe(64 * 1024);
    expect(readBytesFor(5 * 1024 * 1024)).toBe(128 * 1024);
    expect(readBytesFor(200 * 1024 * 1024)).toBe(1024 * 1024);
    expect(readBytesFor(4 * 1024 ** 3)).toBe(1024 * 1024);
  });

  it('a bundle of a few MB goes in reads of that size, and the intake keeps exactly its bytes', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a', { attachmentBytes: 6 * 1024 * 1024 });
      const b = await a.exportOne();
      const reads: number[] = [];
      let at = 0;
      const up = uploadFile(deviceOf(a), { baseUrl: intake.url, file: b.file, size: b.size, bundleId: b.bundleId, sha256: b.sha256, uploadUrl: null, onFileRead: (n) => (reads.push(n - at), (at = n)) });
      const { body } = await up.done;
      expect(JSON.parse(body)).toHaveProperty('receipt');
      expect(at).toBe(b.size);
      expect(Math.max(...reads)).toBe(readBytesFor(b.size));
      expect(readBytesFor(b.size)).toBeGreaterThan(64 * 1024);
      const [kept] = receivedFiles(idir);
      expect(fs.readFileSync(path.join(idir, 'received', kept!)).equals(fs.readFileSync(b.file))).toBe(true);
    }));
});
