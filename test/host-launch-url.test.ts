/**
 * The one-time launch link that `npm start` hands to the browser instead of the secret (a
 * command line is readable by other local users): it redirects once to the app with the secret,
 * then never again; it expires; a foreign Host is still refused.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { LAUNCH_URL_LIFETIME_MS, startHost, type Host } from '../main/host/server';
import { makeServices, tempDir } from './helpers';

let host: Host | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await host?.close();
  host = undefined;
});

function get(url: string, hostHeader?: string): Promise<{ status: number; location?: string; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: u.hostname, port: u.port, path: u.pathname, headers: { host: hostHeader ?? u.host }, setHost: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, body }));
      })
      .on('error', reject);
  });
}

async function start() {
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GCM Review</title>');
  host = await startHost({ handlers: makeServices().handlers, staticDir });
  return host;
}

it('redirects once to the app with the secret, and then refuses', async () => {
  const h = await start();
  const link = h.launchUrl();
  expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/open/[A-Za-z0-9_-]{32}$`));
  expect(link).not.toContain(h.secret);
  const first = await get(link);
  expect(first).toMatchObject({ status: 303, location: `/#token=${h.secret}` });
  const again = await get(link);
  expect(again.status).toBe(403);
  expect(again.body).not.toContain(h.secret);
  expect(JSON.parse(again.body).error.message).toMatch(/already used or has expired/);
  expect((await get(`http://127.0.0.1:${h.port}/open/made-up-code`)).status).toBe(403);
  expect(h.launchUrl()).not.toBe(link); // each link is new
});

it('expires after its lifetime, and needs our own Host header like everything else', async () => {
  const h = await start();
  const foreign = h.launchUrl();
  expect((await get(foreign, 'evil.example')).status).toBe(403);
  vi.useFakeTimers({ toFake: ['Date'] });
  const link = h.launchUrl();
  vi.setSystemTime(Date.now() + LAUNCH_URL_LIFETIME_MS + 1);
  expect((await get(link)).status).toBe(403);
});
