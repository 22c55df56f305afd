/**
 * The intake as it ships (an esbuild bundle, a process of its own) under malformed and hostile
 * requests, over raw sockets: each is answered with a 4xx (or cut), none ends the process, and
 * it answers the next request. Its log names the faults, if any, and never shows a stack for these.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIntake } from '../main/intake/open';
import { signRequest } from '../main/intake/protocol';
import { tempDir } from './helpers';
import { spawnIntake } from './intake-tools';

/** Writes `text` on a new connection; the status line that came back within `ms` ('' if none). */
const raw = (port: number, text: string, ms = 400) =>
  new Promise<string>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (c) => (got += c)).on('error', () => {});
    s.write(text);
    setTimeout(() => (s.destroy(), resolve(got.split('\r\n')[0]!)), ms);
  });

describe('intake: stays up', () => {
  it('answers malformed requests with 4xx and the next request as usual, without faults in its log', async () => {
    const idir = path.join(tempDir(), 'intake');
    const admin = await openIntake({ dir: idir });
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const r = await admin.enrol({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), name: 'Ministry', organisation: 'MFA', role: 'receiver' });
    // (uploads are a device's: the receiver's key would be refused before tus sees the request)
    const device = crypto.generateKeyPairSync('ed25519');
    const d = await admin.enrol({ publicKeyPem: device.publicKey.export({ type: 'spki', format: 'pem' }).toString(), name: 'Device', organisation: 'Wilaya' });
    await admin.close();
    await admin.index.close();
    const I = await spawnIntake(['--dir', idir, '--port', '0']);
    try {
      const signed = async (method: string, p: string, extra: Record<string, string> = {}) =>
        Object.entries(
          p.startsWith('/v1/uploads')
            ? await signRequest({ method, path: p, uploadLength: extra['Upload-Length'], uploadMetadata: extra['Upload-Metadata'] }, d.fingerprint, (b) => crypto.sign(null, b, device.privateKey))
            : await signRequest({ method, path: p, uploadLength: extra['Upload-Length'], uploadMetadata: extra['Upload-Metadata'] }, r.fingerprint, (b) => crypto.sign(null, b, privateKey)),
        )
          .concat(Object.entries(extra))
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const cases: Array<[string, string | (() => Promise<string>), RegExp]> = [
        ['absolute-form target', 'GET http://x/v1/uploads/../key HTTP/1.1\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 404/],
        ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 404/],
        ['headers past 16 KB', `GET /v1/key HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431/],
        ['unknown method', 'BREW /v1/key HTTP/1.1\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 400/],
        ['Content-Length and chunks', 'POST /v1/uploads/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', /^HTTP\/1\.1 400/],
        ['no Host', 'GET /v1/key HTTP/1.1\r\n\r\n', /^HTTP\/1\.1 400/],
        ['an escape that is not one', async () => `GET /v1/bundles/%E0%A4%A HTTP/1.1\r\nHost: x\r\n${await signed('GET', '/v1/bundles/%E0%A4%A')}\r\n`, /^HTTP\/1\.1 400/],
        ['after=-9e999', async () => `GET /v1/bundles?after=-9e999 HTTP/1.1\r\nHost: x\r\n${await signed('GET', '/v1/bundles?after=-9e999')}\r\n`, /^HTTP\/1\.1 200/],
        ['Upload-Concat', async () => `POST /v1/uploads/ HTTP/1.1\r\nHost: x\r\n${await signed('POST', '/v1/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Concat': 'final;/a /b' })}\r\n`, /^HTTP\/1\.1 501/],
        ['X-Forwarded-Proto: gopher', async () => `POST /v1/uploads/ HTTP/1.1\r\nHost: x\r\n${await signed('POST', '/v1/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'X-Forwarded-Proto': 'gopher' })}\r\n`, /^HTTP\/1\.1 400/],
        [
          'a creation cut in its body',
          async () => `POST /v1/uploads/ HTTP/1.1\r\nHost: x\r\n${await signed('POST', '/v1/uploads/', { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', 'Upload-Metadata': `bundleId ${b64(crypto.randomUUID())},sha256 ${b64('a'.repeat(64))}`, 'Content-Type': 'application/offset+octet-stream', 'Content-Length': '10' })}\r\nabc`,
          /^$|^HTTP\/1\.1 [45]\d\d/,
        ],
        ['100 requests pipelined', 'GET /v1/key HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(100), /^HTTP\/1\.1 200/],
      ];
      for (const [name, req, answer] of cases) {
        const text = typeof req === 'string' ? req : await req();
        expect(await raw(I.port, text), name).toMatch(answer);
        expect((await fetch(`${I.url}/v1/key`)).status, `after ${name}`).toBe(200);
      }
      expect(I.child.exitCode).toBeNull();
      expect(I.output()).not.toMatch(/\n\s+at /); // no stack: nothing above was a fault of the intake
    } finally {
      I.child.kill('SIGTERM');
    }
  }, 60_000);
});
