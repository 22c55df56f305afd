/**
 * Why the intake refuses, as the sender's app keeps and words it: a reason's code and parameters
 * (main/intake/reasons.ts), stored with the delivery and worded in en, fr and ar (not the
 * intake's English inside a French or Arabic screen), against a real intake on loopback. Each
 * refused upload leaves nothing at the intake: no bytes, nothing received. (The reasons tested in
 * intake.test.ts and intake-revoked.test.ts, with their codes there, are not repeated here.)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main/cli/index';
import { classify, refusalRef, type DeliveryError } from '../main/delivery/answers';
import { fetchReceipt } from '../main/delivery/client';
import { getRow } from '../main/delivery/queue';
import { invoke } from '../main/dispatch';
import { errorBody, UPLOAD_PATH } from '../main/intake/protocol';
import { answerFor } from '../main/intake/failures';
import { readStoredRefusal, REASONS, reasonKey, refusal, storedRefusal } from '../main/intake/reasons';
import { wordRef } from '../shared/i18n/words';
import type { MessageRef } from '../shared/messages';
import { wordedEverywhere } from './i18n-tools';
import { pack, resign, storeKeySigner, unpack } from './bundle-tools';
import { bundleMetadata, deliver, device, receivedFiles, signedUpload, tusHeaders, uploadFiles, withIntake, type IntakeScene } from './intake-tools';

/** Nothing of a refused upload stays at the intake. */
async function nothingKept({ idir, intake }: IntakeScene, received = 0) {
  expect(uploadFiles(idir)).toEqual([]);
  expect(receivedFiles(idir)).toHaveLength(received);
  expect(await intake.intake.index.countReceived()).toBe(received);
}

const refusedRef = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (x: DeliveryError) => x,
  )) as DeliveryError;
  expect(e?.kind).toBe('refused');
  return e.ref;
};

