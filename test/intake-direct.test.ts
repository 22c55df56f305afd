/**
 * A PATCH body taken straight from the Node request (tus-request.ts: withDirectBody/storeBody):
 * tus still owns the upload's lock. A client that stops sending mid-body without closing its
 * connection (a half-dead line) holds the lock; a newer request for the same upload makes tus end
 * the old write, every byte that arrived is stored, and the upload goes on from there to a receipt.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, device, tusHeaders, uploadFiles, withIntake } from './intake-tools';

describe('intake: a PATCH body read straight from the request', () => {
  it('a half-dead PATCH gives way to the next request for its upload, keeping every byte that arrived', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a', { attachmentBytes: 2 * 1024 * 1024 });
      const b = await a.exportOne();
      const bytes = fs.readFileSync(b.file);
      const dev = device(a);
      const signed = (method: string, p: string, extra: Parameters<typeof tusHeaders>[3] = {}) => tusHeaders(dev, method, p, extra);
      const uploadMetadata = bundleMetadata(b.bundleId, b.sha256);
      const created = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await signed('POST', UPLOAD_PATH, { uploadLength: String(b.size), uploadMetadata }) });
      expect(created.status).toBe(201);
      const at = new URL(created.headers.get('location')!, intake.url).pathname;
      const file = path.join(idir, 'uploads', at.split('/').pop()!);

      // the first PATCH announces every byte, sends 600 KB and then nothing, its connection left open
      const first = 600 * 1024;
      const stalled = http.request(`${intake.url}${at}`, {
        method: 'PATCH',
        headers: { ...(await signed('PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(b.size) },
      });
      stalled.on('error', () => {});
      stalled.write(bytes.subarray(0, first));
      for (let i = 0; i < 600 && !(fs.existsSync(file) && fs.statSync(file).size === first); i++) await new Promise((r) => setTimeout(r, 50));
      expect(fs.statSync(file).size).toBe(first);

      // a HEAD for the same upload waits for the lock; tus ends the stalled write, which keeps what it had
      const head = await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: await signed('HEAD', at) });
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe(String(first));

      // the rest from there: the upload completes with a receipt, byte-equal
      const rest = await fetch(`${intake.url}${at}`, {
        method: 'PATCH',
        headers: { ...(await signed('PATCH', at, { uploadOffset: String(first) })), 'Content-Type': 'application/offset+octet-stream' },
        body: bytes.subarray(first),
      });
      expect(rest.status).toBe(200);
      expect(JSON.parse(JSON.parse(await rest.text()).receipt)).toMatchObject({ bundleId: b.bundleId, sha256: b.sha256, size: b.size });
      const row = (await intake.intake.index.received(b.bundleId))!;
      expect(fs.readFileSync(path.join(idir, 'received', row.location)).equals(bytes)).toBe(true);
      expect(uploadFiles(idir)).toEqual([]);
      stalled.destroy();
    }), 60_000);
});
