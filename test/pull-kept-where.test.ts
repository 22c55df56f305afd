/**
 * A bundle the ministry's pull leaves in the inbox says where it is, on the command line too: the
 * file's path after the reason (the screen shows the folder and the name: e2e pull-screens.spec.ts).
 * A loopback server lists one bundle and serves bytes that are no bundle.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

let server: http.Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

it('delivery pull names the file it kept in the inbox', async () => {
  const bundleId = '0190a3c2-0000-7000-8000-00000000abcd';
  const bytes = Buffer.from('these bytes are not a signed bundle');
  const listed = [{ seq: 1, bundleId, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length }];
  server = http.createServer((req, res) => {
    res.setHeader('date', new Date().toUTCString());
    if (req.url === '/v1/bundles?after=0') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listed));
    if (req.url?.startsWith('/v1/bundles?')) return res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const dir = tempDir();
  const db = path.join(dir, 'ministry.sqlite');
  const pem = path.join(dir, 'intake.pub.pem');
  fs.writeFileSync(pem, crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
  expect((await cli(db, 'identity', 'init', '--name', 'Coordination unit', '--organisation', 'MFA')).code).toBe(0);
  expect((await cli(db, 'delivery', 'connect', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--key', pem)).code).toBe(0);
  const r = await cli(db, 'delivery', 'pull');
  expect(r.code, r.err).toBe(0);
  const file = path.join(dir, 'inbox', `${bundleId}.gcmr`);
  expect(fs.readFileSync(file)).toEqual(bytes);
  expect(r.out).toMatch(new RegExp(`^${bundleId}\\tkept\\t\\t.+\\(kept in the inbox: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
});
