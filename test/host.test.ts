import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../main/host/server';
import { makeServices, tempDir } from './helpers';
import { PATH_INPUTS } from '../shared/contract/path-inputs';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

async function setup() {
  const s = makeServices();
  const root = tempDir();
  const staticDir = path.join(root, 'app');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>GCM Review</title>');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET-CONTENT'); // a sibling of the app folder
  host = await startHost({ handlers: s.handlers, staticDir });
  const h = { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', 'x-gcm-token': host.secret };
  return { s, h, port: host.port, staticDir, secretFile: path.join(root, 'secret.txt') };
}

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 and serves the app and the API with the secret', async () => {
    const { h, port } = await setup();
    expect(host!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    const page = await request(port, { path: '/', headers: { host: h.host } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const r = await request(port, { method: 'POST', path: '/api/createDraft', headers: h, body: JSON.stringify({ title: 'Via HTTP' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { title: 'Via HTTP' } });
  });

  it('refuses a missing or wrong secret', async () => {
    const { s, h, port } = await setup();
    const { 'x-gcm-token': _t, ...noToken } = h;
    for (const headers of [noToken, { ...h, 'x-gcm-token': 'wrong' }, { ...h, 'x-gcm-token': host!.secret + 'x' }]) {
      const r = await request(port, { method: 'POST', path: '/api/createDraft', headers, body: JSON.stringify({ title: 'Nope' }) });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.message).toMatch(/secret/);
    }
    // the secret counts only in its header: not in the query string, a Referer or a cookie
    const secret = host!.secret;
    for (const [p, extra] of [[`/api/createDraft?token=${secret}`, {}], [`/api/createDraft#token=${secret}`, {}], ['/api/createDraft', { referer: `http://127.0.0.1:${port}/#token=${secret}` }], ['/api/createDraft', { cookie: `token=${secret}` }]] as const) {
      const r = await request(port, { method: 'POST', path: p, headers: { ...noToken, ...extra }, body: JSON.stringify({ title: 'Nope' }) });
      expect(r.status, p).toBe(401);
      expect(r.body).not.toContain(secret);
    }
    expect(s.drafts.list()).toHaveLength(0);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const { s, h, port } = await setup();
    for (const hostHeader of ['evil.example:' + port, '127.0.0.1:1', 'localhost.evil.example', '']) {
      const r = await request(port, { method: 'POST', path: '/api/createDraft', headers: { ...h, host: hostHeader }, body: JSON.stringify({ title: 'Nope' }) });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(/Host/);
    }
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port}.evil.example`, `https://127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await request(port, { method: 'POST', path: '/api/createDraft', headers: { ...h, origin }, body: JSON.stringify({ title: 'Nope' }) });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(/Origin/);
    }
    expect(s.drafts.list()).toHaveLength(0);
    const ok = await request(port, { method: 'POST', path: '/api/listDrafts', headers: { ...h, origin: `http://127.0.0.1:${port}` }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('rejects bad JSON, wrong content type, GET on the API, and paths outside the app', async () => {
    const { h, port } = await setup();
    expect((await request(port, { method: 'POST', path: '/api/listDrafts', headers: h, body: '{bad' })).status).toBe(400);
    for (const type of ['text/plain', 'application/jsonx', 'application/json-seq', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=application/json']) {
      expect((await request(port, { method: 'POST', path: '/api/listDrafts', headers: { ...h, 'content-type': type }, body: '{}' })).status, type).toBe(415);
    }
    expect((await request(port, { method: 'POST', path: '/api/listDrafts', headers: { ...h, 'content-type': 'application/json; charset=utf-8' }, body: '{}' })).status).toBe(200);
    expect((await request(port, { path: '/api/listDrafts', headers: h })).status).toBe(405);
    for (const p of ['/..%2fsecret.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/app/..%2f..%2fsecret.txt']) {
      const trav = await request(port, { path: p, headers: { host: h.host } });
      expect(trav.body).not.toContain('TOP-SECRET-CONTENT');
      expect(trav.status).toBeGreaterThanOrEqual(400);
    }
    // malformed percent-escapes are refused, and the host keeps serving
    expect((await request(port, { path: '/%E0%A4%A', headers: { host: h.host } })).status).toBe(403);
    const badName = await request(port, { method: 'POST', path: '/api/%E0%A4%A', headers: h, body: '{}' });
    expect(badName.status).toBe(400);
    expect(JSON.parse(badName.body).error.message).toMatch(/unknown method/);
    expect((await request(port, { path: '/', headers: { host: h.host } })).status).toBe(200);
    const bad = await request(port, { method: 'POST', path: '/api/saveField', headers: h, body: JSON.stringify({ draftId: 'x' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_input');
  });

  it('refuses every call that names a file on disk: a page cannot make the host read or write one', async () => {
    const { s, h, port } = await setup();
    const draftId = s.drafts.create({ title: 'Target' }).id;
    const dir = tempDir();
    const planted = path.join(dir, 'written-by-a-page.gcmr');
    const tries: Array<[string, Record<string, unknown>]> = [
      ['addAttachment', { draftId, field: 'II.b', filePath: '/etc/passwd' }],
      ['addAttachment', { draftId, field: 'II.b', filePath: '/proc/self/environ' }],
      ['exportBundle', { draftId, outFile: planted }],
      ['verifyBundle', { file: '/dev/zero' }],
      ['importBundle', { file: '../../../etc/passwd' }],
      ['importBundleInto', { draftId, file: '\\\\server\\share\\x.gcmr' }],
      ['exportWorkshopBundle', { workshopId: draftId, file: planted }],
      ['deliveryPull', { identityFile: '/root/.ssh/id_ed25519' }],
    ];
    for (const [method, input] of tries) {
      const r = await request(port, { method: 'POST', path: `/api/${method}`, headers: h, body: JSON.stringify(input) });
      expect(r.status, method).toBe(403);
      expect(JSON.parse(r.body).error.message).toMatch(new RegExp(`^${method}: "\\w+" is a path on this machine`));
    }
    expect(new Set(tries.map(([m]) => m))).toEqual(new Set(Object.keys(PATH_INPUTS)));
    expect(await s.handlers.listAttachments({ draftId } as never)).toHaveLength(0);
    expect(fs.existsSync(planted)).toBe(false);
    // what the renderer sends still works
    const pull = await request(port, { method: 'POST', path: '/api/deliveryPull', headers: h, body: '{}' });
    expect(pull.status).not.toBe(403);
    const up = await request(port, { method: 'POST', path: '/api/addAttachmentData', headers: h, body: JSON.stringify({ draftId, field: 'II.b', name: 'note.txt', base64: Buffer.from('hello').toString('base64') }) });
    expect(JSON.parse(up.body)).toMatchObject({ ok: true, value: { name: 'note.txt', size: 5 } });
  });

  it('serves no file through a symbolic link out of the app folder, nor a folder, nor a device', async () => {
    const { h, port, staticDir, secretFile } = await setup();
    fs.symlinkSync(secretFile, path.join(staticDir, 'linked.txt'));
    fs.symlinkSync(path.dirname(secretFile), path.join(staticDir, 'up'));
    fs.symlinkSync('/dev/zero', path.join(staticDir, 'zero.js'));
    fs.mkdirSync(path.join(staticDir, 'assets.d'));
    fs.writeFileSync(path.join(staticDir, 'real.js'), 'ok()');
    fs.symlinkSync(path.join(staticDir, 'real.js'), path.join(staticDir, 'alias.js')); // inside: still served
    for (const p of ['/linked.txt', '/up/secret.txt', '/zero.js', '/assets.d']) {
      const r = await request(port, { path: p, headers: { host: h.host } });
      expect(r.body, p).not.toContain('TOP-SECRET-CONTENT');
      expect(r.status, p).toBe(404);
    }
    expect((await request(port, { path: '/alias.js', headers: { host: h.host } })).body).toBe('ok()');
  });

  it('puts the security headers on every answer: the app, API answers, refusals', async () => {
    const { h, port } = await setup();
    const answers = [
      await request(port, { path: '/', headers: { host: h.host } }),
      await request(port, { method: 'POST', path: '/api/listDrafts', headers: h, body: '{}' }),
      await request(port, { method: 'POST', path: '/api/listDrafts', headers: { ...h, 'x-gcm-token': 'wrong' }, body: '{}' }),
      await request(port, { method: 'OPTIONS', path: '/api/listDrafts', headers: { host: h.host, origin: 'http://evil.example', 'access-control-request-method': 'POST' } }),
    ];
    for (const r of answers) {
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.stringify(r.headers)).not.toContain(host!.secret);
    }
    expect(answers[3]!.status).toBe(403); // no preflight is ever granted
  });

  it('answers names of Object.prototype members and prototype-pollution payloads as bad input, and stays up', async () => {
    const { s, h, port } = await setup();
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', '__defineGetter__', 'valueOf']) {
      const r = await request(port, { method: 'POST', path: `/api/${name}`, headers: h, body: '{}' });
      expect(r.status, name).toBe(400);
      expect(JSON.parse(r.body).error.message).toBe(`unknown method "${name}"`);
    }
    for (const body of ['{"title":"x","__proto__":{"polluted":1}}', '{"title":"x","constructor":{"prototype":{"polluted":1}}}']) {
      const r = await request(port, { method: 'POST', path: '/api/createDraft', headers: h, body });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error.message).toMatch(/^createDraft: Unrecognized key/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.drafts.list()).toHaveLength(0);
    expect((await request(port, { method: 'POST', path: '/api/listDrafts', headers: h, body: '{}' })).status).toBe(200);
  });
});
