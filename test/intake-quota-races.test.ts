/**
 * A device's quota under concurrency: creations sent at the same moment (to one intake, and to two
 * intake processes on one PostgreSQL index), an upload superseded while it is being verified, or
 * by a creation at another process while a PATCH writes into it, and each way an upload ends sent
 * twice at once. Against real intakes on loopback with real keys and bundles; what is checked is
 * what the intake keeps (its index's usage, its files, the files it holds open).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, receivedFiles, tusHeaders, uploadFiles, withIntake, withTwoIntakes, type Device, type RunningIntake } from './intake-tools';
import { pgForFile } from './pg-cluster';

const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

const create = async (url: string, dev: Device, length: number, bundleId: string = crypto.randomUUID(), sha256 = 'a'.repeat(64)) => {
  const r = await fetch(`${url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(length), uploadMetadata: bundleMetadata(bundleId, sha256) }) });
  return { status: r.status, body: await r.text(), at: r.headers.get('location') ? new URL(r.headers.get('location')!, url).pathname : null };
};

const patch = async (url: string, dev: Device, at: string, offset: number, body: Uint8Array<ArrayBuffer>) => {
  const r = await fetch(`${url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: String(offset) })), ...OCTETS }, body });
  return { status: r.status, body: await r.text() };
};

/** Bytes of upload data (not their records) in the intake's uploads folder. */
const uploadBytes = (idir: string) => uploadFiles(idir).filter((f) => !f.endsWith('.json')).reduce((n, f) => n + fs.statSync(path.join(idir, 'uploads', f)).size, 0);

/**
 * Eight creations of 0.4 Q each at once, spread over `intakes`: exactly two fit. Then both are
 * filled by PATCHes sent at once; the device never holds more than Q (index and folder).
 */
async function eightAtOnce(intakes: RunningIntake[], idir: string) {
  const Q = 10_000;
  const dev = await enrolKey(intakes[0]!.intake, { quotaBytes: Q });
  const made = await Promise.all(Array.from({ length: 8 }, (_, i) => create(intakes[i % intakes.length]!.url, dev, 0.4 * Q)));
  expect(made.map((m) => m.status).sort()).toEqual([201, 201, 413, 413, 413, 413, 413, 413]);
  for (const m of made.filter((m) => m.status === 413)) expect(JSON.parse(m.body)).toMatchObject({ error: 'over_quota' });
  expect(await intakes[0]!.intake.index.usage(dev.fingerprint)).toBe(0.8 * Q);
  // the two reserved ones continued at once, each by two PATCHes at offset 0 sent together (one is cut or 409)
  const ok = made.filter((m) => m.status === 201);
  await Promise.all(ok.flatMap((m, i) => [patch(intakes[i % intakes.length]!.url, dev, m.at!, 0, Buffer.alloc(0.2 * Q)), patch(intakes[i % intakes.length]!.url, dev, m.at!, 0, Buffer.alloc(0.2 * Q, 1))]));
  expect(uploadBytes(idir)).toBeLessThanOrEqual(0.8 * Q);
  expect(await intakes[0]!.intake.index.usage(dev.fingerprint)).toBe(0.8 * Q);
  // and once more at once, now that none fits
  const more = await Promise.all(Array.from({ length: 4 }, (_, i) => create(intakes[i % intakes.length]!.url, dev, 0.3 * Q)));
  expect(more.map((m) => m.status)).toEqual([413, 413, 413, 413]);
  expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toHaveLength(2);
}

