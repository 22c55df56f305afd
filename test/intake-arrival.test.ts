/**
 * Hashing an upload as it arrives (main/intake/arrival.ts): the digest equals the file's, the
 * entry hashes stand in for reading the attachments (and a wrong one is caught, so they are
 * really used), a body cut off keeps it (the store shows only bytes it wrote), and anything out
 * of order drops it so the file is read again (digestFile: the same hashes in one pass).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openIntake } from '../main/intake/open';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../main/bundle/reader';
import type { DeliveryError } from '../main/delivery/answers';
import { Arrivals, digestFile, digestStats, type ArrivedDigest } from '../main/intake/arrival';
import { hashWorker } from '../main/intake/hash-worker';
import { fileStorage } from '../main/intake/storage';
import { startFaultProxy } from './fault-proxy';
import { connect, deliver, makeSender, receivedFiles, signedUpload, spawnIntake, startIntake, uploadFiles } from './intake-tools';
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
    await arrivals.close();
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
    await arrivals.close();
  });
});

/** A body that breaks off (the line is cut) after `n` of `bytes`, given in pieces of odd sizes. */
/**
 * A request body of the first `n` of `bytes` whose connection is reset once the store has written all
 * of them to `file` (a state, not a time: a timer cut at 30 ms could land before any write on a loaded
 * machine), or after 20 s with whatever it holds (the test's size check then says so).
 */
function cutBody(bytes: Buffer, n: number, file: string, at: number): Readable {
  const r = new Readable({ read() {} });
  for (const p of pieces(bytes.subarray(0, n), 40_009)) r.push(p);
  const until = Date.now() + 20_000;
  const cut = () => (fs.statSync(file).size >= at + n || Date.now() > until ? r.destroy(new Error('connection reset')) : setTimeout(cut, 2));
  setTimeout(cut, 2);
  return r;
}

/** What other tools say of a stored zip: the file's sha256sum, and `unzip -p` of each stored entry (by name). */
function byOtherTools(file: string) {
  const sha256sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
  const stored = execFileSync('zipinfo', [file], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => / stor /.test(l))
    .map((l) => l.split(/\s+/).slice(8).join(' '));
  const entries = new Map(stored.map((name) => [name, crypto.createHash('sha256').update(execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 << 20 })).digest('hex')]));
  return { sha256sum, entries };
}

/** The digest's entry hashes by entry name (read from the local header each one is keyed by). */
function byName(file: string, d: ArrivedDigest): Map<string, string> {
  const bytes = fs.readFileSync(file);
  return new Map([...d.entries].map(([at, e]) => [bytes.subarray(at + 30, at + 30 + bytes.readUInt16LE(at + 26)).toString('utf8'), e.sha256]));
}

