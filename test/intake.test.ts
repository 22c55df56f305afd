/**
 * The intake against real senders: a bundle exported by the app is delivered exactly once with a
 * receipt openssl verifies; duplicates, unknown, revoked and unsigned senders, tampered bytes and
 * quotas are refused with their bytes gone and nothing recorded.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, vi, type TestContext } from 'vitest';
import type { DeliveryError } from '../main/delivery/answers';
import { invoke } from '../main/dispatch';
import { runIntakeCli } from '../main/intake/cli';
import type { Intake } from '../main/intake/intake';
import { signRequest, UPLOAD_PATH } from '../main/intake/protocol';
import type { BundleStorage } from '../main/intake/storage';
import { storeKeySigner } from './bundle-tools';
import { tempDir } from './helpers';
import { wordedEverywhere } from './i18n-tools';
import { bundleMetadata, connect, createUpload, deliver, device, enrolKey, raceUploads, receivedFiles, recordReceived, setTime, signedUpload, spawnIntake, startIntake, startIntakeAdmin, sweepOnceFree, tusHeaders, uploadFiles, waitFor, withIntake, type Device, type RunningIntake } from './intake-tools';

describe('intake: delivery exactly once with a signed receipt', () => {
  it('delivers an exported bundle; the receipt verifies with openssl; the bytes kept are the bytes sent', () =>
    withIntake(async ({ dir, idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const d = await deliver(a, b.bundleId);
      expect(d).toMatchObject({ state: 'delivered', percent: 100, refusedReason: null });
      expect(d.receivedAt).toMatch(/^\d{4}-/);
      const [kept] = receivedFiles(idir);
      expect(fs.readFileSync(path.join(idir, 'received', kept!)).equals(fs.readFileSync(b.file))).toBe(true);
      expect(uploadFiles(idir)).toEqual([]);

      const r = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
      const x = path.join(dir, 'proof');
      fs.mkdirSync(x);
      fs.writeFileSync(path.join(x, 'receipt.json'), r.receipt);
      fs.writeFileSync(path.join(x, 'receipt.json.sig'), Buffer.from(r.signatureBase64, 'base64'));
      fs.writeFileSync(path.join(x, 'intake.pub.pem'), r.intakeKeyPem);
      const ok = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'intake.pub.pem', '-rawin', '-in', 'receipt.json', '-sigfile', 'receipt.json.sig'], { cwd: x, encoding: 'utf8' });
      expect(ok).toMatch(/Signature Verified Successfully/);
      const receipt = JSON.parse(r.receipt);
      expect(receipt).toMatchObject({ type: 'gcm-review-receipt', bundleId: b.bundleId, sha256: b.sha256, size: b.size, signer: a.fingerprint, uploader: a.fingerprint, intake: intake.intake.key.fingerprint });
      fs.appendFileSync(path.join(x, 'receipt.json'), ' ');
      expect(() => execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'intake.pub.pem', '-rawin', '-in', 'receipt.json', '-sigfile', 'receipt.json.sig'], { cwd: x, stdio: 'pipe' })).toThrow();
    }));

  it('a duplicate upload stores one copy and returns the same receipt', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      await deliver(a, b.bundleId);
      const first = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
      // the same bytes sent again, straight through tus (the app itself asks for a receipt first)
      const again = signedUpload(a, intake.url, b);
      await expect(again.done).rejects.toMatchObject({ kind: 'already_received' });
      // and two uploads of one new bundle racing each other: one copy, one receipt
      const c = await a.exportOne();
      const race = await raceUploads(a, intake.url, c);
      expect(new Set(race.receipts.map((x) => x.signature)).size).toBe(1);
      for (const e of race.refusals) expect(e).toMatchObject({ kind: 'already_received' });
      expect(receivedFiles(idir)).toHaveLength(2);
      expect(await intake.intake.index.countReceived()).toBe(2);
      expect((await intake.intake.index.received(b.bundleId))!.receiptSignature).toBe(first.signatureBase64);
      expect(uploadFiles(idir)).toEqual([]);
    }));
});

describe('intake: refusals leave nothing behind', () => {
  it('refuses an unknown signer, a revoked signer and an unsigned request before any byte is stored', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a', { enrol: false });
      const b = await a.exportOne();
      const d = await deliver(a, b.bundleId);
      expect(d.state).toBe('refused');
      expect(d.refusedReason).toMatch(/not enrolled at this intake/);
      // kept with its code: worded in the user's language, with this computer's fingerprint to give the ministry
      const notEnrolled = await wordedEverywhere(d.refusedReasonRef, 'delivery.refusal.notEnrolled', /not enrolled at this intake/);
      expect(notEnrolled.ar).toContain(a.fingerprint);

      const r = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } });
      expect(r.status).toBe(401);
      expect(await r.text()).toMatch(/unsigned request/);
      // a signature by another key under an enrolled fingerprint
      await intake.intake.enrol({ publicKeyPem: a.publicKeyPem, name: 'A', organisation: 'O' });
      const forged = await signRequest({ method: 'POST', path: UPLOAD_PATH, uploadLength: '10' }, a.fingerprint, (x) => crypto.sign(null, x, crypto.generateKeyPairSync('ed25519').privateKey));
      const f = await fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10', ...forged } });
      expect(f.status).toBe(401);
      expect(await f.text()).toMatch(/bad request signature/);

      await intake.intake.index.revokeSigner(a.fingerprint, 'laptop stolen');
      const again = await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      expect(again.state).toBe('queued');
      await (await a.s.loaded()).delivery.whenIdle();
      const d2 = (await invoke(a.s.handlers, 'listDeliveries', {}))[0]!;
      expect(d2.state).toBe('refused');
      expect(d2.refusedReason).toMatch(/revoked.*laptop stolen/);
      const revoked = await wordedEverywhere(d2.refusedReasonRef, 'delivery.refusal.revoked', /was revoked on/);
      expect(revoked.fr).toContain('«\u00a0laptop stolen\u00a0»');
      expect(uploadFiles(idir)).toEqual([]);
      expect(receivedFiles(idir)).toEqual([]);
      expect(await intake.intake.index.countReceived()).toBe(0);
    }));

  it('refuses a tampered bundle, and a bundle by a signer the intake does not know, and deletes their bytes', () =>
    withIntake(async ({ dir, idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const bytes = fs.readFileSync(b.file);
      const i = bytes.indexOf(Buffer.from('Second draft'));
      const tampered = Buffer.from(bytes);
      if (i >= 0) tampered[i] = 0x73;
      else tampered[Math.floor(tampered.length / 2)]! ^= 0xff;
      const tf = path.join(dir, 'tampered.gcmr');
      fs.writeFileSync(tf, tampered);
      const sha = crypto.createHash('sha256').update(tampered).digest('hex');
      const up = signedUpload(a, intake.url, { file: tf, size: tampered.length, bundleId: b.bundleId, sha256: sha });
      const e = await up.done.catch((x: DeliveryError) => x);
      expect(e).toMatchObject({ kind: 'refused', status: 422 });
      expect((e as Error).message).toMatch(/not a valid signed bundle/);
      await wordedEverywhere((e as DeliveryError).ref, 'delivery.refusal.bundleAltered', /not a valid signed bundle/);
      // announced SHA-256 that is not the bytes'
      const up2 = signedUpload(a, intake.url, { ...b, sha256: '0'.repeat(64) });
      const e2 = await up2.done.catch((x: DeliveryError) => x);
      expect((e2 as Error).message).toMatch(/do not have the SHA-256 announced/);
      await wordedEverywhere((e2 as DeliveryError).ref, 'delivery.refusal.bytesDiffer');
      // a valid bundle whose signer is not enrolled, uploaded by an enrolled device
      const other = await sender('o', { connect: false });
      const ob = await other.exportOne();
      const up3 = signedUpload(a, intake.url, ob);
      const e3 = await up3.done.catch((x: DeliveryError) => x);
      expect((e3 as Error).message).toMatch(/signer is not accepted: .* is not enrolled/);
      // a bundle from another signer than the device: the key that signed it, to enrol or to export again with this computer's
      await wordedEverywhere((e3 as DeliveryError).ref, 'delivery.refusal.signerNotEnrolled', /not accepted/);
      expect((e3 as DeliveryError).ref?.messageParams).toEqual({ fingerprint: other.fingerprint });
      expect(uploadFiles(idir)).toEqual([]);
      expect(receivedFiles(idir)).toEqual([]);
      expect(await intake.intake.index.countReceived()).toBe(0);
      // the genuine bundle still goes through afterwards
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
    }));

  it('refuses an upload over the device quota before storing it', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a', { connect: false });
      const b = await a.exportOne();
      await connect(a, intake.intake, intake.url, { quotaBytes: b.size + 100 });
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      const c = await a.exportOne();
      const d = await deliver(a, c.bundleId);
      expect(d.state).toBe('refused');
      expect(d.refusedReason).toMatch(/over quota/);
      const quota = await wordedEverywhere(d.refusedReasonRef, 'delivery.refusal.overQuota', /over quota/);
      expect(quota.en).toMatch(/Ask the ministry to raise your quota/);
      expect(uploadFiles(idir)).toEqual([]);
      expect(receivedFiles(idir)).toHaveLength(1);
    }));
});

describe('intake: encrypted bundles', () => {
  it('accepts an age-encrypted bundle unopened on its signer’s detached signature, and refuses altered or unsigned encrypted bytes', () =>
    withIntake(async ({ dir, idir, intake, sender }) => {
      const { generateIdentity, identityToRecipient } = await import('age-encryption');
      const recipient = await identityToRecipient(await generateIdentity());
      const a = await sender('a');
      const enc = await invoke(a.s.handlers, 'exportBundleToOutbox', { draftId: a.draftId, recipients: [recipient] });
      expect(enc.file).toMatch(/\.age$/);
      const d = await deliver(a, enc.bundleId);
      expect(d.state).toBe('delivered');
      const [kept] = receivedFiles(idir);
      expect(fs.readFileSync(path.join(idir, 'received', kept!)).equals(fs.readFileSync(enc.file))).toBe(true);
      expect(JSON.parse((await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: enc.bundleId })).receipt)).toMatchObject({ bundleId: enc.bundleId, sha256: enc.sha256, signer: a.fingerprint });

      // the same bytes with one byte changed, announced with their own hash but the old signature: refused
      const enc2 = await invoke(a.s.handlers, 'exportBundleToOutbox', { draftId: a.draftId, recipients: [recipient] });
      const bytes = fs.readFileSync(enc2.file);
      const sig = storeKeySigner(a.s.store)(Buffer.from(`GCMR-ENCRYPTED-BUNDLE-1\n${enc2.bundleId}\n${enc2.sha256}\n${bytes.length}\n`)).toString('base64');
      bytes[bytes.length - 10]! ^= 1;
      const tf = path.join(dir, 'altered.age');
      fs.writeFileSync(tf, bytes);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      const altered = { file: tf, size: bytes.length, bundleId: enc2.bundleId, sha256: sha };
      const e1 = (await signedUpload(a, intake.url, altered, { detached: { signer: a.fingerprint, signature: sig } }).done.catch((e: DeliveryError) => e)) as DeliveryError;
      expect(e1.message).toMatch(/detached signature .* does not verify/);
      await wordedEverywhere(e1.ref, 'delivery.refusal.encryptedAltered', /detached signature/);
      const e2 = (await signedUpload(a, intake.url, altered).done.catch((e: DeliveryError) => e)) as DeliveryError;
      expect(e2.message).toMatch(/must come with its signer and a detached signature/);
      await wordedEverywhere(e2.ref, 'delivery.refusal.encryptedUnsigned', /detached signature/);
      expect(uploadFiles(idir)).toEqual([]);
      expect(receivedFiles(idir)).toHaveLength(1);
    }));
});

describe('intake: housekeeping and privacy', () => {
  it('an abandoned upload holds quota until the sweep deletes its bytes; receipts go only to their uploader, signer or a receiver', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const { startFaultProxy } = await import('./fault-proxy');
      const proxy = await startFaultProxy({ targetPort: intake.port, cutAfter: [3000] });
      try {
        const a = await sender('a', { attachmentBytes: 200_000 });
        const b = await a.exportOne();
        const cut = signedUpload(a, proxy.url, b);
        await expect(cut.done).rejects.toMatchObject({ kind: 'retry' });
        expect(await intake.intake.index.usage(a.fingerprint)).toBe(b.size);
        expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toHaveLength(1);
        expect(await intake.intake.sweep(60_000)).toBe(0); // young uploads are kept
        expect(await sweepOnceFree(intake.intake)).toBe(1);
        expect(await intake.intake.index.usage(a.fingerprint)).toBe(0);
        expect(uploadFiles(idir)).toEqual([]);

        expect((await deliver(a, b.bundleId)).state).toBe('delivered');
        const other = await sender('o');
        const { fetchReceipt } = await import('../main/delivery/client');
        expect(await fetchReceipt(device(other), intake.url, b.bundleId, null)).toBeNull();
        expect(await fetchReceipt(device(a), intake.url, b.bundleId, null)).toMatchObject({ receipt: expect.stringContaining(b.bundleId) });
      } finally {
        await proxy.close();
      }
    }));
});

const DAY = 24 * 3600 * 1000;
const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };


const tusCall = async (url: string, dev: Device, method: 'PATCH' | 'HEAD' | 'DELETE', at: string, offset = 0, body?: Uint8Array) => {
  const r = await fetch(`${url}${at}`, { method, headers: { ...(await tusHeaders(dev, method, at, method === 'PATCH' ? { uploadOffset: String(offset) } : {})), ...(body ? OCTETS : {}) }, body: body as BodyInit | undefined });
  return { status: r.status, offset: r.headers.get('upload-offset'), body: await r.text() };
};

/**
 * Makes an upload's records say what `ago` says, as that much time would have: created `created`
 * ms ago (the tus record and the index's reservation) and its last byte stored `lastByte` ms ago
 * (the file's time, set by every write).
 */
