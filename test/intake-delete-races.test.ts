/**
 * tus termination (DELETE) racing the writes and the completion of the same upload, and two PATCHes
 * at one offset at once. Whatever the order, the intake keeps one of two consistent states: the
 * bundle accepted (its row, its file with the bytes its receipt names, its size counted once), or
 * the upload gone (no bytes, no row, no reservation). Against a real intake on loopback with real
 * keys and bundles; the states are waited for, not slept for.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, receivedFiles, tusHeaders, uploadFiles, type Device, type IntakeScene } from './intake-tools';
import { withIntake } from './intake-tools';

const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

async function create(url: string, dev: Device, length: number, bundleId: string, sha256: string): Promise<string> {
  const r = await fetch(`${url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(length), uploadMetadata: bundleMetadata(bundleId, sha256) }) });
  expect(r.status).toBe(201);
  return new URL(r.headers.get('location')!, url).pathname;
}

const send = async (url: string, dev: Device, method: 'PATCH' | 'DELETE' | 'HEAD', at: string, body?: Uint8Array<ArrayBuffer>) => {
  const headers = { ...(await tusHeaders(dev, method, at, method === 'PATCH' ? { uploadOffset: '0' } : {})), ...(body ? OCTETS : {}) };
  // (a PATCH ended by another request may have its connection closed before all its body went: status 0)
  const r = await fetch(`${url}${at}`, { method, headers, body }).catch(() => null);
  return r ? { status: r.status, body: await r.text().catch(() => '') } : { status: 0, body: '' };
};

/** Uploads and bundles of `idir` this process still has open (a deleted upload written on would hold its space). */
const openFiles = (idir: string) =>
  fs
    .readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((l) => l.startsWith(path.join(idir, 'uploads')) || l.startsWith(path.join(idir, 'received')));

/** One of the two consistent ends for upload `at` of bundle `b` by `dev`: accepted (true) or gone (false). */
async function consistent(scene: IntakeScene, dev: Device, b: { bundleId: string; size: number; sha256: string }, at: string): Promise<boolean> {
  const { idir, intake } = scene;
  const row = await intake.intake.index.received(b.bundleId);
  expect(uploadFiles(idir)).toEqual([]);
  expect(openFiles(idir)).toEqual([]);
  expect(await intake.intake.index.uploadsInProgress(dev.fingerprint)).toBe(0);
  if (!row) {
    expect(receivedFiles(idir).filter((f) => f.startsWith(b.bundleId))).toEqual([]);
    expect(await intake.intake.index.usage(dev.fingerprint)).toBe(0);
    expect((await send(intake.url, dev, 'HEAD', at)).status).toBe(404);
    return false;
  }
  expect(receivedFiles(idir).filter((f) => f.startsWith(b.bundleId))).toEqual([row.location]);
  const kept = fs.readFileSync(path.join(idir, 'received', row.location));
  expect([kept.length, crypto.createHash('sha256').update(kept).digest('hex')]).toEqual([b.size, b.sha256]);
  expect(await intake.intake.index.usage(dev.fingerprint)).toBe(b.size);
  return true;
}