describe('intake: a device’s quota under concurrency', () => {
  it('eight creations of 0.4 Q sent at once: exactly two are reserved, and filling them at once stays within Q', () =>
    withIntake(async ({ idir, intake }) => eightAtOnce([intake], idir)), 60_000);

  it('an upload superseded while it is being verified (its bundle created again by its device) is not accepted: the device never holds more than its quota', () =>
    withIntake(async ({ idir, intake, sender }) => {
      // the bundle's signer (enrolled, quota to spare); each round's uploader is a key of its own
      const s = await sender('signer', { attachmentBytes: 4 * 1024 * 1024 });
      let hit = 0;
      for (let round = 0; round < 30 && hit === 0; round++) {
        const b = await s.exportOne();
        const bytes = new Uint8Array(fs.readFileSync(b.file));
        const Q = Math.floor(1.5 * b.size);
        const dev = await enrolKey(intake.intake, { quotaBytes: Q });
        const first = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
        expect(first.status).toBe(201);
        const file = path.join(idir, 'uploads', first.at!.split('/').pop()!);
        let answered = false;
        const last = patch(intake.url, dev, first.at!, 0, bytes).finally(() => (answered = true));
        // every byte stored, its PATCH not answered yet: the upload is complete and being verified
        while (!answered && !(fs.existsSync(file) && fs.statSync(file).size === b.size)) await new Promise((r) => setImmediate(r));
        // a HEAD takes the upload's lock after that PATCH's write: answered with every byte, the
        // PATCH's write is over and its verification has begun
        const head = await fetch(`${intake.url}${first.at}`, { method: 'HEAD', headers: await tusHeaders(dev, 'HEAD', first.at!) });
        if (head.headers.get('upload-offset') !== String(b.size)) {
          await last;
          continue;
        }
        const again = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
        const done = await last;
        if (again.status === 409) continue; // its verification was over first (already_received): not the race; another round
        hit++;
        // the creation took the first's reservation (it had to, to fit): the first, though
        // complete, is then not accepted, or the device would hold two bundles' worth on 1.5
        expect(again.status).toBe(201);
        expect(await intake.intake.index.usage(dev.fingerprint)).toBeLessThanOrEqual(Q);
        expect(await intake.intake.index.received(b.bundleId)).toBeNull();
        expect([done.status, JSON.parse(done.body).error]).toEqual([404, 'not_found']);
        expect(uploadBytes(idir)).toBe(0);
        // the second upload carries the bundle
        expect((await patch(intake.url, dev, again.at!, 0, bytes)).status).toBe(200);
        expect(await intake.intake.index.usage(dev.fingerprint)).toBe(b.size);
        expect(uploadFiles(idir)).toEqual([]);
        expect(receivedFiles(idir).filter((f) => f.startsWith(b.bundleId))).toEqual([`${b.bundleId}.${again.at!.split('/').pop()}.gcmr`]);
      }
      expect(hit).toBe(1);
    }), 240_000);

  it('every way an upload ends, sent twice at once, gives its reservation back once: the device’s usage is then exactly what was received', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const s = await sender('signer', { attachmentBytes: 256 * 1024 });
      const b = await s.exportOne();
      const dev = await enrolKey(intake.intake, { quotaBytes: 3 * b.size });
      const usage = () => intake.intake.index.usage(dev.fingerprint);
      const receipt = async (bundleId: string, at: string) => {
        const q = `/v1/receipts/${bundleId}?upload=${at.split('/').pop()}`;
        const r = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(dev, 'GET', q) });
        return { status: r.status, body: await r.text() };
      };
      const del = async (at: string) => (await fetch(`${intake.url}${at}`, { method: 'DELETE', headers: await tusHeaders(dev, 'DELETE', at) })).status;
      // accepted: its last PATCH and a receipt request (which finishes a complete upload) at once
      const acc = await create(intake.url, dev, b.size, b.bundleId, b.sha256);
      const [p, r] = await Promise.all([patch(intake.url, dev, acc.at!, 0, new Uint8Array(fs.readFileSync(b.file))), receipt(b.bundleId, acc.at!)]);
      expect(p.status).toBe(200);
      if (r.status === 200) expect(JSON.parse(r.body).signature).toBe(JSON.parse(p.body).signature);
      else expect(r.status).toBe(404); // (asked before its bytes were all there)
      expect(await usage()).toBe(b.size);
      // refused: its last PATCH and a receipt request at once
      const badId = crypto.randomUUID();
      const bad = await create(intake.url, dev, 10, badId);
      const [bp, br] = await Promise.all([patch(intake.url, dev, bad.at!, 0, new Uint8Array(10)), receipt(badId, bad.at!)]);
      expect(bp.status).toBe(422);
      expect([404, 422]).toContain(br.status);
      expect(await usage()).toBe(b.size);
      // ended by its device: two DELETEs at once
      const ended = await create(intake.url, dev, 100);
      expect((await Promise.all([del(ended.at!), del(ended.at!)])).sort()).toEqual([204, 404]);
      expect(await usage()).toBe(b.size);
      // abandoned: the sweep and a DELETE at once, then the sweep again
      const left = await create(intake.url, dev, 100);
      const [swept, d] = await Promise.all([intake.intake.sweep(0), del(left.at!)]);
      expect(swept === 1 || d === 204).toBe(true);
      expect(await intake.intake.sweep(0)).toBe(0);
      expect(await usage()).toBe(b.size);
      expect(await intake.intake.index.uploadsInProgress(dev.fingerprint)).toBe(0);
      expect(uploadFiles(idir)).toEqual([]);
    }), 60_000);
});

const pgUrl = pgForFile('intake-quota-races');

describe('intake: a device’s quota across two intake processes on one PostgreSQL index', () => {
  it('eight creations of 0.4 Q sent at once to two intakes: exactly two are reserved', (ctx) => withTwoIntakes(pgUrl(ctx), (A, B, idir) => eightAtOnce([A, B], idir)), 60_000);
});

