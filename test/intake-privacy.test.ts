/**
 * What one device can learn about another's deliveries: a receipt (who uploaded a bundle, when)
 * goes to its uploader, the bundle's signer and the receivers only, also when another device
 * names the bundle's id in a new upload.
 */
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, deliver, device, enrolKey, tusHeaders, uploadFiles, withIntake } from './intake-tools';

describe('intake: receipts stay with their parties', () => {
  it('another device creating an upload of a received bundle id is refused (422) without the receipt; its uploader gets it (409)', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      const other = await enrolKey(intake.intake);
      const headers = async (dev: Parameters<typeof tusHeaders>[0]) => tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(b.size), uploadMetadata: bundleMetadata(b.bundleId, b.sha256) });
      const r = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await headers(other) });
      const text = await r.text();
      expect(r.status).toBe(422);
      expect(JSON.parse(text)).toEqual({ error: 'already_received_elsewhere', message: expect.stringMatching(/already received from another device/), params: { bundleId: expect.any(String) } });
      expect(text).not.toContain(a.fingerprint);
      expect(text).not.toContain('receipt"');
      // the uploader still gets it, and the receivers (who do not upload: they ask for it)
      const x = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await headers(device(a)) });
      expect(x.status).toBe(409);
      expect(JSON.parse(JSON.parse(await x.text()).receipt)).toMatchObject({ bundleId: b.bundleId, uploader: a.fingerprint });
      const m = await enrolKey(intake.intake, { role: 'receiver' });
      const q = `/v1/receipts/${b.bundleId}`;
      const y = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(m, 'GET', q) });
      expect(y.status).toBe(200);
      expect(JSON.parse(JSON.parse(await y.text()).receipt)).toMatchObject({ bundleId: b.bundleId, uploader: a.fingerprint });
      expect(uploadFiles(idir)).toEqual([]);
    }));
});
