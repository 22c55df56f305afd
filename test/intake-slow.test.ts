/**
 * Slow senders over real sockets (connections.ts, with its limits shortened for the test): headers
 * dribbled, a body nobody asked for, a signed PATCH dribbled below the minimum rate; each is cut,
 * the intake answers the next request, and a cut PATCH keeps the bytes that arrived and frees its
 * upload. A slow sender above the minimum rate is not cut.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ConnectionLimits } from '../main/intake/connections';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, withIntake } from './intake-tools';

const LIMITS: ConnectionLimits = { headersMs: 1500, checkEveryMs: 250, idleMs: 20_000, bodyWindowMs: 1000, minBodyBytes: 1024 };

/** Opens a connection, writes `head`, then `piece` every `everyMs` until the intake closes it: when it did (ms) and what it answered. */
function dribble(port: number, head: string, piece: string | Buffer, everyMs: number) {
  const sock = net.connect(port, '127.0.0.1');
  const t0 = Date.now();
  let got = '';
  sock.on('data', (c) => (got += c));
  sock.on('error', () => {});
  sock.write(head);
  const timer = setInterval(() => !sock.destroyed && sock.write(piece), everyMs);
  const closed = new Promise<number>((resolve) => sock.on('close', () => (clearInterval(timer), resolve(Date.now() - t0))));
  return { closed, answer: () => got, stop: () => sock.destroy() };
}

/** Resolves with the time it took, or with Infinity after `ms`. */
const within = (p: Promise<number>, ms: number) => Promise.race([p, new Promise<number>((r) => setTimeout(() => r(Infinity), ms))]);

const keyIsServed = async (url: string) => expect((await fetch(`${url}/v1/key`)).status).toBe(200);

describe('intake: slow senders cannot hold a connection', () => {
  it('headers dribbled are cut after the headers time; a body nobody reads closes the connection with the answer', () =>
    withIntake(
      async ({ intake }) => {
        const headers = dribble(intake.port, 'GET /v1/key HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'x', 100);
        const unread = dribble(intake.port, 'GET /v1/key HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'x', 100);
        const unknown = dribble(intake.port, 'POST /v1/nothing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', '1\r\nx\r\n', 100);
        try {
          expect(await within(unread.closed, 1000)).toBeLessThan(1000);
          expect(unread.answer()).toMatch(/^HTTP\/1\.1 200 [\s\S]*Connection: close[\s\S]*BEGIN PUBLIC KEY/);
          expect(await within(unknown.closed, 1000)).toBeLessThan(1000);
          expect(unknown.answer()).toMatch(/^HTTP\/1\.1 404 [\s\S]*no such resource/);
          const t = await within(headers.closed, 6000);
          expect(t).toBeGreaterThanOrEqual(LIMITS.headersMs);
          expect(t).toBeLessThan(6000);
          await keyIsServed(intake.url);
          // a request without a body keeps its connection: two pipelined are both answered on one
          const both = dribble(intake.port, 'GET /v1/key HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(2), '', 60_000);
          await new Promise((r) => setTimeout(r, 500));
          expect(both.answer().match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
          expect(both.answer()).not.toMatch(/Connection: close/i);
          both.stop();
        } finally {
          for (const d of [headers, unread, unknown]) d.stop();
        }
      },
      { limits: LIMITS },
    ), 20_000);

  it('a signed PATCH dribbled below the minimum rate is cut; what arrived is kept and the upload goes on; a slow sender above it is not cut', () =>
    withIntake(
      async ({ intake }) => {
        const a = await enrolKey(intake.intake);
        const create = async (size: number) => {
          const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: String(size), uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
          return new URL(c.headers.get('location')!, intake.url).pathname;
        };
        const patchHead = async (at: string, length: number, uploadOffset = '0') => {
          const h = await tusHeaders(a, 'PATCH', at, { uploadOffset });
          return `PATCH ${at} HTTP/1.1\r\nHost: x\r\n${Object.entries({ ...h, 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(length) })
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('')}\r\n`;
        };
        const offsetOf = async (at: string) => (await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: await tusHeaders(a, 'HEAD', at) })).headers.get('upload-offset');

        // 2 KB at once, then a byte every 100 ms: 10 bytes a second against 1 KB a second
        const slow = await create(100_000);
        const d = dribble(intake.port, (await patchHead(slow, 100_000)) + 'x'.repeat(2048), 'x', 100);
        const t = await within(d.closed, 5000);
        expect(t).toBeLessThan(5000);
        expect(Number(await offsetOf(slow))).toBeGreaterThanOrEqual(2048);
        await keyIsServed(intake.url);

        // a PATCH refused before its body is read (a wrong offset): answered, and its body not read on
        const wrong = dribble(intake.port, await patchHead(slow, 50_000, '7'), 'x', 100);
        expect(await within(wrong.closed, 1000)).toBeLessThan(1000);
        expect(wrong.answer()).toMatch(/^HTTP\/1\.1 409 [\s\S]*connection: close/i);
        // HEAD, DELETE and OPTIONS have no body: one announced is refused before tus, and not read
        for (const method of ['HEAD', 'DELETE', 'OPTIONS']) {
          const h = Object.entries(await tusHeaders(a, method, slow)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
          const x = dribble(intake.port, `${method} ${slow} HTTP/1.1\r\nHost: x\r\n${h}Content-Length: 50000\r\n\r\n`, 'x', 100);
          expect(await within(x.closed, 1000), method).toBeLessThan(1000);
          expect(x.answer()).toMatch(/^HTTP\/1\.1 400 [\s\S]*Connection: close/);
        }
        expect(Number(await offsetOf(slow))).toBeGreaterThanOrEqual(2048); // the DELETE did nothing

        // 2 KB every 500 ms (4 KB a second) for 3 s: not cut; the sender stops, and what it sent is stored
        const steady = await create(100_000);
        const s = dribble(intake.port, await patchHead(steady, 100_000), 'y'.repeat(2048), 500);
        expect(await within(s.closed, 3000)).toBe(Infinity);
        s.stop();
        expect(Number(await offsetOf(steady))).toBeGreaterThanOrEqual(5 * 2048);
      },
      { limits: LIMITS },
    ), 20_000);
});