describe('the intake answers a code and parameters per reason; the app keeps and words them', () => {
  it('a bundle file changed in the outbox after export (same size): bytes_differ, stored, worded; asked again later, the same reason', () =>
    withIntake(async (scene) => {
      const a = await scene.sender('a');
      const b = await a.exportOne();
      const bytes = fs.readFileSync(b.file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      fs.writeFileSync(b.file, bytes);
      const d = await deliver(a, b.bundleId);
      expect(d.state).toBe('refused');
      expect(d.refusedReason).toMatch(/do not have the SHA-256 announced/);
      const worded = await wordedEverywhere(d.refusedReasonRef, 'delivery.refusal.bytesDiffer', /SHA-256 announced/);
      // kept in the store as JSON beside the English
      expect(JSON.parse(getRow(a.s.store, b.bundleId)!.refused_reason!)).toMatchObject({ messageKey: 'delivery.refusal.bytesDiffer', text: d.refusedReason });
      await nothingKept(scene);
      // the worker asks for the receipt first when it resumes an upload: the refusal recorded at completion keeps its code
      const url = getRow(a.s.store, b.bundleId)!.upload_url!;
      expect(url).toMatch(/\/v1\/uploads\//);
      const again = await refusedRef(fetchReceipt(device(a), scene.intake.url, b.bundleId, url));
      expect(again).toEqual(d.refusedReasonRef);

      // `delivery status` in the app's language (Arabic here), the English only in --json
      await invoke(a.s.handlers, 'setSetting', { key: 'language', value: 'ar' });
      const db = a.s.store.file;
      a.s.close();
      const cli = async (...args: string[]) => {
        let out = '';
        expect(await runCli(['--db', db, ...args], { out: (l) => (out += `${l}\n`), err: () => {}, progress: () => {} })).toBe(0);
        return out;
      };
      const status = await cli('delivery', 'status');
      expect(status).toContain(`reason: ${worded.ar}`);
      expect(status).not.toMatch(/SHA-256 announced/);
      const json = JSON.parse(await cli('delivery', 'status', '--json')) as { deliveries: Array<{ refusedReason: string; refusedReasonRef: MessageRef }> };
      expect(json.deliveries[0]).toMatchObject({ refusedReason: d.refusedReason, refusedReasonRef: { messageKey: 'delivery.refusal.bytesDiffer' } });
    }));

  it('a zip over the reader’s caps (a zip bomb), correctly signed: bundle_unsafe', () =>
    withIntake(async (scene) => {
      const a = await scene.sender('a');
      const b = await a.exportOne();
      const items = await unpack(b.file);
      const bomb = await pack(resign([...items, { name: 'zeros', data: Buffer.alloc(8 * 1024 * 1024), compress: true }], storeKeySigner(a.s.store)));
      const file = path.join(scene.dir, 'bomb.gcmr');
      fs.writeFileSync(file, bomb);
      const ref = await refusedRef(signedUpload(a, scene.intake.url, { file, size: bomb.length, bundleId: b.bundleId, sha256: crypto.createHash('sha256').update(bomb).digest('hex') }).done);
      await wordedEverywhere(ref, 'delivery.refusal.bundleUnsafe', /zip bomb/);
      await nothingKept(scene);
    }));

  it('a bundle signed by a key the intake revoked, carried by an enrolled device: signer_revoked', () =>
    withIntake(async (scene) => {
      const a = await scene.sender('a');
      const o = await scene.sender('o');
      const b1 = await o.exportOne();
      await scene.intake.intake.index.revokeSigner(o.fingerprint, 'ordinateur volé');
      const ref = await refusedRef(signedUpload(a, scene.intake.url, b1).done);
      const w = await wordedEverywhere(ref, 'delivery.refusal.signerRevoked');
      expect(ref!.messageParams).toMatchObject({ fingerprint: o.fingerprint, why: 'ordinateur volé' });
      expect(ref!.messageParams!.revokedAt).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(w.fr).toContain('«\u00a0ordinateur volé\u00a0»');
      expect(w.ar).toContain(o.fingerprint);
      await nothingKept(scene);
    }));

  it('a draft the ministry returned, signed with its receiver key, sent back as it is by a department: signer_is_receiver; re-exported from the department it is accepted', () =>
    withIntake(async (scene) => {
      // the ministry's own installation, enrolled at its intake as the receiver
      const m = await scene.sender('m', { connect: false });
      await scene.intake.intake.enrol({ publicKeyPem: m.publicKeyPem, name: 'Coordination unit', organisation: 'MFA', role: 'receiver' });
      const returned = await m.exportOne();
      const a = await scene.sender('a');
      const ref = await refusedRef(signedUpload(a, scene.intake.url, returned).done);
      const w = await wordedEverywhere(ref, 'delivery.refusal.signerIsReceiver', /enrolled as a receiver/);
      expect(ref!.messageParams).toEqual({ fingerprint: m.fingerprint });
      expect(w.ar).toContain(m.fingerprint);
      await nothingKept(scene);
      // the department imports it (the ministry's key in its trust register) and exports it: its own key signs, and the intake takes it
      await invoke(a.s.handlers, 'trustAdd', { publicKeyPem: m.publicKeyPem, name: 'Coordination unit', organisation: 'MFA' });
      const { draftId } = await invoke(a.s.handlers, 'importBundle', { file: returned.file });
      const reply = await invoke(a.s.handlers, 'exportBundleToOutbox', { draftId });
      const d = await deliver(a, reply.bundleId);
      expect(d.state).toBe('delivered');
      expect((await scene.intake.intake.index.received(reply.bundleId))!.signer).toBe(a.fingerprint);
    }));

  it('a bundle already received from another device: already_received_elsewhere; another device’s upload: not_yours', () =>
    withIntake(async (scene) => {
      const a = await scene.sender('a');
      const c = await scene.sender('c');
      const b = await a.exportOne();
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      const ref = await refusedRef(signedUpload(c, scene.intake.url, b).done);
      await wordedEverywhere(ref, 'delivery.refusal.alreadyReceivedElsewhere', /from another device/);

      // an upload created by a, continued by c
      const b2 = await a.exportOne();
      const created = await fetch(`${scene.intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(device(a), 'POST', UPLOAD_PATH, { uploadLength: String(b2.size), uploadMetadata: bundleMetadata(b2.bundleId, b2.sha256) }) });
      const at = new URL(created.headers.get('location')!, scene.intake.url).pathname;
      const r = await fetch(`${scene.intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(device(c), 'PATCH', at, { uploadOffset: '0' })), 'Content-Type': 'application/offset+octet-stream' }, body: fs.readFileSync(b2.file) });
      expect(r.status).toBe(403);
      await wordedEverywhere(classify(r.status, await r.text(), { contentType: r.headers.get('content-type') }).ref, 'delivery.refusal.notYours', /another device/);
      expect(receivedFiles(scene.idir)).toHaveLength(1);
    }));

  it('the bundle inside is not the one announced: bundle_id_mismatch; larger than the intake takes: too_large', () =>
    withIntake(
      async (scene) => {
        const a = await scene.sender('a');
        const b = await a.exportOne();
        const ref = await refusedRef(signedUpload(a, scene.intake.url, { ...b, bundleId: crypto.randomUUID() }).done);
        await wordedEverywhere(ref, 'delivery.refusal.bundleIdMismatch', /announced/);
        const big = await scene.sender('big', { attachmentBytes: 300_000 });
        const bb = await big.exportOne();
        expect(bb.size).toBeGreaterThan(200_000);
        const d = await deliver(big, bb.bundleId);
        expect(d.state).toBe('refused');
        await wordedEverywhere(d.refusedReasonRef, 'delivery.refusal.tooLarge');
        await nothingKept(scene);
      },
      { maxUploadBytes: 200_000 },
    ));

  it('requests: unsigned (a proxy dropped the headers), a bad signature (an older intake, or a changed request), a device key asked to list as receiver (wrong_role, worded in pull’s error)', () =>
    withIntake(async (scene) => {
      const unsigned = await fetch(`${scene.intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } });
      await wordedEverywhere(classify(unsigned.status, await unsigned.text(), { contentType: 'application/json' }).ref, 'delivery.refusal.unsigned', /X-GCMR/);
      const a = await scene.sender('a');
      const forger = crypto.generateKeyPairSync('ed25519').privateKey;
      const forged = await fetch(`${scene.intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders({ fingerprint: a.fingerprint, sign: (x) => crypto.sign(null, x, forger) }, 'POST', UPLOAD_PATH, { uploadLength: '10' }) });
      await wordedEverywhere(classify(forged.status, await forged.text(), { contentType: 'application/json' }).ref, 'delivery.refusal.badSignature', /bad request signature/);
      // a HEAD carries its refusal in X-GCMR-Error: the same code and parameters
      const head = await fetch(`${scene.intake.url}${UPLOAD_PATH}${'0'.repeat(32)}`, { method: 'HEAD', headers: await tusHeaders({ fingerprint: a.fingerprint, sign: (x) => crypto.sign(null, x, forger) }, 'HEAD', `${UPLOAD_PATH}${'0'.repeat(32)}`) });
      await wordedEverywhere(classify(head.status, head.headers.get('x-gcmr-error') ?? '', { contentType: 'application/json' }).ref, 'delivery.refusal.badSignature');

      const e = (await invoke(a.s.handlers, 'deliveryPull', {}).then(
        () => null,
        (x: unknown) => x,
      )) as { details?: unknown; message: string };
      expect(e.message).toMatch(/enrolled as a device, not a receiver/);
      await wordedEverywhere(e.details as MessageRef, 'delivery.refusal.wrongRole', /enrolled as a device, not a receiver/);
      expect((e.details as MessageRef).messageParams).toMatchObject({ fingerprint: a.fingerprint });
    }));
});