function age(idir: string, at: string, ago: { created: number; lastByte: number }) {
  const id = at.split('/').pop()!;
  const file = path.join(idir, 'uploads', id);
  const created = new Date(Date.now() - ago.created).toISOString();
  const rec = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
  fs.writeFileSync(`${file}.json`, JSON.stringify({ ...rec, creation_date: created }));
  const db = new Database(path.join(idir, 'index.sqlite'));
  try {
    db.prepare('UPDATE uploads SET created_at = ? WHERE upload_id = ?').run(created, id);
  } finally {
    db.close();
  }
  const t = (Date.now() - ago.lastByte) / 1000;
  fs.utimesSync(file, t, t);
}

/** Deletes an upload's row from the index, its files left in uploads/: as a row released while its file's deletion failed leaves them. */
function forgetRow(idir: string, at: string) {
  const db = new Database(path.join(idir, 'index.sqlite'));
  try {
    db.prepare('DELETE FROM uploads WHERE upload_id = ?').run(at.split('/').pop()!);
  } finally {
    db.close();
  }
}

/**
 * Runs `fn` while `file` cannot be deleted, even by root (`chattr +i`; a folder `chattr +a`: none
 * of its files can be deleted); skips the test where that cannot be done.
 */
async function whileUndeletable(ctx: TestContext, file: string, fn: () => Promise<void>): Promise<void> {
  // (a folder append-only: files can still be added to it and written, none removed)
  const flag = fs.statSync(file).isDirectory() ? 'a' : 'i';
  try {
    execFileSync('chattr', [`+${flag}`, file], { stdio: 'ignore' });
  } catch {
    ctx.skip(`chattr +${flag} is not possible here (not root, or a filesystem without that flag): no way to make a deletion fail`);
  }
  try {
    await fn();
  } finally {
    execFileSync('chattr', [`-${flag}`, file]);
  }
}