describe('hashing on the worker thread', () => {
  it('two uploads at once, in odd-sized pieces, cut off and resumed: the digests made on the worker equal sha256sum and unzip -p of the stored files', async () => {
    const dir = tempDir();
    const sender = await makeSender(dir, 'a', 3_500_000);
    const bundles = [await sender.exportOne(), await sender.exportOne()];
    const arrivals = new Arrivals();
    const st = store(dir, arrivals);
    const started = hashWorker.started;
    const running = hashWorker.current !== null;
    const reads = digestStats.fileReads;
    const upload = async (id: string, file: string) => {
      const bytes = fs.readFileSync(file);
      await st.create(id);
      // cut off three times at odd byte counts (what came before each cut is kept), then the rest
      // in odd pieces, some larger than a batch (1 MB) so that pieces span batches
      for (const cut of [333_331, 1_048_573, 2_500_001]) {
        const file = await st.fileOf(id);
        const at = fs.statSync(file).size;
        await st.put(id, at, cutBody(bytes.subarray(at), cut - at, file, at)).catch(() => {});
        expect(fs.statSync(file).size).toBe(cut); // cut off exactly there
      }
      const at = fs.statSync(await st.fileOf(id)).size;
      await st.put(id, at, Readable.from(pieces(bytes.subarray(at), 1_300_007)));
      expect(fs.readFileSync(await st.fileOf(id)).equals(bytes)).toBe(true);
      return (await arrivals.take(id, bytes.length))!;
    };
    const digests = await Promise.all(bundles.map((b, i) => upload(ID(10 + i), b.file)));
    expect(hashWorker.started).toBe(started + (running ? 0 : 1)); // the one worker did the hashing
    expect(hashWorker.current).not.toBeNull();
    expect(digestStats.fileReads).toBe(reads); // and no file was read for them
    for (const [i, d] of digests.entries()) {
      const file = await st.fileOf(ID(10 + i));
      const other = byOtherTools(file);
      expect(d).not.toBeNull();
      expect(d.sha256).toBe(other.sha256sum);
      expect(d.sha256).toBe(bundles[i]!.sha256);
      expect(other.entries.size).toBeGreaterThanOrEqual(2);
      expect(byName(file, d)).toEqual(other.entries);
      // the same from the file in one pass (on the worker), and on this thread
      for (const on of ['worker', 'thread'] as const) {
        const again = await digestFile(file, on);
        expect({ sha256: again.sha256, entries: byName(file, again) }).toEqual({ sha256: other.sha256sum, entries: other.entries });
      }
    }
    await arrivals.close();
    sender.s.close();
  }, 60_000);

  it('two intakes in one process: closing one leaves the worker to the other (its upload still hashed as it arrives); closing the last ends it', async () => {
    const dir = tempDir();
    const sender = await makeSender(dir, 'a', 300_000);
    const b = await sender.exportOne();
    const bytes = fs.readFileSync(b.file);
    const users = hashWorker.inUse; // intakes of earlier tests still open, if any
    const first = new Arrivals();
    const second = new Arrivals();
    const st = store(dir, second);
    await st.create(ID(30));
    await st.put(ID(30), 0, Readable.from(pieces(bytes.subarray(0, 150_000), 9_000)));
    const worker = hashWorker.current;
    expect(worker).not.toBeNull();
    await first.close();
    await first.close(); // twice: still one release
    expect(hashWorker.current).toBe(worker);
    await st.put(ID(30), 150_000, Readable.from(pieces(bytes.subarray(150_000), 9_000)));
    const reads = digestStats.fileReads;
    const d = await second.take(ID(30), bytes.length);
    expect(d?.sha256).toBe(b.sha256);
    expect(digestStats.fileReads).toBe(reads);
    expect(hashWorker.current).toBe(worker);
    await second.close();
    expect(hashWorker.inUse).toBe(users);
    if (users === 0) await expect.poll(() => hashWorker.current).toBeNull(); // the last one: the worker ends
    sender.s.close();
  }, 60_000);

  it('a worker that dies mid-upload: the digest is dropped and the file read again; the bundle is still verified, a tampered one still refused', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    // a slow line, so that the worker can be ended while the bytes arrive
    const proxy = await startFaultProxy({ targetPort: intake.port, bytesPerSecond: 4 * 1024 * 1024 });
    const a = await makeSender(path.join(dir, 'a'), 'a', 2_500_000);
    try {
      await connect(a, intake.intake, proxy.url);
      /** Ends the worker once the upload has some bytes stored but not all; how it ended it. */
      const killMidway = async (size: number, how: 'terminate' | 'crash') => {
        for (let i = 0; i < 500; i++) {
          const f = uploadFiles(idir).find((x) => !x.endsWith('.json'));
          const n = f ? fs.statSync(path.join(idir, 'uploads', f)).size : 0;
          if (n > 100_000 && hashWorker.current) {
            expect(n).toBeLessThan(size);
            const w = hashWorker.current;
            if (how === 'terminate') await w.terminate();
            // a crash: the worker throws on a message it cannot take (not ours: one no code sends)
            else await new Promise((r) => (w.once('exit', r), w.postMessage({ b: 1, ops: [1, 0, 1] })));
            return;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error('the upload was never seen midway');
      };

      // a genuine bundle: delivered, its hashes taken from a second reading of the file
      const b = await a.exportOne();
      const reads = digestStats.fileReads;
      const dropped = digestStats.dropped;
      const [d] = await Promise.all([deliver(a, b.bundleId), killMidway(b.size, 'terminate')]);
      expect(d.state).toBe('delivered');
      expect(digestStats.dropped).toBe(dropped + 1);
      expect(digestStats.fileReads).toBe(reads + 1);
      expect(receivedFiles(idir)).toHaveLength(1);

      // a tampered one (a byte of the attachment changed, the SHA-256 announced that of the changed
      // bytes), the worker crashing meanwhile: refused, from the file read again
      const t = await a.exportOne();
      const bytes = fs.readFileSync(t.file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      const tf = path.join(dir, 'tampered.gcmr');
      fs.writeFileSync(tf, bytes);
      const up = signedUpload(a, proxy.url, { file: tf, size: bytes.length, bundleId: t.bundleId, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
      const [e] = await Promise.all([up.done.catch((x: DeliveryError) => x), killMidway(bytes.length, 'crash')]);
      expect(e).toMatchObject({ kind: 'refused', status: 422 });
      expect((e as Error).message).toMatch(/not a valid signed bundle/);
      expect(digestStats.dropped).toBe(dropped + 2);
      expect(digestStats.fileReads).toBe(reads + 2);

      // a worker runs again (started for the reading), and the next upload's digest is used (no reading)
      const n = await a.exportOne();
      expect((await deliver(a, n.bundleId)).state).toBe('delivered');
      expect(hashWorker.current).not.toBeNull();
      expect(digestStats.fileReads).toBe(reads + 2);
      expect(receivedFiles(idir)).toHaveLength(2);
    } finally {
      await proxy.close();
      await intake.close();
      a.s.close();
    }
  }, 60_000);
});

describe('the hashing worker in the bundled intake', () => {
  it('the intake as esbuild bundles it (as the CLI is built) hashes on its worker, and ends on SIGTERM', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const admin = await openIntake({ dir: idir });
    const a = await makeSender(path.join(dir, 'a'), 'a', 2_000_000);
    const child = await spawnIntake(['--dir', idir, '--port', '0']);
    try {
      await connect(a, admin, child.url);
      await admin.index.close();
      const b = await a.exportOne();
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      // a second thread besides node's own ran the hashing: the intake says its hashes were taken as the bytes arrived
      expect(child.output()).toMatch(new RegExp(`received bundle ${b.bundleId} .*; hashed as it arrived`));
      const exited = new Promise<number | null>((r) => child.child.once('exit', (code) => r(code)));
      child.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.child.kill('SIGKILL');
      a.s.close();
    }
  }, 120_000);
});