describe('intake: DELETE (tus termination) racing the upload it ends', () => {
  it('a DELETE while a PATCH is writing: the PATCH is ended first, then the bytes, the record and the reservation go; nothing stays open', () =>
    withIntake(async (scene) => {
      const { idir, intake } = scene;
      const dev = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const at = await create(intake.url, dev, 900, crypto.randomUUID(), 'a'.repeat(64));
      const file = path.join(idir, 'uploads', at.split('/').pop()!);
      const stalled = http.request(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': '900' } });
      const ended = new Promise<number>((resolve) => {
        stalled.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode!)));
        stalled.on('error', () => resolve(0));
      });
      stalled.write(Buffer.alloc(400));
      while (!(fs.existsSync(file) && fs.statSync(file).size === 400)) await new Promise((r) => setImmediate(r));
      expect((await send(intake.url, dev, 'DELETE', at)).status).toBe(204);
      await ended;
      stalled.destroy();
      expect(uploadFiles(idir)).toEqual([]);
      expect(openFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(dev.fingerprint)).toBe(0);
      // the rest of its bytes, sent late, find it gone
      expect((await send(intake.url, dev, 'HEAD', at)).status).toBe(404);
    }), 30_000);

  it('a DELETE once the upload is complete and being verified is refused: the bundle is accepted, its file and quota as its receipt says', () =>
    withIntake(async (scene) => {
      const { idir, intake, sender } = scene;
      const s = await sender('signer', { attachmentBytes: 2 * 1024 * 1024 });
      const b = await s.exportOne();
      const bytes = new Uint8Array(fs.readFileSync(b.file));
      const dev = await enrolKey(intake.intake, { quotaBytes: 2 * b.size });
      const at = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
      const last = send(intake.url, dev, 'PATCH', at, bytes);
      const file = path.join(idir, 'uploads', at.split('/').pop()!);
      while (!(fs.existsSync(file) && fs.statSync(file).size === b.size)) await new Promise((r) => setImmediate(r));
      const del = await send(intake.url, dev, 'DELETE', at);
      const done = await last;
      expect(done.status).toBe(200);
      // refused as tus refuses ending a finished upload (400), or not found once it is accepted
      expect([400, 404]).toContain(del.status);
      expect(JSON.parse(done.body).signature).toBe((await intake.intake.index.received(b.bundleId))!.receiptSignature);
      expect(await consistent(scene, dev, b, at)).toBe(true);
      // and a DELETE after the receipt finds nothing to end
      expect((await send(intake.url, dev, 'DELETE', at)).status).toBe(404);
      expect(await consistent(scene, dev, b, at)).toBe(true);
    }), 60_000);

  it('a DELETE sent with the last bytes of a PATCH, round after round: each upload ends accepted or gone, never half of each', () =>
    withIntake(async (scene) => {
      const { intake, sender } = scene;
      const s = await sender('signer', { attachmentBytes: 512 * 1024 });
      const ends: boolean[] = [];
      for (let round = 0; round < 6; round++) {
        const b = await s.exportOne();
        const bytes = fs.readFileSync(b.file);
        const dev = await enrolKey(intake.intake, { quotaBytes: 2 * b.size });
        const at = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
        const file = path.join(scene.idir, 'uploads', at.split('/').pop()!);
        // a part of the body (more each round), stored; then the rest and the DELETE at once, or
        // (odd rounds) the rest only once the DELETE is answered: it must then go nowhere
        const part = Math.floor((b.size * round) / 6);
        const req = http.request(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': String(b.size) } });
        const answer = new Promise<number>((resolve) => {
          req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode!)));
          req.on('error', () => resolve(0)); // (ended by the DELETE before all its body went)
        });
        req.write(bytes.subarray(0, part));
        while (!(fs.existsSync(file) && fs.statSync(file).size === part)) await new Promise((r) => setImmediate(r));
        const deleted = send(intake.url, dev, 'DELETE', at);
        if (round % 2) await deleted;
        req.end(bytes.subarray(part));
        const [done, del] = await Promise.all([answer, deleted]);
        req.destroy();
        const accepted = await consistent(scene, dev, b, at);
        ends.push(accepted);
        // the answers agree with what the intake kept
        if (accepted) expect([done, del.status === 204]).toEqual([200, false]);
        else expect([done === 200, del.status]).toEqual([false, 204]);
      }
      expect(ends.filter((e) => !e).length).toBeGreaterThanOrEqual(3); // (the odd rounds at least)
    }), 120_000);

  it('two PATCHes of the whole upload at offset 0 at once: one stores it (the other is ended or told the offset moved), the bundle is accepted once', () =>
    withIntake(async (scene) => {
      const { intake, sender } = scene;
      const s = await sender('signer', { attachmentBytes: 512 * 1024 });
      for (let round = 0; round < 4; round++) {
        const b = await s.exportOne();
        const bytes = new Uint8Array(fs.readFileSync(b.file));
        const dev = await enrolKey(intake.intake, { quotaBytes: b.size });
        const at = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
        const both = await Promise.all([send(intake.url, dev, 'PATCH', at, bytes), send(intake.url, dev, 'PATCH', at, bytes)]);
        const receipts = both.filter((r) => r.status === 200);
        expect(receipts.length).toBeGreaterThanOrEqual(1);
        for (const r of receipts) expect(JSON.parse(r.body).signature).toBe((await intake.intake.index.received(b.bundleId))!.receiptSignature);
        // the other: cut by the second's lock (204 at the offset it reached) or at the wrong offset (409)
        for (const r of both.filter((r) => r.status !== 200)) expect([204, 409]).toContain(r.status);
        expect(await consistent(scene, dev, b, at)).toBe(true);
      }
    }), 120_000);

  it('a PATCH at offset 0 while another is still writing there: the first is ended where its bytes end, the second told the offset moved, and the rest from there is accepted', () =>
    withIntake(async (scene) => {
      const { intake, sender } = scene;
      const s = await sender('signer', { attachmentBytes: 256 * 1024 });
      const b = await s.exportOne();
      const bytes = fs.readFileSync(b.file);
      const dev = await enrolKey(intake.intake, { quotaBytes: b.size });
      const at = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
      const file = path.join(scene.idir, 'uploads', at.split('/').pop()!);
      const part = Math.floor(b.size / 3);
      const stalled = http.request(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': String(b.size) } });
      const first = new Promise<{ status: number; offset: string | undefined }>((resolve) => {
        stalled.on('response', (res) => res.resume().on('end', () => resolve({ status: res.statusCode!, offset: res.headers['upload-offset'] as string | undefined })));
        stalled.on('error', () => resolve({ status: 0, offset: undefined }));
      });
      stalled.write(bytes.subarray(0, part));
      while (!(fs.existsSync(file) && fs.statSync(file).size === part)) await new Promise((r) => setImmediate(r));
      const second = await send(intake.url, dev, 'PATCH', at, new Uint8Array(bytes));
      expect(second.status).toBe(409);
      expect(await first).toEqual({ status: 204, offset: String(part) });
      stalled.destroy();
      const rest = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: String(part) })), ...OCTETS }, body: new Uint8Array(bytes.subarray(part)) });
      expect(rest.status).toBe(200);
      expect(await consistent(scene, dev, b, at)).toBe(true);
    }), 60_000);
});
