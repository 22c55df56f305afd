/**
 * A copy of a signed request's headers sent again (captured on the way, within the 5 minutes its
 * date allows): a PATCH's signature does not cover its body, so a replay could write other bytes
 * at that offset. The intake takes each writing signature once; on another path it never verifies.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, withIntake } from './intake-tools';

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
      expect(JSON.parse(await again.text())).toEqual({ error: 'unauthorized', message: 'replayed request: this signature was already used (every request is signed afresh)' });
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
