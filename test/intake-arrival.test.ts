/**
 * Hashing an upload as it arrives (main/intake/arrival.ts): the digest equals the file's, the
 * entry hashes stand in for reading the attachments (and a wrong one is caught, so they are
 * really used), and anything out of order drops the digest so the file is read as before.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../main/bundle/reader';
import { Arrivals } from '../main/intake/arrival';
import { makeSender } from './intake-tools';
import { tempDir } from './helpers';

/** What the tus file store does with a PATCH body: writes it at `offset`, returns the new offset. */
const writeAt = (file: string, offset: number) => async (r: Readable) => {
  let n = 0;
  await pipeline(
    r,
    async function* (src) {
      for await (const c of src) {
        n += (c as Buffer).length;
        yield c;
      }
    },
    fs.createWriteStream(file, { flags: offset ? 'r+' : 'w', start: offset }),
  );
  return offset + n;
};

/** `bytes` cut in pieces of random sizes (as requests and socket reads cut an upload). */
function pieces(bytes: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + crypto.randomInt(max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('hashing an upload as it arrives', () => {
  it('gives the file SHA-256 and the attachments hashes, which verification then uses', async () => {
    const dir = tempDir();
    const sender = await makeSender(dir, 'a', 300_000);
    const b = await sender.exportOne();
    const bytes = fs.readFileSync(b.file);
    const out = path.join(dir, 'upload');
    const arrivals = new Arrivals();
    // three requests, each body arriving in small random pieces
    let offset = 0;
    for (const part of [bytes.subarray(0, 100_000), bytes.subarray(100_000, 250_000), bytes.subarray(250_000)]) {
      offset = await arrivals.write('u1', offset, Readable.from(pieces(part, 9_000)), writeAt(out, offset));
    }
    expect(offset).toBe(bytes.length);
    const d = arrivals.take('u1', bytes.length)!;
    expect(d.sha256).toBe(b.sha256);
    // one stored entry per attachment (the same law twice is one file) and the three signature files
    expect(d.entries.size).toBeGreaterThanOrEqual(2);
    for (const e of d.entries.values()) expect(e.sha256).toBe(crypto.createHash('sha256').update(bytes.subarray(e.dataStart, e.dataStart + e.length)).digest('hex'));
    expect((await readArchive(out, { known: d.entries })).manifest.bundleId).toBe(b.bundleId);

    // the verifier takes them instead of reading the attachment: a wrong one is caught as a change
    const [big] = [...d.entries.entries()].sort((x, y) => y[1].length - x[1].length);
    const lying = new Map(d.entries).set(big![0], { ...big![1], sha256: '0'.repeat(64) });
    await expect(readArchive(out, { known: lying })).rejects.toThrow(/changed after signing/);
    // one for another range is not used: the file is read and found intact
    const elsewhere = new Map(d.entries).set(big![0], { ...big![1], dataStart: big![1].dataStart + 1, sha256: '0'.repeat(64) });
    expect((await readArchive(out, { known: elsewhere })).manifest.bundleId).toBe(b.bundleId);
    sender.s.close();
  }, 60_000);

  it('drops the digest after a failed write, a write out of order, or when it does not cover the upload', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'upload');
    const bytes = crypto.randomBytes(50_000);
    const arrivals = new Arrivals();
    let offset = await arrivals.write('u', 0, Readable.from([bytes.subarray(0, 20_000)]), writeAt(out, 0));
    expect(arrivals.take('u', 20_000)?.sha256).toBe(crypto.createHash('sha256').update(bytes.subarray(0, 20_000)).digest('hex'));

    // a body that breaks off: the store keeps what it wrote, the digest is gone
    offset = await arrivals.write('v', 0, Readable.from([bytes.subarray(0, 10_000)]), writeAt(out, 0));
    const broken = new Readable({ read() {} });
    broken.push(bytes.subarray(10_000, 15_000));
    setTimeout(() => broken.destroy(new Error('connection reset')), 20);
    await expect(arrivals.write('v', offset, broken, writeAt(out, offset))).rejects.toThrow(/reset/);
    const resumed = fs.statSync(out).size;
    await arrivals.write('v', resumed, Readable.from([bytes.subarray(resumed)]), writeAt(out, resumed));
    expect(arrivals.take('v', bytes.length)).toBeNull();

    // a write at an offset the digest has not reached (another process wrote between)
    await arrivals.write('w', 0, Readable.from([bytes.subarray(0, 10_000)]), writeAt(out, 0));
    await arrivals.write('w', 20_000, Readable.from([bytes.subarray(20_000)]), writeAt(out, 20_000));
    expect(arrivals.take('w', bytes.length)).toBeNull();

    // a digest short of the upload's size
    await arrivals.write('x', 0, Readable.from([bytes.subarray(0, 10_000)]), writeAt(out, 0));
    expect(arrivals.take('x', bytes.length)).toBeNull();
  });
});
