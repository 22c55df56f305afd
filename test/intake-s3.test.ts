/**
 * The intake on S3-compatible storage (main/intake/s3-storage.ts), against the S3 EMULATOR of
 * test/s3-emulator.ts (no real S3 or MinIO was reachable here): an upload cut and resumed is
 * accepted byte-equal with its receipt; a tampered bundle is refused with its bytes gone; a
 * duplicate gets the first receipt; the sweep deletes expired uploads, orphans and unclaimed
 * copies; `--storage` is checked. (Two processes on one bucket: intake-postgres.test.ts.)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryError } from '../main/delivery/answers';
import { invoke } from '../main/dispatch';
import { getRow } from '../main/delivery/queue';
import { STORAGE_RETRY_AFTER_S } from '../main/intake/failures';
import { runIntakeCli } from '../main/intake/cli';
import { tempDir } from './helpers';
import { wordedEverywhere } from './i18n-tools';
import { createUpload, deliver, device, enrolKey, raceUploads, signedUpload, tusHeaders, withIntake, type IntakeScene, type Sender } from './intake-tools';
import { startS3Emulator, type S3Emulator, type S3Failure } from './s3-emulator';

let s3: S3Emulator;
beforeAll(async () => void (s3 = await startS3Emulator()));
afterAll(() => s3.close());

/** An intake on its own prefix of the emulator's bucket; `fn` gets the scene and what is stored under the prefix. */
function withS3Intake<T>(fn: (scene: IntakeScene, under: { prefix: string; objects(): string[]; multipart(): string[] }) => Promise<T>, proxy?: Parameters<typeof withIntake>[2]): Promise<T> {
  const prefix = `t-${crypto.randomUUID().slice(0, 8)}/`;
  const under = { prefix, objects: () => s3.objects(prefix), multipart: () => s3.multipart(prefix) };
  return withIntake((scene) => fn(scene, under), undefined, proxy, s3.storageUrl(prefix));
}

const DAY = 24 * 3600 * 1000;

/** The intake's fault lines on stderr while `fn` runs (each fault is one line: `intake: WHAT: …`). */
async function faultLines<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const out: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (String(s).startsWith('intake: ') ? (out.push(String(s)), true) : write(s, ...rest))) as typeof process.stderr.write;
  try {
    return { result: await fn(), lines: out.join('').split('\n').filter(Boolean) };
  } finally {
    process.stderr.write = write;
  }
}

/**
 * One attempt of the sender's queue at the bundle (sent now, whatever Retry-After said before),
 * while the bucket fails: the delivery row after it (its error, when it is due again).
 */
async function attemptWhileFailing(a: Sender, bundleId: string) {
  const worker = (await a.s.loaded()).delivery;
  const before = getRow(a.s.store, bundleId)?.attempts ?? 0;
  a.s.store.sql('UPDATE deliveries SET next_attempt_at = ? WHERE bundle_id = ?').run(new Date().toISOString(), bundleId);
  worker.tune({ baseDelayMs: 20, maxDelayMs: 200 });
  worker.start();
  if (!before) await invoke(a.s.handlers, 'deliverySend', { bundleId });
  else worker.kick();
  while ((getRow(a.s.store, bundleId)?.attempts ?? 0) <= before) await new Promise((r) => setTimeout(r, 20));
  worker.stop();
  return getRow(a.s.store, bundleId)!;
}

/** The sender's queue tries again now (the bucket is back) until the bundle is delivered or refused. */
async function deliverNow(a: Sender, bundleId: string) {
  a.s.store.sql('UPDATE deliveries SET next_attempt_at = ? WHERE bundle_id = ?').run(new Date().toISOString(), bundleId);
  return deliver(a, bundleId);
}

/** A 503 asking to come back after STORAGE_RETRY_AFTER_S, as the queue reads it (its next try not sooner). */
function expectStorageRetry(row: NonNullable<ReturnType<typeof getRow>>) {
  expect(row.state).not.toBe('refused');
  expect(row.last_error).toMatch(/503/);
  expect(Date.parse(row.next_attempt_at) - Date.parse(row.updated_at)).toBeGreaterThanOrEqual((STORAGE_RETRY_AFTER_S - 1) * 1000);
}

/** Sends the bundle's bytes with one byte changed (announced with their own SHA-256): the refusal. */
async function sendTampered(a: Sender, b: { file: string; bundleId: string }, dir: string, url: string): Promise<unknown> {
  const tampered = fs.readFileSync(b.file);
  tampered[Math.floor(tampered.length / 2)]! ^= 0xff;
  const tf = path.join(dir, 'tampered.gcmr');
  fs.writeFileSync(tf, tampered);
  return signedUpload(a, url, { file: tf, size: tampered.length, bundleId: b.bundleId, sha256: crypto.createHash('sha256').update(tampered).digest('hex') }).done.catch((x: DeliveryError) => x);
}

