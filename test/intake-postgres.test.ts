/**
 * Two intake processes sharing one PostgreSQL index and one data folder take uploads at the same
 * time, the same bundles sent to both at once: every bundle is stored once, both answer with the
 * same receipt. Needs PostgreSQL's server binaries (Debian's postgresql package); the test starts
 * its own cluster in a temp dir and skips, saying why, only if it cannot.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadFile } from '../main/delivery/client';
import { invoke } from '../main/dispatch';
import { openIntake } from '../main/intake/open';
import { storeKeySigner } from './bundle-tools';
import { tempDir } from './helpers';
import { pgForFile } from './pg-cluster';
import { startS3Emulator } from './s3-emulator';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, createUpload, enrolKey, makeSender, receivedFiles, recordReceived, setTime, spawnIntake, tusHeaders, uploadFiles, withTwoIntakes } from './intake-tools';

const pgUrl = pgForFile('intake-postgres');

describe('intake on PostgreSQL', () => {
  it('two intake processes on one Postgres and one folder: concurrent uploads of the same bundles, no duplicates', (ctx) =>
    twoProcesses(pgUrl(ctx), (idir) => ({ args: [], received: () => receivedFiles(idir), uploads: () => uploadFiles(idir) })), 240_000);

  it('two intake processes on one Postgres and one S3 bucket (the emulator): concurrent uploads of the same bundles, no duplicates', async (ctx) => {
    const url = pgUrl(ctx);
    const s3 = await startS3Emulator();
    try {
      await twoProcesses(url, () => ({ args: ['--storage', s3.storageUrl('shared/')], received: () => s3.objects('shared/received/'), uploads: () => [...s3.objects('shared/uploads/'), ...s3.multipart('shared/uploads/')] }));
    } finally {
      await s3.close();
    }
  }, 240_000);

  it('a signed request taken by one intake process is refused when replayed to another on the same index', (ctx) =>
    withTwoIntakes(pgUrl(ctx), async (A, B) => {
      const a = await enrolKey(A.intake);
      const headers = await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '1000', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'b'.repeat(64)) });
      expect((await fetch(`${A.url}${UPLOAD_PATH}`, { method: 'POST', headers })).status).toBe(201);
      const replayed = await fetch(`${B.url}${UPLOAD_PATH}`, { method: 'POST', headers });
      expect(replayed.status).toBe(401);
      expect(JSON.parse(await replayed.text())).toMatchObject({ error: 'replayed' });
      expect(await B.intake.index.uploadsInProgress(a.fingerprint)).toBe(1);
    }), 60_000);

  it('the sweep of one process deletes what no row of the shared index names, once expired: upload files, and copies in received/', (ctx) =>
    withTwoIntakes(pgUrl(ctx), async (A, B, idir) => {
      const a = await enrolKey(A.intake);
      const [lost, young, kept] = [await createUpload(A.url, a, 1000), await createUpload(A.url, a, 1000), await createUpload(B.url, a, 1000)];
      const file = (at: string) => path.join(idir, 'uploads', at.split('/').pop()!);
      // rows released while their files stayed (their deletion failed, at A)
      for (const at of [lost, young]) await A.intake.index.releaseUpload(at.split('/').pop()!);
      for (const f of [file(lost), `${file(lost)}.json`]) setTime(f, 15 * DAY);
      // and a copy of a bundle no row names (one that lost its bundle id), beside one a row names
      const named = await recordReceived(A.intake, idir, { bundleId: crypto.randomUUID(), uploader: a.fingerprint, bytes: 'received' });
      const unnamed = `${crypto.randomUUID()}.${'c'.repeat(32)}.gcmr`;
      fs.writeFileSync(path.join(idir, 'received', unnamed), 'a copy that lost');
      for (const f of [named, unnamed]) setTime(path.join(idir, 'received', f), 2 * 3600_000);
      expect(await B.intake.sweep()).toBe(2);
      const left = (at: string) => [at.split('/').pop()!, `${at.split('/').pop()}.json`];
      expect(uploadFiles(idir)).toEqual([...left(young), ...left(kept)].sort());
      expect(receivedFiles(idir)).toEqual([named]);
    }), 60_000);
});

const DAY = 24 * 3600 * 1000;

/**
 * Two `npm run intake` processes on one PostgreSQL index (`url`) and one storage (`where`: the
 * data folder, or a bucket): 12 bundles each sent to both at once, then 4 through the apps.
 */
