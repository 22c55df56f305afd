/**
 * An upload's bundle.json is read as it arrives (arrival.ts: the sizes of entries whose sizes
 * follow their data). A device that sends only the start of an archive whose bundle.json lists
 * hundreds of thousands of files, and leaves the upload there, must not make the intake keep that
 * list: with 100 uploads in progress allowed per device, the heap would not hold them.
 */
import crypto from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, enrolKey, tusHeaders, withIntake } from './intake-tools';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A zip's first local header: bundle.json, deflated, listing `n` files (a legitimate one lists at most 2,000). */
function hugeManifestStart(n: number): Uint8Array<ArrayBuffer> {
  const json = Buffer.from(`{"files":[${Array.from({ length: n }, (_, i) => `{"path":"f${i}","size":${i}}`).join(',')}]}`);
  const data = zlib.deflateRawSync(json, { level: 9 });
  const name = Buffer.from('bundle.json');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(8, 8); // deflated
  h.writeUInt32LE(data.length, 18);
  h.writeUInt32LE(json.length, 22);
  h.writeUInt16LE(name.length, 26);
  return new Uint8Array(Buffer.concat([h, name, data]));
}

describe('intake: a bundle.json bomb in uploads left unfinished', () => {
  it('four uploads each starting with a bundle.json of 600,000 files: the intake keeps no list of them', () =>
    withIntake(async ({ intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 1024 ** 3 });
      const start = hugeManifestStart(600_000);
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 4; i++) {
        const c = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: String(start.length + 1000), uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
        const at = new URL(c.headers.get('location')!, intake.url).pathname;
        const p = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' }, body: start });
        expect(p.status).toBe(204);
      }
      gc();
      // what is kept per upload in progress is small (hashes, a scan's state), not megabytes
      expect((process.memoryUsage().heapUsed - before) / 1024 ** 2).toBeLessThan(30);
    }), 60_000);
});