describe('intake on S3-compatible storage (emulated)', () => {
  it('an upload of two parts (more than 8 MiB), cut and resumed, completes byte-equal in received/ with its receipt, its listings a part or an object a page; nothing is left of the upload, nor in the data folder', () =>
    withS3Intake(
      async ({ idir, intake, proxy, sender }, under) => {
        const a = await sender('a', { attachmentBytes: 9 * 1024 * 1024 });
        const b = await a.exportOne();
        const from = s3.calls.length;
        // (each listing a page per entry: ListParts pages, as S3's do past 1000 parts)
        s3.pageSize = 1;
        const d = await deliver(a, b.bundleId).finally(() => (s3.pageSize = 1000));
        expect(s3.calls.slice(from).filter((c) => c === 'UploadPart').length).toBeGreaterThanOrEqual(2);
        expect(proxy!.cuts).toBe(1);
        // resumed where the cut left it (the bytes before it were kept as a piece), not sent again from 0
        expect(proxy!.upBytes).toBeLessThan(b.size + 20_000);
        expect(d).toMatchObject({ state: 'delivered', percent: 100 });
        const [kept, ...more] = under.objects();
        expect(more).toEqual([]);
        expect(kept).toMatch(new RegExp(`^${under.prefix}received/${b.bundleId}\\.[0-9a-f]{32}\\.[0-9a-f]{8}\\.gcmr$`));
        expect(s3.object(kept!)!.equals(fs.readFileSync(b.file))).toBe(true);
        expect(under.multipart()).toEqual([]);
        expect(fs.readdirSync(idir).sort()).toEqual(['index.sqlite', 'index.sqlite-shm', 'index.sqlite-wal', 'intake.key', 'intake.pub.pem'].filter((f) => fs.existsSync(path.join(idir, f))));
        const r = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
        expect(JSON.parse(r.receipt)).toMatchObject({ bundleId: b.bundleId, sha256: b.sha256, size: b.size });
        expect(s3.calls).toContain('ListParts');
        // a receiver downloads it from the bucket
        const m = await enrolKey(intake.intake, { role: 'receiver' });
        const q = `/v1/bundles/${b.bundleId}`;
        const got = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(m, 'GET', q) });
        expect(got.status).toBe(200);
        expect(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(b.file))).toBe(true);
      },
      { cutAfter: [60_000] },
    ));

  it('a tampered bundle is refused (422) with its bytes gone; a duplicate gets the first receipt; racing uploads of one bundle keep one copy', () =>
    withS3Intake(async ({ dir, intake, sender }, under) => {
      const a = await sender('a');
      const b = await a.exportOne();
      expect(await sendTampered(a, b, dir, intake.url)).toMatchObject({ kind: 'refused', status: 422 });
      expect(under.objects()).toEqual([]);
      expect(under.multipart()).toEqual([]);

      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      const first = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
      await expect(signedUpload(a, intake.url, b).done).rejects.toMatchObject({ kind: 'already_received' });
      const c = await a.exportOne();
      const race = await raceUploads(a, intake.url, c);
      expect(new Set(race.receipts.map((x) => x.signature)).size).toBe(1);
      for (const x of race.refusals) expect(x).toMatchObject({ kind: 'already_received' });
      expect((await intake.intake.index.received(b.bundleId))!.receiptSignature).toBe(first.signatureBase64);
      expect(await intake.intake.index.countReceived()).toBe(2);
      expect(under.objects().map((k) => k.slice(under.prefix.length).split('.')[0])).toEqual([`received/${b.bundleId}`, `received/${c.bundleId}`].sort());
      expect(under.multipart()).toEqual([]);
    }));

  it('the sweep deletes an upload silent for 15 days (tus says 410), one no index row names, and a copy no received row names; a young upload and a DELETE’s bytes are handled as in the folder', () =>
    withS3Intake(async ({ intake }, under) => {
      const dev = await enrolKey(intake.intake);
      const [old, orphan, young, ended] = [await createUpload(intake.url, dev, 1000), await createUpload(intake.url, dev, 1000), await createUpload(intake.url, dev, 1000), await createUpload(intake.url, dev, 1000)];
      const id = (at: string) => at.split('/').pop()!;
      const patch = async (at: string, bytes: Buffer) => (await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' }, body: new Uint8Array(bytes) })).status;
      expect(await patch(old, Buffer.alloc(300, 1))).toBe(204);
      // a DELETE ends the upload: record and bytes gone before its 204
      const del = await fetch(`${intake.url}${ended}`, { method: 'DELETE', headers: await tusHeaders(dev, 'DELETE', ended) });
      expect(del.status).toBe(204);
      expect(under.objects().filter((k) => k.includes(id(ended)))).toEqual([]);
      expect(under.multipart().filter((k) => k.includes(id(ended)))).toEqual([]);
      // (a finalize that finds an upload's bytes gone so waits for another process's outcome: intake.ts)
      expect(await intake.intake.storage.localFile(id(ended))).toBeNull();
      // 15 days without a byte: its record, its piece and its multipart upload
      s3.backdate(`${under.prefix}uploads/${id(old)}`, 15 * DAY);
      const head = await fetch(`${intake.url}${old}`, { method: 'HEAD', headers: await tusHeaders(dev, 'HEAD', old) });
      expect(head.status).toBe(410);
      // (that 410 swept the device's expired upload at once, as in the folder)
      expect(under.objects().filter((k) => k.includes(id(old)))).toEqual([]);
      // an orphan: its row released while its objects stayed; and a copy in received/ no row names
      await intake.intake.index.releaseUpload(id(orphan));
      s3.backdate(`${under.prefix}uploads/${id(orphan)}`, 15 * DAY);
      const copy = `${under.prefix}received/${crypto.randomUUID()}.${'c'.repeat(32)}.0badc0de.gcmr`;
      s3.put(copy, 'a copy that lost');
      s3.backdate(copy, 2 * 3600_000);
      expect(await intake.intake.sweep()).toBe(2);
      expect(under.objects()).toEqual([`${under.prefix}uploads/${id(young)}.info`]);
      expect(under.multipart()).toEqual([`${under.prefix}uploads/${id(young)}`]);
      expect(await intake.intake.index.usage(dev.fingerprint)).toBe(1000);
    }));

  it('where the bucket refuses deletions, a tampered bundle is still refused (422), logged once; the sweep deletes its objects, rowless, once they may be deleted and are expired', () =>
    withS3Intake(async ({ dir, intake, lines, sender }, under) => {
      const a = await sender('a');
      const b = await a.exportOne();
      s3.denyDeletes = `${under.prefix}uploads/`;
      try {
        expect(await sendTampered(a, b, dir, intake.url)).toMatchObject({ kind: 'refused', status: 422 });
        expect(lines.filter((l) => /could not delete upload [0-9a-f]{32} \(error: AccessDenied\); left for the sweep/.test(l))).toHaveLength(1);
        expect(under.objects()).toHaveLength(2); // its record and its bytes
        expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);
        expect(await intake.intake.sweep()).toBe(0); // young: another process may be creating it
        s3.backdate(`${under.prefix}uploads/`, 15 * DAY);
        expect(await intake.intake.sweep()).toBe(0);
        expect(lines.filter((l) => /could not delete upload .*; kept for the next sweep/.test(l))).toHaveLength(1);
        expect(under.objects()).toHaveLength(2);
      } finally {
        s3.denyDeletes = null;
      }
      expect(await intake.intake.sweep()).toBe(1);
      expect(under.objects()).toEqual([]);
    }));

  it('while the bucket fails (SlowDown on every part), an upload is answered 503 with Retry-After, one log line each; once it recovers the same upload completes byte-equal; a receiver is answered 503, not 500 nor a cut 200, while the bucket cannot be read', () =>
    withS3Intake(async ({ intake, sender }, under) => {
      const a = await sender('a');
      const b = await a.exportOne();
      s3.fail('UploadPart', 'SlowDown');
      const failing = await faultLines(() => attemptWhileFailing(a, b.bundleId));
      s3.recover();
      expectStorageRetry(failing.result);
      // the outbox says why, in each language
      const [shown] = await invoke(a.s.handlers, 'listDeliveries', {});
      await wordedEverywhere(shown!.lastErrorRef, 'delivery.intakeStorageUnreachable', /the upload goes on when it can/);
      expect(failing.lines.length).toBeGreaterThan(0);
      for (const l of failing.lines) expect(l).toMatch(/^intake: PATCH \/v1\/uploads\/[0-9a-f]{32}: the storage did not answer \(SlowDown 503/);
      const uploadUrl = failing.result.upload_url;
      expect(uploadUrl).toBeTruthy();
      // its record cannot be read for now: the sender is told to come back (503), not that the upload is gone (404: it would start again)
      s3.fail('GetObject', 500);
      const at = new URL(uploadUrl!).pathname;
      const head = await faultLines(async () => fetch(`${intake.url}${at}`, { method: 'HEAD', headers: await tusHeaders(device(a), 'HEAD', at) }));
      s3.recover();
      expect(head.result.status).toBe(503);
      expect(head.result.headers.get('retry-after')).toBe(String(STORAGE_RETRY_AFTER_S));
      expect(head.lines).toHaveLength(1);
      const d = await deliverNow(a, b.bundleId);
      expect(d.state).toBe('delivered');
      // the same upload, resumed: not a second one
      expect(getRow(a.s.store, b.bundleId)!.upload_url).toBe(uploadUrl);
      const [kept, ...more] = under.objects();
      expect(more).toEqual([]);
      expect(s3.object(kept!)!.equals(fs.readFileSync(b.file))).toBe(true);
      expect(under.multipart()).toEqual([]);

      // the ministry pulls while the bucket cannot be read: the list (the index) is there, the bytes are 503
      const m = await enrolKey(intake.intake, { role: 'receiver' });
      const list = await fetch(`${intake.url}/v1/bundles?after=0`, { headers: await tusHeaders(m, 'GET', '/v1/bundles?after=0') });
      expect(list.status).toBe(200);
      const q = `/v1/bundles/${b.bundleId}`;
      for (const how of [503, 'drop'] as const) {
        s3.fail('GetObject', how);
        const { result: got, lines } = await faultLines(async () => fetch(`${intake.url}${q}`, { headers: await tusHeaders(m, 'GET', q) }));
        s3.recover();
        expect(got.status).toBe(503);
        expect(got.headers.get('retry-after')).toBe(String(STORAGE_RETRY_AFTER_S));
        expect(await got.json()).toMatchObject({ error: 'storage_unreachable' });
        expect(lines).toHaveLength(1);
      }
      const got = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(m, 'GET', q) });
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(b.file))).toBe(true);
    }), 30_000);

  it('failures at completion (the multipart upload not completed; the copy to received/ answered 200 with an error, then cut): the sender comes back and gets exactly one receipt, one object in received/, nothing left of the upload; a copy made whose answer was lost is swept', () =>
    withS3Intake(async ({ intake, sender }, under) => {
      const a = await sender('a');
      const b = await a.exportOne();
      /** One attempt of the sender's at a bundle while `op` fails so: a 503 to come back later, one log line. */
      const failedOnce = async (op: string, how: S3Failure, when?: 'after', bundleId = b.bundleId) => {
        s3.fail(op, how, undefined, when);
        const { result, lines } = await faultLines(() => attemptWhileFailing(a, bundleId));
        s3.recover();
        expectStorageRetry(result);
        expect(lines).toHaveLength(1);
      };
      await failedOnce('CompleteMultipartUpload', 503);
      expect(under.multipart()).toHaveLength(1); // every byte there, in parts
      // (a 200 whose body is an error, as S3 may answer a copy; a connection dropped)
      await failedOnce('CopyObject', 'error-in-200');
      await failedOnce('CopyObject', 'drop');
      expect(under.objects().filter((k) => k.includes('/received/'))).toEqual([]);
      expect(await intake.intake.index.countReceived()).toBe(0);
      const d = await deliverNow(a, b.bundleId);
      expect(d.state).toBe('delivered');
      const [kept, ...more] = under.objects();
      expect(more).toEqual([]);
      expect(kept).toContain(`/received/${b.bundleId}.`);
      expect(s3.object(kept!)!.equals(fs.readFileSync(b.file))).toBe(true);
      expect(under.multipart()).toEqual([]);
      expect(await intake.intake.index.countReceived()).toBe(1);
      expect((await intake.intake.index.received(b.bundleId))!.location).toBe(kept!.split('/').pop());
      const r = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
      expect(JSON.parse(r.receipt)).toMatchObject({ bundleId: b.bundleId, sha256: b.sha256 });

      // a copy made whose answer was lost (every try of the SDK's): copied again at the next try,
      // claimed once; the copy no row names is the sweep's an hour on
      const c = await a.exportOne();
      await failedOnce('CopyObject', 'drop', 'after', c.bundleId);
      expect((await deliverNow(a, c.bundleId)).state).toBe('delivered');
      expect(under.objects().filter((k) => k.includes(`/received/${c.bundleId}.`)).length).toBeGreaterThan(1);
      s3.backdate(`${under.prefix}received/`, 2 * 3600_000);
      await intake.intake.sweep();
      const named = await intake.intake.index.receivedLocations();
      expect(under.objects().map((k) => k.split('/').pop()).sort()).toEqual([...named].sort());
      expect(named.size).toBe(2);
    }), 30_000);

  it('the sweeps page through listings longer than one page (2 entries here): expired uploads, orphans and unclaimed copies, each more than a page', () =>
    withS3Intake(async ({ intake }, under) => {
      const dev = await enrolKey(intake.intake);
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await createUpload(intake.url, dev, 1000)).split('/').pop()!);
      const [young, ...old] = ids;
      // two orphans (rows released; of an intake killed as it created them: a multipart upload, no record), two expired with their rows; three copies no row names
      for (const id of old.slice(0, 2)) {
        await intake.intake.index.releaseUpload(id!);
        s3.remove(`${under.prefix}uploads/${id}.info`);
      }
      for (const id of old) s3.backdate(`${under.prefix}uploads/${id}`, 15 * DAY);
      const copies = [0, 1, 2].map(() => `${under.prefix}received/${crypto.randomUUID()}.${'c'.repeat(32)}.0badc0de.gcmr`);
      for (const c of copies) {
        s3.put(c, 'a copy that lost');
        s3.backdate(c, 2 * 3600_000);
      }
      s3.pageSize = 2;
      try {
        const listed = s3.calls.length;
        expect(await intake.intake.sweep()).toBe(old.length + copies.length);
        // (it paged: the emulator answered more than one page of each listing)
        expect(s3.calls.slice(listed).filter((c) => c === 'ListObjectsV2').length).toBeGreaterThan(2);
        expect(s3.calls.slice(listed).filter((c) => c === 'ListMultipartUploads').length).toBeGreaterThan(2);
      } finally {
        s3.pageSize = 1000;
      }
      expect(under.objects()).toEqual([`${under.prefix}uploads/${young}.info`]);
      expect(under.multipart()).toEqual([`${under.prefix}uploads/${young}`]);
      expect(await intake.intake.index.usage(dev.fingerprint)).toBe(1000);
    }));

  it('--storage is checked: an s3:// URL with a valid bucket, known settings, no credentials', async () => {
    const dir = path.join(tempDir(), 'intake');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      // a bucket that is not there: said before the intake serves
      expect(await runIntakeCli(['--dir', dir, '--port', '0', '--storage', s3.storageUrl('x/').replace(s3.bucket, 'no-such-bucket')])).toBe(1);
      // larger than one CopyObject takes: refused before the intake serves (a bundle that large was verified, then never accepted)
      expect(await runIntakeCli(['--dir', dir, '--port', '0', '--max-upload', '6G', '--storage', s3.storageUrl('x/')])).toBe(1);
      for (const bad of ['/srv/bundles', 's3://Not_A_Bucket/x', 's3://key:secret@bucket/x', 's3://bucket/x?endpont=http://h', 's3://bucket/x?endpoint=ftp://h', 's3://bucket/a b'])
        expect(await runIntakeCli(['--dir', dir, '--storage', bad, 'key'])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/--storage: cannot list s3:\/\/no-such-bucket\/x\/ at http:\/\/127\.0\.0\.1:\d+ \(NoSuchBucket 404/);
    expect(errors.join('')).toMatch(/--max-upload: at most 5368709120 bytes with this storage/);
    expect(errors.join('')).toMatch(/must be an s3:\/\/ URL/);
    expect(errors.join('')).toMatch(/bucket "Not_A_Bucket" is not a valid bucket name/);
    expect(errors.join('')).toMatch(/must not carry credentials: set AWS_ACCESS_KEY_ID/);
    expect(errors.join('')).toMatch(/unknown setting\(s\) endpont/);
    expect(errors.join('')).toMatch(/endpoint: must be an http/);
    expect(errors.join('')).toMatch(/prefix "a b" may hold only/);
    const out: string[] = [];
    expect(await runIntakeCli(['--help'], (s) => void out.push(s))).toBe(0);
    expect(out.join('\n')).toContain("--storage s3://BUCKET[/PREFIX][?endpoint=");
    const umask = process.umask(0o022);
    try {
      expect(await runIntakeCli(['--dir', dir, '--storage', s3.storageUrl('cli/'), 'key'], (s) => void out.push(s))).toBe(0);
      // with S3 every file the intake makes (@tus/s3-store's pieces in the temp folder) is its user's alone
      expect(process.umask(0o022)).toBe(0o077);
    } finally {
      process.umask(umask);
    }
  });
});