async function twoProcesses(url: string, storage: (idir: string) => { args: string[]; received(): string[]; uploads(): string[] }): Promise<void> {
  const dir = tempDir();
  const idir = path.join(dir, 'intake');
  const where = storage(idir);
  const admin = await openIntake({ dir: idir, database: url });
  const senders = await Promise.all([0, 1, 2, 3].map((i) => makeSender(path.join(dir, `d${i}`), `d${i}`, 1024 * 1024)));
  for (const s of senders) await admin.enrol({ publicKeyPem: s.publicKeyPem, name: s.fingerprint.slice(7, 15), organisation: 'Region' });
  const keyPem = admin.key.publicKeyPem;
  // (the file's tests share one cluster: bundles an earlier test received are counted out)
  const before = await admin.index.countReceived();
  await admin.index.close();
  const [A, B] = await Promise.all([spawnIntake(['--dir', idir, '--port', '0', '--database', url, ...where.args]), spawnIntake(['--dir', idir, '--port', '0', '--database', url, ...where.args])]);
  try {
    expect(A.output()).toMatch(/index postgres/);
    // each bundle sent to both intakes at the same moment
    const jobs: Array<Promise<{ bundleId: string; bodies: string[] }>> = [];
    for (const s of senders) {
      const sign = storeKeySigner(s.s.store);
      const dev = { fingerprint: s.fingerprint, sign: (b: Buffer) => sign(b) };
      for (let k = 0; k < 3; k++) {
        const b = await s.exportOne();
        const one = (url: string) => uploadFile(dev, { baseUrl: url, file: b.file, size: b.size, bundleId: b.bundleId, sha256: b.sha256, uploadUrl: null, chunkSize: 256 * 1024 }).done.then((r) => r.body, (e: Error & { kind?: string }) => (e.kind === 'already_received' ? 'already' : Promise.reject(e)));
        jobs.push(Promise.all([one(A.url), one(B.url)]).then((bodies) => ({ bundleId: b.bundleId, bodies })));
      }
    }
    const results = await Promise.all(jobs);
    const check = await openIntake({ dir: idir, database: url });
    try {
      for (const r of results) {
        const stored = (await check.index.received(r.bundleId))!;
        expect(stored).not.toBeNull();
        for (const body of r.bodies) if (body !== 'already') expect(JSON.parse(body).signature).toBe(stored.receiptSignature);
      }
      expect(await check.index.countReceived()).toBe(before + 12);
      expect(where.received()).toHaveLength(12);
      expect(where.uploads()).toEqual([]);
      // and the apps deliver through either intake, exactly once
      for (const [i, s] of senders.entries()) {
        await invoke(s.s.handlers, 'deliveryConnect', { url: i % 2 ? A.url : B.url, intakeKeyPem: keyPem });
        const b = await s.exportOne();
        (await s.s.loaded()).delivery.tune({ baseDelayMs: 20, maxDelayMs: 200 });
        (await s.s.loaded()).delivery.start();
        await invoke(s.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      }
      await Promise.all(senders.map(async (s) => (await s.s.loaded()).delivery.whenIdle()));
      for (const s of senders) expect((await invoke(s.s.handlers, 'listDeliveries', {})).map((d) => d.state)).toEqual(['delivered']);
      expect(await check.index.countReceived()).toBe(before + 16);
      expect(where.received()).toHaveLength(16);
    } finally {
      await check.index.close();
    }
  } finally {
    A.child.kill('SIGTERM');
    B.child.kill('SIGTERM');
  }
}
