/**
 * What a revoked device's fingerprint tells one who does not hold its key: nothing but 401.
 * A device revoked in the middle of an upload: its next requests are refused, and a PATCH that
 * was already running when it was revoked does not earn a receipt when it completes (its bytes
 * are deleted and the refusal recorded), even for a bundle whose own signer is still enrolled.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../main/delivery/answers';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { wordedEverywhere } from './i18n-tools';
import { bundleMetadata, device, enrolKey, receivedFiles, tusHeaders, uploadFiles, withIntake } from './intake-tools';

describe('intake: what a fingerprint alone tells', () => {
  it('a request under a revoked or a device fingerprint, signed by another key, is 401: no name, date or reason of revocation', () =>
    withIntake(async ({ intake }) => {
      const revoked = await enrolKey(intake.intake);
      await intake.intake.index.revokeSigner(revoked.fingerprint, 'laptop stolen from the car');
      const dev = await enrolKey(intake.intake);
      const forger = await enrolKey(intake.intake);
      for (const [fingerprint, p] of [
        [revoked.fingerprint, `/v1/receipts/${crypto.randomUUID()}`],
        [revoked.fingerprint, '/v1/bundles'],
        [dev.fingerprint, '/v1/bundles'],
      ] as const) {
        const r = await fetch(`${intake.url}${p}`, { headers: await tusHeaders({ fingerprint, sign: forger.sign }, 'GET', p) });
        expect(r.status, `${fingerprint} ${p}`).toBe(401);
        expect(JSON.parse(await r.text())).toEqual({ error: 'bad_signature', message: 'bad request signature', params: {} });
      }
      // the key's holder is told why
      const own = await fetch(`${intake.url}/v1/bundles`, { headers: await tusHeaders(revoked, 'GET', '/v1/bundles') });
      expect(own.status).toBe(403);
      const body = await own.text();
      expect(body).toMatch(/revoked on .*laptop stolen from the car/);
      await wordedEverywhere(classify(own.status, body, { contentType: 'application/json' }).ref, 'delivery.refusal.revoked');
    }));
});

describe('intake: a device revoked mid-upload', () => {
  it('the PATCH running when it was revoked is refused at completion; its later requests are refused', () =>
    withIntake(async ({ idir, intake, sender }) => {
      // a bundle by another enrolled device, carried by this one (as a focal point forwards a colleague's)
      const a = await sender('a');
      const o = await sender('o', { attachmentBytes: 1024 * 1024 });
      const b = await o.exportOne();
      const bytes = fs.readFileSync(b.file);
      const dev = device(a);
      const created = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(b.size), uploadMetadata: bundleMetadata(b.bundleId, b.sha256) }) });
      const at = new URL(created.headers.get('location')!, intake.url).pathname;
      const file = path.join(idir, 'uploads', at.split('/').pop()!);

      // one PATCH for every byte: all but the last 100 sent, then the device is revoked, then the rest
      const patch = http.request(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(b.size) } });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        patch.on('response', (res) => {
          let body = '';
          res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
        });
        patch.on('error', reject);
      });
      patch.write(bytes.subarray(0, b.size - 100));
      for (let i = 0; i < 200 && !(fs.existsSync(file) && fs.statSync(file).size === b.size - 100); i++) await new Promise((r) => setTimeout(r, 50));
      await intake.intake.index.revokeSigner(a.fingerprint, 'laptop stolen');
      patch.end(bytes.subarray(b.size - 100));
      const r = await answer;
      expect(r.status).toBe(422);
      const refused = JSON.parse(r.body);
      expect(refused).toMatchObject({ error: 'uploader_revoked', message: expect.stringMatching(/device that uploaded it is not accepted: .* revoked .*laptop stolen/), params: { fingerprint: a.fingerprint, why: 'laptop stolen' } });
      // the app words it: this computer's key revoked while the bundle was being sent
      await wordedEverywhere(classify(r.status, r.body, { contentType: 'application/json' }).ref, 'delivery.refusal.uploaderRevoked', /laptop stolen from|not accepted/);
      expect(receivedFiles(idir)).toEqual([]);
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.received(b.bundleId)).toBeNull();
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);

      // and nothing it asks after is answered
      for (const [method, p] of [
        ['HEAD', at],
        ['GET', `/v1/receipts/${b.bundleId}?upload=${at.split('/').pop()}`],
      ] as const) {
        const x = await fetch(`${intake.url}${p}`, { method, headers: await tusHeaders(dev, method, p) });
        expect(x.status, `${method} ${p}`).toBe(403);
      }
    }), 60_000);
});
