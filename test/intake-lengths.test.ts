/**
 * What a device announces: Upload-Length and Upload-Offset that are negative, not integers, past
 * Number.MAX_SAFE_INTEGER, past the largest upload or the quota, deferred, or not where the upload
 * is; Upload-Metadata that is not base64 or not a bundle's; a PATCH of another type. Each is a 4xx
 * with its reason, and none leaves an upload, a byte or a reservation behind.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, uploadFiles, withIntake } from './intake-tools';

describe('intake: lengths, offsets and metadata as announced', () => {
  it('refuses each bad announcement with a 4xx and its reason, leaving nothing', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 10_000 });
      const metadata = () => bundleMetadata(crypto.randomUUID(), 'a'.repeat(64));
      const post = async (extra: Parameters<typeof tusHeaders>[3], more: Record<string, string> = {}) => {
        const r = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: { ...(await tusHeaders(a, 'POST', UPLOAD_PATH, extra)), ...more } });
        return [r.status, (await r.text()).trim()] as const;
      };
      const cases: Array<[Parameters<typeof tusHeaders>[3], Record<string, string>, number, RegExp]> = [
        [{ uploadLength: '-1', uploadMetadata: metadata() }, {}, 400, /Invalid upload-length/],
        [{ uploadLength: '1.5', uploadMetadata: metadata() }, {}, 400, /Invalid upload-length/],
        [{ uploadLength: '1e3', uploadMetadata: metadata() }, {}, 400, /Invalid upload-length/],
        [{ uploadLength: '9007199254740993', uploadMetadata: metadata() }, {}, 400, /Invalid upload-length/],
        [{ uploadLength: '0', uploadMetadata: metadata() }, {}, 400, /must announce its length .* positive/],
        [{ uploadLength: String(5 * 1024 ** 3), uploadMetadata: metadata() }, {}, 413, /Maximum size exceeded/],
        [{ uploadLength: '10001', uploadMetadata: metadata() }, {}, 413, /over quota: .* quota of 10000 bytes/],
        [{ uploadMetadata: metadata() }, { 'Upload-Defer-Length': '1' }, 400, /must announce its length/],
        [{ uploadLength: '10', uploadMetadata: 'bundleId !!!,sha256 ???' }, {}, 400, /Invalid upload-metadata/],
        [{ uploadLength: '10', uploadMetadata: `bundleId ${Buffer.from('not-a-uuid').toString('base64')}` }, {}, 400, /must carry the bundleId/],
        [{ uploadLength: '10', uploadMetadata: metadata().replace(/filename \S+/, `filename ${Buffer.from('x'.repeat(300)).toString('base64')}`) }, {}, 400, /must carry the bundleId/],
      ];
      for (const [extra, more, status, reason] of cases) {
        const [got, text] = await post(extra, more);
        expect([got, text], JSON.stringify(extra)).toEqual([status, expect.stringMatching(reason)]);
      }
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);

      // offsets and types on an upload that exists: refused, the upload as it was
      const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '100', uploadMetadata: metadata() }) });
      const at = new URL(c.headers.get('location')!, intake.url).pathname;
      const patch = async (uploadOffset: string | undefined, type: string | undefined, body: Buffer<ArrayBuffer>) => {
        const r = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, uploadOffset === undefined ? {} : { uploadOffset })), ...(type ? { 'Content-Type': type } : {}) }, body });
        return [r.status, (await r.text()).trim()] as const;
      };
      const before = uploadFiles(idir);
      expect(await patch('5', 'application/offset+octet-stream', Buffer.alloc(10))).toEqual([409, expect.stringMatching(/Upload-Offset conflict/)]);
      expect(await patch('-1', 'application/offset+octet-stream', Buffer.alloc(10))).toEqual([400, expect.stringMatching(/Invalid upload-offset/)]);
      expect(await patch(undefined, 'application/offset+octet-stream', Buffer.alloc(10))).toEqual([403, expect.stringMatching(/Upload-Offset header required/)]);
      expect(await patch('0', 'text/plain', Buffer.alloc(10))).toEqual([400, expect.stringMatching(/Invalid content-type/)]);
      expect(await patch('0', 'application/offset+octet-stream', Buffer.alloc(101))).toEqual([413, expect.stringMatching(/upload's size exceeded/)]);
      expect(uploadFiles(idir)).toEqual(before);
      const head = await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: await tusHeaders(a, 'HEAD', at) });
      expect(head.headers.get('upload-offset')).toBe('0');
    }));
});
