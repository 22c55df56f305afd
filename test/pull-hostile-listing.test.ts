/**
 * The ministry's pull takes the intake's listing of bundles as untrusted input: a bundle id names
 * a file in the inbox and a path at the intake, so an intake (or anything answering in its place)
 * listing "../../outside" must not make the pull write outside the inbox. A listing that is not
 * one is refused with a clear reason, and nothing is fetched or written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { makeServices, tempDir } from './helpers';

let server: http.Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A loopback server answering every request with `body` (200), counting the requests. */
async function answering(body: string) {
  const seen: string[] = [];
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    res.end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const SHA = 'a'.repeat(64);
const CASES: Array<[string, string]> = [
  ['an id that climbs out of the inbox', JSON.stringify([{ seq: 1, bundleId: '../../outside', sha256: SHA, size: 10 }])],
  ['an absolute path as id', JSON.stringify([{ seq: 1, bundleId: '/tmp/gcm-evil', sha256: SHA, size: 10 }])],
  ['a digest that is not one', JSON.stringify([{ seq: 1, bundleId: '0190a3c2-0000-7000-8000-000000000001', sha256: 'x', size: 10 }])],
  ['not JSON', '<html>sign in to the network</html>'],
  ['not a list', JSON.stringify({ bundles: [] })],
];

describe('a hostile listing of bundles', () => {
  for (const [what, body] of CASES) {
    it(`${what}: refused, nothing fetched, nothing written outside the inbox`, async () => {
      const dir = tempDir();
      const { url, seen } = await answering(body);
      const m = makeServices(path.join(dir, 'm', 'ministry.sqlite'));
      await invoke(m.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'MFA' });
      const { publicKey } = crypto.generateKeyPairSync('ed25519');
      await invoke(m.handlers, 'deliveryConnect', { url, intakeKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      const before = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
      await expect(invoke(m.handlers, 'deliveryPull', {})).rejects.toThrow(/list of bundles is not one this app reads/);
      // only the listing was asked for: no download of a path taken from it
      expect(seen.every((r) => r.startsWith('GET /') && !r.includes('..'))).toBe(true);
      expect(seen.filter((r) => !/\/bundles\?after=/.test(r))).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'outside.gcmr')) || fs.existsSync('/tmp/gcm-evil.gcmr')).toBe(false);
      const after = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
      expect(after.filter((f) => !before.includes(f) && !String(f).startsWith(path.join('m', 'inbox')) && !String(f).includes('ministry.sqlite'))).toEqual([]);
      m.close();
    });
  }
});
