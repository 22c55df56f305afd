/**
 * Hashing an upload as it arrives (main/intake/arrival.ts): the digest equals the file's, the
 * entry hashes stand in for reading the attachments (and a wrong one is caught, so they are
 * really used), a body cut off keeps it (the store shows only bytes it wrote), and anything out
 * of order drops it so the file is read again (digestFile: the same hashes in one pass).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../main/bundle/reader';
import { Arrivals, digestFile } from '../main/intake/arrival';
import { fileStorage } from '../main/intake/storage';
import { makeSender } from './intake-tools';
import { tempDir } from './helpers';

/** The folder storage's tus store, its writes shown to `arrivals`; `put` writes a PATCH body at `offset` as tus does. */
function store(dir: string, arrivals: Arrivals) {
  const st = fileStorage(path.join(dir, 'intake'));
  st.watchWrites!(arrivals);
  const fileOf = async (id: string) => (await st.localFile(id)).file;
  return {
    fileOf,
    create: async (id: string) => fs.writeFileSync(await fileOf(id), ''),
    put: (id: string, offset: number, body: Readable) => st.datastore.write(body, id, offset),
  };
}
const ID = (n: number) => n.toString(16).padStart(32, '0');

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
  it('gives the file SHA-256 and the attachments hashes, which verification then uses; digestFile gives the same', async () => {
    const dir = tempDir();
    const sender = await makeSender(dir, 'a', 300_000);
    const b = await sender.exportOne();
    const bytes = fs.readFileSync(b.file);
    const arrivals = new Arrivals();
    const st = store(dir, arrivals);
    await st.create(ID(1));
    // three requests, each body arriving in small random pieces
    let offset = 0;
    for (const part of [bytes.subarray(0, 100_000), bytes.subarray(100_000, 250_000), bytes.subarray(250_000)]) {
      offset = await st.put(ID(1), offset, Readable.from(pieces(part, 9_000)));
    }
    expect(offset).toBe(bytes.length);
    const out = await st.fileOf(ID(1));
    expect(fs.readFileSync(out).equals(bytes)).toBe(true);
    const d = (await arrivals.take(ID(1), bytes.length))!;
    expect(d.sha256).toBe(b.sha256);
    // one stored entry per attachment (the same law twice is one file) and the three signature files
    expect(d.entries.size).toBeGreaterThanOrEqual(2);
    for (const e of d.entries.values()) expect(e.sha256).toBe(crypto.createHash('sha256').update(bytes.subarray(e.dataStart, e.dataStart + e.length)).digest('hex'));
    expect((await readArchive(out, { known: d.entries })).manifest.bundleId).toBe(b.bundleId);
    // the same digest from the stored file, in one pass
    const again = await digestFile(out);
    expect({ size: again.size, sha256: again.sha256, entries: [...again.entries] }).toEqual({ size: d.size, sha256: d.sha256, entries: [...d.entries] });

    // the verifier takes them instead of reading the attachment: a wrong one is caught as a change
    const [big] = [...d.entries.entries()].sort((x, y) => y[1].length - x[1].length);
    const lying = new Map(d.entries).set(big![0], { ...big![1], sha256: '0'.repeat(64) });
    await expect(readArchive(out, { known: lying })).rejects.toThrow(/changed after signing/);
    // one for another range is not used: the file is read and found intact
    const elsewhere = new Map(d.entries).set(big![0], { ...big![1], dataStart: big![1].dataStart + 1, sha256: '0'.repeat(64) });
    expect((await readArchive(out, { known: elsewhere })).manifest.bundleId).toBe(b.bundleId);
    sender.s.close();
  }, 60_000);

  it('keeps the digest across a body that breaks off (the bytes before the break are in both), drops it for a write out of order, a file that does not end where the writes did, or when it does not cover the upload', async () => {
    const dir = tempDir();
    const bytes = crypto.randomBytes(3_000_000);
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    const arrivals = new Arrivals();
    const st = store(dir, arrivals);
    for (const n of [1, 2, 3, 4]) await st.create(ID(n));
    let offset = await st.put(ID(1), 0, Readable.from([bytes.subarray(0, 20_000)]));
    expect(offset).toBe(20_000);
    expect((await arrivals.take(ID(1), 20_000))?.sha256).toBe(sha(bytes.subarray(0, 20_000)));

    // a body that breaks off (the line is cut): the store keeps what it wrote, the digest has
    // exactly that, and the upload resumed from the file's size completes it
    offset = await st.put(ID(2), 0, Readable.from([bytes.subarray(0, 10_000)]));
    const broken = new Readable({ read() {} });
    broken.push(bytes.subarray(10_000, 1_500_000));
    setTimeout(() => broken.destroy(new Error('connection reset')), 50);
    await expect(st.put(ID(2), offset, broken)).rejects.toBeTruthy();
    const resumed = fs.statSync(await st.fileOf(ID(2))).size;
    expect(resumed).toBeGreaterThan(10_000);
    await st.put(ID(2), resumed, Readable.from(pieces(bytes.subarray(resumed), 70_000)));
    expect(fs.readFileSync(await st.fileOf(ID(2))).equals(bytes)).toBe(true);
    expect((await arrivals.take(ID(2), bytes.length))?.sha256).toBe(sha(bytes));

    // a write at an offset the digest has not reached (another process wrote between)
    await st.put(ID(3), 0, Readable.from([bytes.subarray(0, 10_000)]));
    fs.appendFileSync(await st.fileOf(ID(3)), bytes.subarray(10_000, 20_000));
    await st.put(ID(3), 20_000, Readable.from([bytes.subarray(20_000, 30_000)]));
    expect(await arrivals.take(ID(3), 30_000)).toBeNull();

    // a file that does not end where the shown bytes did (another writer beside this one)
    const w = arrivals.begin(ID(4), 0)!;
    w.stored(bytes.subarray(0, 100));
    w.end(false);
    expect(await arrivals.take(ID(4), 100)).toBeNull();

    // a digest short of the upload's size
    await st.put(ID(4), 0, Readable.from([bytes.subarray(0, 10_000)]));
    expect(await arrivals.take(ID(4), bytes.length)).toBeNull();
  });
});
