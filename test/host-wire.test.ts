/**
 * The browser-mode host against requests shaped at the HTTP level, over a raw socket on loopback:
 * smuggling shapes, bodies announced too large, slow bodies. Each is refused (or merely waits)
 * and the host answers the next request.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, MAX_BODY_BYTES, startHost, type Host } from '../main/host/server';
import { makeServices, tempDir } from './helpers';
import { raw, statusOf } from './raw-http';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function setup() {
  const s = makeServices();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GCM Review</title>');
  host = await startHost({ handlers: s.handlers, staticDir });
  const head = (method: string) => `POST /api/${method} HTTP/1.1\r\nHost: 127.0.0.1:${host!.port}\r\nContent-Type: application/json\r\nx-gcm-token: ${host!.secret}\r\n`;
  const listOk = async () => statusOf(await raw(host!.port, `${head('listDrafts')}Content-Length: 2\r\nConnection: close\r\n\r\n{}`));
  return { s, port: host.port, head, listOk };
}

describe('browser-mode host at the HTTP level', () => {
  it('refuses Content-Length with Transfer-Encoding, and two Content-Lengths, and runs neither body', async () => {
    const { s, port, head, listOk } = await setup();
    const body = JSON.stringify({ title: 'Smuggled' });
    const shapes = [
      `${head('createDraft')}Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      `${head('createDraft')}Content-Length: ${body.length}\r\nContent-Length: 2\r\n\r\n${body}`,
      `${head('createDraft')}Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    ];
    for (const shape of shapes) expect(statusOf(await raw(port, shape))).toBe(400);
    expect(s.drafts.list()).toHaveLength(0);
    expect(await listOk()).toBe(200);
  });

  it('refuses a body announced larger than the cap at once, before reading it', async () => {
    const { port, head, listOk } = await setup();
    const started = Date.now();
    const answer = await raw(port, `${head('listDrafts')}Content-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{}`, 5000);
    expect(statusOf(answer)).toBe(413);
    expect(answer).toContain('at most 32 MB');
    expect(Date.now() - started).toBeLessThan(4000); // answered, not left waiting for 32 MB that never come
    expect(await listOk()).toBe(200);
  });

  it('a slow body holds only its own request: other calls are answered meanwhile', async () => {
    const { port, head, listOk } = await setup();
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`${head('createDraft')}Content-Length: 1000\r\n\r\n{"title":`); // and then nothing
    const started = Date.now();
    expect(await listOk()).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    socket.destroy();
  });

  it('cuts off a client that does not finish its headers, without the secret (was: held 60 s)', async () => {
    const { port, listOk } = await setup();
    const started = Date.now();
    const answer = await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `, HEADERS_TIMEOUT_MS + 5000);
    expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS + 4000);
    expect(statusOf(answer)).toBe(408);
    expect(await listOk()).toBe(200);
  }, 20_000);
});
