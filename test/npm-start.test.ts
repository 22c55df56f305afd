/**
 * The README's first command on a machine where Electron cannot be had: `npm start` prints one
 * line saying which piece is missing and why, and within 2 minutes serves the app in browser mode
 * on the store it was pointed at, with no stack trace anywhere.
 *
 * On this CI machine GitHub is unreachable, so this is the real thing. Where GitHub is reachable,
 * the download is pointed at a mirror that cannot exist (ELECTRON_MIRROR=….invalid), so the test
 * never downloads Electron or opens a window. Electron's binary is looked for in an empty folder
 * and its download cache is an empty folder either way, so an installed Electron does not count.
 */
import { spawn } from 'node:child_process';
import dns from 'node:dns/promises';
import http from 'node:http';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
const LIMIT_MS = 120_000;

function post(url: URL, method: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: `/api/${method}`, headers: { 'content-type': 'application/json', 'x-gcm-token': token } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

it('npm start falls back to browser mode within 2 minutes, says why in one line, and serves the app', async () => {
  const dir = tempDir('gcm-npm-start-');
  const db = path.join(dir, 'review.sqlite');
  const githubReachable = await dns.lookup('github.com').then(() => true, () => false);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GCM_REVIEW_DB: db,
    BROWSER: 'none',
    ELECTRON_OVERRIDE_DIST_PATH: tempDir(),
    electron_config_cache: tempDir(),
    ...(githubReachable ? { ELECTRON_MIRROR: 'https://electron-mirror.invalid/' } : {}),
  };
  const began = Date.now();
  const child = spawn('npm', ['start', '--', '--no-open'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /GCM Review is running at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
        else if (child.exitCode !== null) reject(new Error(`npm start exited with ${child.exitCode}\n${out}\n${err}`));
        else if (Date.now() - began > LIMIT_MS) reject(new Error(`no URL after ${LIMIT_MS / 1000} s\n${out}\n${err}`));
      }, 200);
      child.once('exit', () => setTimeout(() => clearInterval(timer), 500));
    });
    const elapsed = Date.now() - began;
    expect(elapsed).toBeLessThan(LIMIT_MS);

    // one line on stderr: which piece is missing, and why
    const lines = err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^The desktop app cannot start here: Electron 45\.5\.0's binary is missing and its download failed: .+ cannot be found \(E[A-Z_]+\): no network, or no DNS\. Starting browser mode on the same store instead \(npm run doctor says more\)\.$/);
    expect(`${out}\n${err}`).not.toMatch(/^\s+at\s/m); // no stack trace
    expect(out).toContain(`store: ${db}`);

    // it serves the app and its API, on that store
    const u = new URL(url);
    const token = u.hash.replace('#token=', '');
    const page = await new Promise<{ status: number; body: string; csp?: string }>((resolve, reject) => {
      http.get({ host: u.hostname, port: u.port, path: '/' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, csp: res.headers['content-security-policy'] as string }));
      }).on('error', reject);
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.csp).toContain("script-src 'self'");
    const info = await post(u, 'appInfo', token);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { dbPath: db } });
    console.log(`npm start served browser mode after ${(elapsed / 1000).toFixed(1)} s`);
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}, 180_000);
