/**
 * A copy of a signed request's headers sent again (captured on the way, within the 5 minutes its
 * date allows): a PATCH's signature does not cover its body, so a replay could write other bytes
 * at that offset. The intake takes each signed request once (its nonce); on another path it never verifies.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLES_PATH, UPLOAD_PATH } from '../main/intake/protocol';
import { tempDir } from './helpers';
import { bundleMetadata, enrolKey, startIntake, tusHeaders, uploadFiles, withIntake } from './intake-tools';

describe('intake: replayed requests', () => {
  it('a PATCH sent again with the same signature is refused and writes nothing; on another upload it does not verify', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake);
      const create = async () => {
        const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '1000', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
        return new URL(c.headers.get('location')!, intake.url).pathname;
      };
      const at = await create();
      const file = path.join(idir, 'uploads', at.split('/').pop()!);
      // the device's PATCH at offset 0 that brought nothing (a line cut at once)
      const headers = { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' };
      const first = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers, body: Buffer.alloc(0) });
      expect(first.status).toBe(204);
      // its headers, replayed with other bytes
      const again = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers, body: Buffer.alloc(100, 0x58) });
      expect(again.status).toBe(401);
      expect(JSON.parse(await again.text())).toEqual({ error: 'replayed', message: 'replayed request: this signature was already used (every request is signed afresh)', params: {} });
      expect(fs.statSync(file).size).toBe(0);
      // on another upload: not this request's path
      const other = await create();
      const moved = await fetch(`${intake.url}${other}`, { method: 'PATCH', headers, body: Buffer.alloc(100, 0x58) });
      expect(moved.status).toBe(401);
      expect(JSON.parse(await moved.text())).toMatchObject({ message: 'bad request signature' });
      // the device itself goes on, each request signed afresh
      const next = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' }, body: Buffer.alloc(100) });
      expect(next.status).toBe(204);
      expect(fs.statSync(file).size).toBe(100);
    }));
});

/**
 * Every signed request is single-use, not only the writing ones: a POST captured on the way (a
 * TLS-terminating proxy, a log) sent again would create uploads that fill its device's quota; a
 * HEAD or GET would let whoever holds the copy read as the device or the receiver. Each request
 * carries a nonce in what it signs; the intake remembers it in its index while the date is valid.
 */
describe('intake: every signed request is taken once', () => {
  const post = async (dev: Awaited<ReturnType<typeof enrolKey>>) =>
    tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: '1000', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) });

  it('a captured POST, HEAD or GET sent again is refused and changes nothing', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake);
      const headers = await post(a);
      const first = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers });
      expect(first.status).toBe(201);
      const replayed = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers });
      expect(replayed.status).toBe(401);
      expect(JSON.parse(await replayed.text())).toEqual({ error: 'replayed', message: 'replayed request: this signature was already used (every request is signed afresh)', params: {} });
      expect(await intake.intake.index.uploadsInProgress(a.fingerprint)).toBe(1);
      expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toHaveLength(1);

      const at = new URL(first.headers.get('location')!, intake.url).pathname;
      const head = await tusHeaders(a, 'HEAD', at);
      expect((await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: head })).status).toBe(200);
      const headAgain = await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: head });
      expect(headAgain.status).toBe(401);
      expect(JSON.parse(headAgain.headers.get('x-gcmr-error')!)).toMatchObject({ error: 'replayed' });

      const r = await enrolKey(intake.intake, { role: 'receiver' });
      const list = await tusHeaders(r, 'GET', `${BUNDLES_PATH}?after=0`);
      expect((await fetch(`${intake.url}${BUNDLES_PATH}?after=0`, { headers: list })).status).toBe(200);
      const listAgain = await fetch(`${intake.url}${BUNDLES_PATH}?after=0`, { headers: list });
      expect(listAgain.status).toBe(401);
      expect(JSON.parse(await listAgain.text())).toMatchObject({ error: 'replayed' });
    }));

  it('the intake remembers across a restart', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    let intake = await startIntake(idir);
    const a = await enrolKey(intake.intake);
    const headers = await post(a);
    try {
      expect((await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers })).status).toBe(201);
      await intake.close();
      intake = await startIntake(idir);
      const replayed = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers });
      expect(replayed.status).toBe(401);
      expect(await intake.intake.index.uploadsInProgress(a.fingerprint)).toBe(1);
    } finally {
      await intake.close();
    }
  });

  it('a request without a nonce (an older sender) is refused, saying why, and creates nothing', () =>
    withIntake(async ({ intake }) => {
      const a = await enrolKey(intake.intake);
      const { 'X-GCMR-Nonce': _nonce, ...headers } = await post(a);
      const r = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers });
      expect(r.status).toBe(401);
      expect(JSON.parse(await r.text())).toEqual({ error: 'nonce_required', message: expect.stringMatching(/^X-GCMR-Nonce is required/), params: {} });
      expect(await intake.intake.index.uploadsInProgress(a.fingerprint)).toBe(0);
    }));
});