/** Uploads left for the sweep, rowless: kept while recent, deleted (bytes and record, or what is left of them) once 15 days old. */
async function sweptOnceExpired(intake: Intake, files: string[]): Promise<void> {
  expect(await intake.sweep()).toBe(0);
  for (const f of [...files, ...files.map((f) => `${f}.json`)]) if (fs.existsSync(f)) setTime(f, 15 * DAY);
  expect(await intake.sweep()).toBe(files.length);
  for (const f of files) expect(fs.existsSync(f) || fs.existsSync(`${f}.json`)).toBe(false);
}

/** An intake in a temp dir whose log lines are kept, closed after `fn`. */
async function withLoggedIntake(fn: (scene: { run: RunningIntake; idir: string; lines: string[] }) => Promise<void>): Promise<void> {
  const idir = path.join(tempDir(), 'intake');
  const lines: string[] = [];
  const run = await startIntake(idir, { log: (l) => lines.push(l) });
  try {
    await fn({ run, idir, lines });
  } finally {
    await run.close();
  }
}


describe('intake: unfinished uploads expire after 14 days without a byte, one rule for tus and the sweep', () => {
  it('a slow upload started 15 days ago that got bytes an hour ago is kept and completes; one silent for 15 days is 410, its bytes and quota gone at once', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const bytes = new Uint8Array(fs.readFileSync(b.file));
      const dev = device(a);
      const live = await createUpload(intake.url, dev, b.size, b.bundleId, b.sha256);
      const half = Math.floor(b.size / 2);
      expect((await tusCall(intake.url, dev, 'PATCH', live, 0, bytes.subarray(0, half))).status).toBe(204);
      const idle = await createUpload(intake.url, dev, 1000);
      expect((await tusCall(intake.url, dev, 'PATCH', idle, 0, new Uint8Array(300))).status).toBe(204);
      age(idir, live, { created: 15 * DAY, lastByte: 3600_000 });
      age(idir, idle, { created: 15 * DAY, lastByte: 15 * DAY });
      // tus says what the sweep does: the live one goes on, the silent one is gone
      expect(await tusCall(intake.url, dev, 'HEAD', live)).toMatchObject({ status: 200, offset: String(half) });
      // told gone, its bytes and quota are gone too (not at the next sweep)
      expect((await tusCall(intake.url, dev, 'HEAD', idle)).status).toBe(410);
      expect(uploadFiles(idir)).toEqual([live.split('/').pop(), `${live.split('/').pop()}.json`].sort());
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(b.size);
      expect(await intake.intake.sweep(14 * DAY)).toBe(0);
      const done = await tusCall(intake.url, dev, 'PATCH', live, half, bytes.subarray(half));
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body).signature).toBe((await intake.intake.index.received(b.bundleId))!.receiptSignature);
      expect(uploadFiles(idir)).toEqual([]);
    }));

  it('a PATCH writing is never swept, however old its upload: the sweep passes it by and the bundle completes', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const bytes = fs.readFileSync(b.file);
      const dev = device(a);
      const at = await createUpload(intake.url, dev, b.size, b.bundleId, b.sha256);
      const file = path.join(idir, 'uploads', at.split('/').pop()!);
      const req = http.request(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS, 'Content-Length': String(b.size) } });
      const answer = new Promise<{ status: number; body: string }>((resolve) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', () => resolve({ status: 0, body: '' }));
      });
      const part = Math.floor(b.size / 3);
      req.write(bytes.subarray(0, part));
      await waitFor(() => fs.existsSync(file) && fs.statSync(file).size === part);
      // its line paused for a moment, its upload's records as old as can be: still its request's
      age(idir, at, { created: 30 * DAY, lastByte: 15 * DAY });
      expect(await intake.intake.sweep(14 * DAY)).toBe(0);
      expect(fs.existsSync(file)).toBe(true);
      req.end(bytes.subarray(part));
      const done = await answer;
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body).signature).toBe((await intake.intake.index.received(b.bundleId))!.receiptSignature);
    }));

  it('a new upload over quota first sweeps its device’s expired uploads (tus already answers them 410), not an hour later', () =>
    withIntake(async ({ idir, intake }) => {
      const dev = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const old = await createUpload(intake.url, dev, 900);
      expect((await tusCall(intake.url, dev, 'PATCH', old, 0, new Uint8Array(100))).status).toBe(204);
      age(idir, old, { created: 15 * DAY, lastByte: 15 * DAY });
      const young = await createUpload(intake.url, dev, 100); // (fits beside it)
      await createUpload(intake.url, dev, 800);
      expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toHaveLength(2);
      expect(await intake.intake.index.usage(dev.fingerprint)).toBe(900);
      expect((await tusCall(intake.url, dev, 'HEAD', young)).status).toBe(200);
    }));

  it('files in uploads/ that no index row names go after the same expiry; a young one (another process may be creating it) and accepted bundles stay', () =>
    withLoggedIntake(async ({ run, idir }) => {
      const dev = await enrolKey(run.intake);
      const [lost, recordOnly, young, kept] = [await createUpload(run.url, dev, 1000), await createUpload(run.url, dev, 1000), await createUpload(run.url, dev, 1000), await createUpload(run.url, dev, 1000)];
      const file = (at: string) => path.join(idir, 'uploads', at.split('/').pop()!);
      for (const at of [lost, recordOnly, young]) forgetRow(idir, at);
      age(idir, lost, { created: 15 * DAY, lastByte: 15 * DAY });
      fs.rmSync(file(recordOnly)); // its bytes deleted, its tus record not
      setTime(`${file(recordOnly)}.json`, 15 * DAY);
      const bundle = path.join(idir, 'received', await recordReceived(run.intake, idir, { bundleId: crypto.randomUUID(), uploader: dev.fingerprint, bytes: 'accepted' }));
      setTime(bundle, 30 * DAY);
      expect(await run.intake.sweep(14 * DAY)).toBe(2);
      const left = (at: string) => [at.split('/').pop()!, `${at.split('/').pop()}.json`];
      expect(uploadFiles(idir)).toEqual([...left(young), ...left(kept)].sort());
      // however short the expiry asked, a file just written is not taken for an orphan
      expect(await run.intake.sweep(0)).toBe(1);
      expect(uploadFiles(idir)).toEqual(left(young).sort());
      expect(fs.existsSync(bundle)).toBe(true);
    }));

  it('an upload whose deletion fails is logged and kept for the next sweep: the rest are swept, and a creation still gets its answer (201, 413), not a 500', (ctx) =>
    withLoggedIntake(async ({ run, idir, lines }) => {
      const dev = await enrolKey(run.intake, { quotaBytes: 1000 });
      const first = await createUpload(run.url, dev, 500);
      const second = await createUpload(run.url, dev, 400);
      age(idir, first, { created: 16 * DAY, lastByte: 16 * DAY }); // (swept first: the oldest)
      age(idir, second, { created: 15 * DAY, lastByte: 15 * DAY });
      await whileUndeletable(ctx, path.join(idir, 'uploads', first.split('/').pop()!), async () => {
        // needs the room of both expired uploads: the second's is given back, the first's cannot be
        const third = await createUpload(run.url, dev, 500);
        const r = await fetch(`${run.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: '100', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
        expect(r.status).toBe(413);
        expect(await run.intake.index.usage(dev.fingerprint)).toBe(1000);
        // the whole sweep likewise passes it by and sweeps the rest
        age(idir, third, { created: 15 * DAY, lastByte: 15 * DAY });
        expect(await run.intake.sweep()).toBe(1);
        // (tried by each sweep: the two creations' and the whole one)
        expect(lines.filter((l) => l.includes(`could not delete upload ${first.split('/').pop()}`))).toHaveLength(3);
        expect(await run.intake.index.usage(dev.fingerprint)).toBe(500);
      });
      expect(await run.intake.sweep()).toBe(1);
      expect(uploadFiles(idir)).toEqual([]);
      expect(await run.intake.index.usage(dev.fingerprint)).toBe(0);
    }));

  it('an earlier upload of the bundle superseded by a new one but not deletable does not fail the creation; the sweep deletes it, rowless, once expired', (ctx) =>
    withLoggedIntake(async ({ run, idir, lines }) => {
      const dev = await enrolKey(run.intake, { quotaBytes: 1000 });
      const bundleId = crypto.randomUUID();
      const earlier = await createUpload(run.url, dev, 600, bundleId);
      const file = path.join(idir, 'uploads', earlier.split('/').pop()!);
      await whileUndeletable(ctx, file, async () => {
        const again = await createUpload(run.url, dev, 600, bundleId);
        expect(await run.intake.index.usage(dev.fingerprint)).toBe(600);
        expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toEqual([earlier, again].map((at) => at.split('/').pop()).sort());
        expect(lines.some((l) => l.includes(`could not delete upload ${earlier.split('/').pop()}`))).toBe(true);
      });
      await sweptOnceExpired(run.intake, [file]);
    }));

  it('a DELETE whose bytes cannot be deleted is still 204: the upload is gone for its device, its quota given back, logged once; the sweep deletes its bytes, rowless, once expired', (ctx) =>
    withLoggedIntake(async ({ run, idir, lines }) => {
      const dev = await enrolKey(run.intake, { quotaBytes: 1000 });
      const at = await createUpload(run.url, dev, 1000);
      expect((await tusCall(run.url, dev, 'PATCH', at, 0, new Uint8Array(300))).status).toBe(204);
      const id = at.split('/').pop()!;
      const file = path.join(idir, 'uploads', id);
      await whileUndeletable(ctx, file, async () => {
        expect((await tusCall(run.url, dev, 'DELETE', at)).status).toBe(204);
        expect((await tusCall(run.url, dev, 'HEAD', at)).status).toBe(404);
        expect(await run.intake.index.usage(dev.fingerprint)).toBe(0);
        expect(uploadFiles(idir)).toEqual([id]);
        expect(lines.filter((l) => l.includes(`could not delete upload ${id}`))).toHaveLength(1);
      });
      await sweptOnceExpired(run.intake, [file]);
      expect(uploadFiles(idir)).toEqual([]);
    }));

  it('where not even an upload’s record can be deleted, a DELETE ends nothing (503, the upload as it was), and an upload ended otherwise cannot be continued: it is gone once no row names it', (ctx) =>
    withLoggedIntake(async ({ run, idir, lines }) => {
      const dev = await enrolKey(run.intake, { quotaBytes: 1000 });
      const bundleId = crypto.randomUUID();
      const [kept, earlier] = [await createUpload(run.url, dev, 300), await createUpload(run.url, dev, 600, bundleId)];
      await whileUndeletable(ctx, path.join(idir, 'uploads'), async () => {
        const del = await tusCall(run.url, dev, 'DELETE', kept);
        expect(del.status).toBe(503);
        expect(JSON.parse(del.body)).toMatchObject({ error: 'storage_unavailable' });
        expect(await tusCall(run.url, dev, 'HEAD', kept)).toMatchObject({ status: 200, offset: '0' });
        expect(await run.intake.index.usage(dev.fingerprint)).toBe(900);
        // superseded by a new upload of its bundle: its files stay, its row does not
        await createUpload(run.url, dev, 600, bundleId);
        expect(lines.filter((l) => l.includes(`could not delete upload ${earlier.split('/').pop()}`))).toHaveLength(1);
        expect((await tusCall(run.url, dev, 'PATCH', earlier, 0, new Uint8Array(100))).status).toBe(404);
        expect((await tusCall(run.url, dev, 'HEAD', earlier)).status).toBe(404);
        expect(fs.statSync(path.join(idir, 'uploads', earlier.split('/').pop()!)).size).toBe(0);
      });
      expect((await tusCall(run.url, dev, 'DELETE', kept)).status).toBe(204);
      await sweptOnceExpired(run.intake, [path.join(idir, 'uploads', earlier.split('/').pop()!)]);
    }));

  it('a refused bundle, a duplicate and an accepted bundle whose upload files cannot be deleted are still answered as such (422 with its reason; the first receipt; its receipt), not 500: logged once each, their rows released, the sweep deletes what is left once expired', (ctx) =>
    withIntake(async ({ idir, intake, sender, lines }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const dev = device(a);
      const bytes = new Uint8Array(fs.readFileSync(b.file));
      // a second upload of the bundle, all but its last byte, while the first is delivered
      const dup = await createUpload(intake.url, dev, b.size, b.bundleId, b.sha256);
      expect((await tusCall(intake.url, dev, 'PATCH', dup, 0, bytes.subarray(0, b.size - 1))).status).toBe(204);
      const first = JSON.parse((await signedUpload(a, intake.url, b).done).body);
      // and bytes that are no bundle
      const junk = new Uint8Array(crypto.randomBytes(5000));
      const badId = crypto.randomUUID();
      const bad = await createUpload(intake.url, dev, junk.length, badId, crypto.createHash('sha256').update(junk).digest('hex'));
      expect((await tusCall(intake.url, dev, 'PATCH', bad, 0, junk.subarray(0, 4000))).status).toBe(204);
      const ids = [dup, bad].map((at) => at.split('/').pop()!);
      await whileUndeletable(ctx, path.join(idir, 'uploads'), async () => {
        const again = await tusCall(intake.url, dev, 'PATCH', dup, b.size - 1, bytes.subarray(b.size - 1));
        expect(again.status).toBe(200);
        expect(JSON.parse(again.body)).toEqual(first);
        const refused = await tusCall(intake.url, dev, 'PATCH', bad, 4000, junk.subarray(4000));
        expect(refused.status).toBe(422);
        expect(JSON.parse(refused.body)).toMatchObject({ error: 'bundle_unreadable' });
        expect(await intake.intake.index.refusal(ids[1]!)).toMatchObject({ bundleId: badId, reason: expect.stringContaining('bundle_unreadable') });
        expect(await intake.intake.index.usage(a.fingerprint)).toBe(b.size);
        for (const id of ids) expect(lines.filter((l) => l.includes(`could not delete upload ${id}`))).toHaveLength(1);
        expect(uploadFiles(idir).filter((f) => !f.endsWith('.json'))).toEqual([...ids].sort());
      });
      expect(receivedFiles(idir)).toHaveLength(1);
      await sweptOnceExpired(intake.intake, ids.map((id) => path.join(idir, 'uploads', id)));
      expect(uploadFiles(idir)).toEqual([]);
      // and an accepted bundle whose upload record cannot be deleted is accepted all the same
      const c = await a.exportOne();
      const at = await createUpload(intake.url, dev, c.size, c.bundleId, c.sha256);
      const record = path.join(idir, 'uploads', `${at.split('/').pop()}.json`);
      await whileUndeletable(ctx, record, async () => {
        const done = await tusCall(intake.url, dev, 'PATCH', at, 0, new Uint8Array(fs.readFileSync(c.file)));
        expect(done.status).toBe(200);
        expect(JSON.parse(done.body).signature).toBe((await intake.intake.index.received(c.bundleId))!.receiptSignature);
        expect(lines.filter((l) => l.includes(`could not delete upload ${at.split('/').pop()}`))).toHaveLength(1);
      });
      expect(receivedFiles(idir)).toHaveLength(2);
      await sweptOnceExpired(intake.intake, [path.join(idir, 'uploads', at.split('/').pop()!)]);
      expect(uploadFiles(idir)).toEqual([]);
    }));

  it('a copy that lost its bundle id to another process meanwhile and cannot be deleted still gets the first copy’s receipt; the sweep deletes it from received/ once no row names it', (ctx) =>
    withIntake(async ({ idir, intake, sender, lines }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const received = path.join(idir, 'received');
      const storage = intake.intake.storage as { accept: BundleStorage['accept'] };
      const accept = storage.accept;
      const theFirst = { receipt: JSON.stringify({ bundleId: b.bundleId, first: true }), signature: Buffer.from('first').toString('base64') };
      let winner = '';
      let lost = '';
      // between this copy's move to received/ and its claim, another intake process on the same
      // index claims the bundle id with its own copy (a race of two uploads of one bundle)
      storage.accept = async (id, bundleId) => {
        lost = (await accept(id, bundleId))!;
        winner = await recordReceived(intake.intake, idir, { bundleId, uploader: a.fingerprint, bytes: fs.readFileSync(path.join(received, lost)), receipt: theFirst });
        return lost;
      };
      await whileUndeletable(ctx, received, async () => {
        const done = await signedUpload(a, intake.url, b).done;
        expect(JSON.parse(done.body)).toEqual(theFirst);
        expect(lines.filter((l) => l.includes(`could not delete ${lost}`))).toHaveLength(1);
        expect(receivedFiles(idir)).toEqual([lost, winner].sort());
      });
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(b.size);
      expect(await intake.intake.sweep()).toBe(0); // (moved there a moment ago: maybe still being claimed, by another process)
      setTime(path.join(received, lost), 2 * 3600_000);
      setTime(path.join(received, winner), 2 * 3600_000);
      expect(await intake.intake.sweep()).toBe(1);
      expect(receivedFiles(idir)).toEqual([winner]);
    }));

  it('`npm run intake` sweeps at start, not only an hour later: an intake restarted more often still frees expired uploads; --expire-days sets the expiry', async () => {
    const idir = path.join(tempDir(), 'intake');
    // a value that is not a whole number of days from 1 to 3650 is refused, saying so, before anything is made
    for (const bad of ['0', '-3', '2.5', 'ten', '', '99999']) {
      const said: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (said.push(String(s)), true));
      try {
        expect(await runIntakeCli(['--dir', idir, `--expire-days=${bad}`])).toBe(1);
      } finally {
        spy.mockRestore();
      }
      expect(said.join('')).toContain(`error: --expire-days must be a whole number of days from 1 to 3650`);
    }
    expect(fs.existsSync(idir)).toBe(false);
    const help: string[] = [];
    expect(await runIntakeCli(['--help'], (l) => void help.push(l))).toBe(0);
    expect(help.join('\n')).toMatch(/--expire-days N: an unfinished upload with no byte for N days \(14 unless given\)/);

    const first = await startIntake(idir);
    const dev = await enrolKey(first.intake);
    const at = await createUpload(first.url, dev, 1000);
    expect((await tusCall(first.url, dev, 'PATCH', at, 0, new Uint8Array(400))).status).toBe(204);
    await first.close();
    // 11 days without a byte: kept by the default 14 days, expired with --expire-days 10
    age(idir, at, { created: 11 * DAY, lastByte: 11 * DAY });
    const child = await spawnIntake(['--dir', idir, '--port', '0', '--expire-days', '10']);
    try {
      await waitFor(() => uploadFiles(idir).length === 0, 20_000);
      const admin = await startIntakeAdmin(idir);
      expect(await admin.intake.index.usage(dev.fingerprint)).toBe(0);
      await admin.close();
      await waitFor(() => /swept 1 unfinished upload\(s\) with no byte for 240 h/.test(child.output()), 5_000);
    } finally {
      child.child.kill('SIGKILL');
    }
  }, 60_000);
});