describe('intake: an upload superseded by a creation at another intake process', () => {
  it('the PATCH still writing into it at the first process ends at its next write: no deleted file is written on or kept open', (ctx) =>
    withTwoIntakes(pgUrl(ctx), async (A, B, idir) => {
      const dev = await enrolKey(A.intake, { quotaBytes: 1000 });
      const bundleId = crypto.randomUUID();
      const first = await create(A.url, dev, 900, bundleId);
      const file = path.join(idir, 'uploads', first.at!.split('/').pop()!);
      const stalled = http.request(`${A.url}${first.at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', first.at!, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': '900' } });
      let answered: number | null = null;
      stalled.on('response', (res) => res.resume().on('end', () => (answered = res.statusCode!)));
      stalled.on('error', () => (answered ??= 0));
      stalled.write(Buffer.alloc(400));
      while (!(fs.existsSync(file) && fs.statSync(file).size === 400)) await new Promise((r) => setImmediate(r));
      // the same bundle created again at B: A's upload makes room, its bytes deleted (by B)
      expect((await create(B.url, dev, 900, bundleId)).status).toBe(201);
      expect(fs.existsSync(file)).toBe(false);
      expect(await A.intake.index.usage(dev.fingerprint)).toBe(900);
      // more bytes on A's PATCH: written into a file that is gone, they would count nowhere
      stalled.write(Buffer.alloc(400, 1));
      const writtenOn = () => openUploads(idir).filter((f) => f.size >= 800);
      while (answered === null && !writtenOn().length) await new Promise((r) => setImmediate(r));
      expect(writtenOn()).toEqual([]);
      expect(answered).toBe(410); // gone, as the app reads it: it starts again (here it already has)
      expect(openUploads(idir)).toEqual([]);
      stalled.destroy();
    }), 60_000);
});

describe('intake: a stalled PATCH whose upload another intake process deletes', () => {
  // the slow-request guard shortened: a body bringing less than 16 KiB in 300 ms is cut
  const server = { limits: { bodyWindowMs: 300 } };
  for (const how of ['superseded', 'deleted'] as const) {
    it(`${how} at the other process while its sender sends nothing: the guard ends it, nothing is left open or on disk, the quota is released once, the sender finds it gone`, (ctx) =>
      withTwoIntakes(
        pgUrl(ctx),
        async (A, B, idir) => {
          const dev = await enrolKey(A.intake, { quotaBytes: 1000 });
          const bundleId = crypto.randomUUID();
          const first = await create(A.url, dev, 900, bundleId);
          const id = first.at!.split('/').pop()!;
          const file = path.join(idir, 'uploads', id);
          const stalled = http.request(`${A.url}${first.at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', first.at!, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': '900' } });
          let ended = false;
          stalled.on('response', (res) => res.resume().on('end', () => (ended = true)));
          stalled.on('error', () => (ended = true));
          stalled.on('close', () => (ended = true));
          stalled.write(Buffer.alloc(400));
          while (!(fs.existsSync(file) && fs.statSync(file).size === 400)) await new Promise((r) => setImmediate(r));
          // the sender goes silent; meanwhile B, which holds no lock on it, deletes the upload
          if (how === 'superseded') expect((await create(B.url, dev, 900, bundleId)).status).toBe(201);
          else expect((await fetch(`${B.url}${first.at}`, { method: 'DELETE', headers: await tusHeaders(dev, 'DELETE', first.at!) })).status).toBe(204);
          expect(fs.existsSync(file)).toBe(false);
          while (!ended) await new Promise((r) => setTimeout(r, 20));
          // A let go of the deleted file, and kept nothing of it
          while (openUploads(idir).length) await new Promise((r) => setTimeout(r, 20));
          const left = how === 'superseded' ? 900 : 0;
          expect(uploadFiles(idir).filter((f) => f.startsWith(id))).toEqual([]);
          expect(uploadBytes(idir)).toBe(0);
          expect(await A.intake.index.usage(dev.fingerprint)).toBe(left);
          expect(await A.intake.index.uploadsInProgress(dev.fingerprint)).toBe(left ? 1 : 0);
          // released once: what is left of the quota is exactly that (one more byte is refused)
          expect((await create(A.url, dev, 1000 - left)).status).toBe(201);
          expect((await create(A.url, dev, 1)).status).toBe(413);
          // its sender, coming back, finds it gone at either process (and starts again)
          for (const at of [A, B]) expect([404, 410]).toContain((await fetch(`${at.url}${first.at}`, { method: 'HEAD', headers: await tusHeaders(dev, 'HEAD', first.at!) })).status);
          stalled.destroy();
        },
        server,
      ), 60_000);
  }
});

/** Upload files (deleted ones too) this process has open, with their size now. */
function openUploads(idir: string): Array<{ link: string; size: number }> {
  const out: Array<{ link: string; size: number }> = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const link = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (link.startsWith(path.join(idir, 'uploads'))) out.push({ link, size: fs.statSync(`/proc/self/fd/${fd}`).size });
    } catch {
      // (closed meanwhile)
    }
  }
  return out;
}