describe('the refusal reasons as the app reads them', () => {
  it('every reason of the intake has its words in en, fr and ar, its parameters filled (retried ones have their own)', async () => {
    const sample = { fingerprint: 'sha256:' + 'ab'.repeat(32), name: 'Amina El Idrissi', revokedAt: '2026-12-01T10:00:00.000Z', why: 'laptop lost', role: 'device', expected: 'receiver', bundleId: crypto.randomUUID(), inside: crypto.randomUUID(), announced: crypto.randomUUID(), used: 2 * 1024 ** 3, size: 300 * 1024 ** 2, quota: 2 * 1024 ** 3, detail: 'entry "zeros" expands 8000 times', minutes: 5, intakeTime: '2026-12-01T10:00:00.000Z' };
    for (const code of Object.keys(REASONS)) {
      if (code === 'clock_skew' || code === 'replayed') continue; // retried, worded as delivery.clockSkew / delivery.replayed
      const ref = refusalRef({ error: code, params: sample });
      await wordedEverywhere(ref, reasonKey(code), /expands 8000 times/);
      if (REASONS[code as keyof typeof REASONS].optional) await wordedEverywhere(refusalRef({ error: code, params: { ...sample, why: '' } }), `${reasonKey(code)}Bare`);
    }
    // sizes in megabytes, dates to the day
    const q = refusalRef({ error: 'over_quota', params: sample })!;
    expect(q.messageParams).toMatchObject({ used: 2048, quota: 2048, size: 300 });
    expect(wordRef('fr', q)).toContain('Demandez au ministère d’augmenter votre quota');
    expect(refusalRef({ error: 'revoked', params: sample })!.messageParams!.revokedAt).toBe('2026-12-01');
  });

  it('an older intake’s answer (no parameters), a newer intake’s unknown code, or parameters missing: the English is kept, not a half-filled sentence', () => {
    const json = { contentType: 'application/json' };
    const old = classify(422, errorBody('refused', 'the bundle\'s signer is not accepted: sha256:ab is not enrolled at this intake'), json);
    expect(old).toMatchObject({ kind: 'refused', ref: null, message: expect.stringMatching(/not enrolled/) });
    expect(classify(413, errorBody('over_quota', 'over quota: A has 10 bytes'), json).ref).toBeNull();
    expect(classify(422, errorBody('a_reason_of_tomorrow', 'something new', { x: 1 }), json).ref).toBeNull();
    expect(classify(403, errorBody('revoked', 'revoked', { fingerprint: 'sha256:ab' }), json).ref).toBeNull();
    expect(classify(403, errorBody('__proto__', 'x', {}), json).ref).toBeNull();
    expect(classify(413, errorBody('over_quota', 'over quota', { name: 'A', used: 'lots', size: 1, quota: 2 }), json).ref).toBeNull();
    // a refusal an older intake recorded in its index (its English alone), told again by this one: the English
    const kept = answerFor(readStoredRefusal('the bundle inside is 1, not the 2 announced'));
    expect(JSON.parse(kept.body)).toEqual({ error: 'refused', message: 'the bundle inside is 1, not the 2 announced' });
    expect(classify(kept.status_code, kept.body, json)).toMatchObject({ kind: 'refused', ref: null });
    // and one this intake recorded: its code and parameters
    const coded = answerFor(readStoredRefusal(storedRefusal(refusal('bundle_id_mismatch', { inside: '1', announced: '2' }))));
    expect(classify(coded.status_code, coded.body, json).ref).toEqual({ messageKey: 'delivery.refusal.bundleIdMismatch', messageParams: { inside: '1', announced: '2' } });
  });

  it('parameters from the intake are plain text: control and direction characters are dropped, long text cut', () => {
    const ref = refusalRef({ error: 'revoked', params: { fingerprint: 'sha256:ab', name: 'A\u202eB\u0000', revokedAt: 'x', why: 'w'.repeat(1000) } })!;
    expect(ref.messageParams!.name).toBe('A B');
    expect(String(ref.messageParams!.why)).toHaveLength(300);
  });
});
