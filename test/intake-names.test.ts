/**
 * What a hostile enrolled device can name over HTTP: only an upload's 32 hex digits reach tus, so
 * an upload's record (`<id>.json`), the data folder's other files and encoded traversals name
 * nothing; a malformed name is a 4xx with its reason, never a 500, and no answer shows a path of
 * the data folder. Each refusal leaves every file as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, withIntake } from './intake-tools';

/** Every file under `dir` with its size. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile() && !f.startsWith('index.sqlite')).map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}`).sort();
}

describe('intake: what an upload URL can name', () => {
  it('another device cannot end an upload through its record (<id>.json); traversals and odd names are 4xx with a reason and touch nothing', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake);
      const b = await enrolKey(intake.intake);
      const created = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '100', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
      expect(created.status).toBe(201);
      const at = new URL(created.headers.get('location')!, intake.url).pathname;
      const before = files(idir);
      expect(before).toContainEqual(expect.stringMatching(/^uploads\/[0-9a-f]{32}\.json:\d+$/));

      const names = [`${at.slice(UPLOAD_PATH.length)}.json`, '..%2Fintake.key', '%2E%2E%2Findex.sqlite', '..%5Cintake.key', 'x%00', '%zz', 'A'.repeat(32), 'a'.repeat(4000)];
      for (const name of names) {
        for (const method of ['DELETE', 'HEAD', 'PATCH']) {
          const p = `${UPLOAD_PATH}${name}`;
          const r = await fetch(`${intake.url}${p}`, { method, headers: { ...(await tusHeaders(b, method, p, method === 'PATCH' ? { uploadOffset: '0' } : {})), 'Content-Type': 'application/offset+octet-stream' }, body: method === 'PATCH' ? 'xyz' : undefined });
          expect(r.status, `${method} ${name.slice(0, 40)}`).toBe(404);
          const text = await r.text();
          if (method !== 'HEAD') expect(JSON.parse(text)).toEqual({ error: 'not_found', message: 'no such upload: an upload is named by 32 hex digits' });
        }
      }
      // the upload is still its device's, whole
      expect(files(idir)).toEqual(before);
      const head = await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: await tusHeaders(a, 'HEAD', at) });
      expect(head.status).toBe(200);
      // and the other device still cannot touch it by its real name
      const del = await fetch(`${intake.url}${at}`, { method: 'DELETE', headers: await tusHeaders(b, 'DELETE', at) });
      expect(del.status).toBe(403);
      expect(files(idir)).toEqual(before);
    }));

  it('malformed ids in receipts and bundles are 400 with a reason (not 500); no answer carries the data folder’s path', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake);
      const m = await enrolKey(intake.intake, { role: 'receiver' });
      for (const [dev, p] of [
        [a, '/v1/receipts/%zz'],
        [a, '/v1/receipts/%E0%A4%A'],
        [m, '/v1/bundles/%zz'],
        [a, `/v1/receipts/${'x'.repeat(3000)}`],
      ] as const) {
        const r = await fetch(`${intake.url}${p}`, { headers: await tusHeaders(dev, 'GET', p) });
        const text = await r.text();
        expect(r.status, p).toBe(400);
        expect(JSON.parse(text)).toEqual({ error: 'bad_request', message: 'not a bundle id (a UUID)' });
      }
      // an upload whose record is gone (a failing disk, an operator): a 404 that names no file, and nothing deleted
      const created = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '100', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
      const at = new URL(created.headers.get('location')!, intake.url).pathname;
      const file = path.join(idir, 'uploads', at.split('/').pop()!);
      fs.rmSync(`${file}.json`);
      const r = await fetch(`${intake.url}${at}`, { method: 'DELETE', headers: await tusHeaders(a, 'DELETE', at) });
      const text = await r.text();
      expect(r.status).toBe(404);
      expect(text).not.toContain(idir);
      expect(JSON.parse(text)).toEqual({ error: 'not_found', message: 'The file for this url was not found' });
      expect(fs.existsSync(file)).toBe(true);
      // the intake is still up
      expect((await fetch(`${intake.url}/v1/key`)).status).toBe(200);
    }));
});
