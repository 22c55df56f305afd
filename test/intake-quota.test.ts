/**
 * A device's quota bounds the bytes it can make the intake keep: every upload it has in progress
 * counts, however it goes about it. Creating the same bundle's upload again and again makes room
 * only by deleting its earlier uploads of that bundle; an upload its device ends, or a creation
 * refused after its quota was reserved, gives its bytes and its reservation back at once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOADS_IN_PROGRESS } from '../main/intake/index-store';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, uploadFiles, withIntake } from './intake-tools';

/** Bytes of upload data (not their records) in the intake's uploads folder. */
const uploadBytes = (idir: string) => uploadFiles(idir).filter((f) => !f.endsWith('.json')).reduce((n, f) => n + fs.statSync(path.join(idir, 'uploads', f)).size, 0);

describe('intake: quota against a device that keeps creating uploads', () => {
  it('the same bundle created again and again: its earlier uploads are deleted to make room, so their bytes never exceed the quota', () =>
    withIntake(async ({ idir, intake }) => {
      const QUOTA = 1000;
      const a = await enrolKey(intake.intake, { quotaBytes: QUOTA });
      const uploadMetadata = bundleMetadata(crypto.randomUUID(), 'a'.repeat(64));
      const urls: string[] = [];
      for (let i = 0; i < 4; i++) {
        const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '900', uploadMetadata }) });
        expect(c.status).toBe(201);
        const at = new URL(c.headers.get('location')!, intake.url).pathname;
        urls.push(at);
        const p = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' }, body: Buffer.alloc(800) });
        expect(p.status).toBe(204);
        expect(uploadBytes(idir)).toBeLessThanOrEqual(QUOTA);
        expect(await intake.intake.index.usage(a.fingerprint)).toBe(900);
      }
      // only the last is left; the earlier ones are gone for their device too
      expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toEqual([urls[3]!.split('/').pop()]);
      const head = await fetch(`${intake.url}${urls[0]}`, { method: 'HEAD', headers: await tusHeaders(a, 'HEAD', urls[0]!) });
      expect(head.status).toBe(404);
      // another bundle that does not fit is refused, and deletes nothing
      const other = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '200', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'b'.repeat(64)) }) });
      expect(other.status).toBe(413);
      expect(JSON.parse(await other.text())).toMatchObject({ error: 'over_quota' });
      expect(uploadBytes(idir)).toBe(800);
      // and the sweep leaves nothing behind
      expect(await intake.intake.sweep(0)).toBe(1);
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);
    }));

  it('an upload superseded while a PATCH is still writing into it: that PATCH is ended first, and no deleted file stays open', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const uploadMetadata = bundleMetadata(crypto.randomUUID(), 'a'.repeat(64));
      const create = async () => {
        const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '900', uploadMetadata }) });
        expect(c.status).toBe(201);
        return new URL(c.headers.get('location')!, intake.url).pathname;
      };
      const first = await create();
      const file = path.join(idir, 'uploads', first.split('/').pop()!);
      // 400 of the 900 bytes announced, then nothing, the connection left open
      const stalled = http.request(`${intake.url}${first}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', first, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': '900' } });
      const ended = new Promise<void>((resolve) => {
        stalled.on('response', (res) => res.resume().on('end', resolve));
        stalled.on('error', () => resolve());
      });
      stalled.write(Buffer.alloc(400));
      for (let i = 0; i < 100 && !(fs.existsSync(file) && fs.statSync(file).size === 400); i++) await new Promise((r) => setTimeout(r, 50));

      await create(); // the same bundle again: the first makes room
      await ended;
      expect(fs.existsSync(file)).toBe(false);
      const open = fs.readdirSync('/proc/self/fd').map((fd) => { try { return fs.readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });
      expect(open.filter((l) => l.startsWith(path.join(idir, 'uploads')))).toEqual([]);
      stalled.destroy();
    }), 30_000);

  it('uploads in progress are bounded in number too: 1-byte uploads by the hundred are refused (429) past the limit, leaving nothing', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake);
      const create = async () => {
        const r = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '1', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
        return { status: r.status, body: await r.text(), at: r.headers.get('location') };
      };
      const made: string[] = [];
      for (let i = 0; i < MAX_UPLOADS_IN_PROGRESS; i++) {
        const r = await create();
        expect(r.status).toBe(201);
        made.push(new URL(r.at!, intake.url).pathname);
      }
      const files = uploadFiles(idir);
      const over = await create();
      expect(over.status).toBe(429);
      expect(JSON.parse(over.body)).toEqual({ error: 'too_many_uploads', message: expect.stringMatching(new RegExp(`has ${MAX_UPLOADS_IN_PROGRESS} uploads in progress, the most this intake keeps for one device`)) });
      expect(uploadFiles(idir)).toEqual(files);
      // one ended makes room for one
      const d = await fetch(`${intake.url}${made[0]}`, { method: 'DELETE', headers: await tusHeaders(a, 'DELETE', made[0]!) });
      expect(d.status).toBe(204);
      expect((await create()).status).toBe(201);
    }), 60_000);

  it('an upload ended by its device (DELETE) gives its quota back at once', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '900', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
      const at = new URL(c.headers.get('location')!, intake.url).pathname;
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(900);
      const d = await fetch(`${intake.url}${at}`, { method: 'DELETE', headers: await tusHeaders(a, 'DELETE', at) });
      expect(d.status).toBe(204);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);
      expect(uploadFiles(idir)).toEqual([]);
      // the quota is free for another bundle straight away
      const again = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '900', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'b'.repeat(64)) }) });
      expect(again.status).toBe(201);
    }));

  it('a creation refused after its quota was reserved (a body longer than announced) leaves no upload and no reservation', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const r = await fetch(`${intake.url}${UPLOAD_PATH}`, {
        method: 'POST',
        headers: { ...(await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '100', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) })), 'Content-Type': 'application/offset+octet-stream' },
        body: Buffer.alloc(300),
      });
      expect(r.status).toBe(413);
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);
      expect(JSON.parse(await r.text())).toEqual({ error: 'too_large', message: "upload's size exceeded" });
    }));
});
