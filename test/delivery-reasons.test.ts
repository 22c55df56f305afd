/**
 * Why a delivery is being retried, as the outbox and `delivery status` show it: a key of
 * shared/i18n (msg.delivery.*) with its parameters, worded in the user's language, never the
 * system's English detail ("connect ECONNREFUSED 127.0.0.1:…") inside a French or Arabic sentence.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main/cli/index';
import { classify, connectionFailed } from '../main/delivery/answers';
import { getRow } from '../main/delivery/queue';
import { invoke } from '../main/dispatch';
import { errorBody } from '../main/intake/protocol';
import { tempDir } from './helpers';
import { wordedEverywhere } from './i18n-tools';
import { deliver, FAST, freePort, makeSender, withIntake } from './intake-tools';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
const json = { contentType: 'application/json' };

describe('delivery: retry reasons are keys with parameters', () => {
  it('each kind of failure has its key, worded in en, fr and ar', async () => {
    const cases: Array<[ReturnType<typeof classify>, string, RegExp]> = [
      [connectionFailed(errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')), 'delivery.connRefused', /ECONNREFUSED|127\.0\.0\.1/],
      [connectionFailed(errno('ENOTFOUND', 'getaddrinfo ENOTFOUND intake.example.gov')), 'delivery.connNotFound', /ENOTFOUND|getaddrinfo/],
      [connectionFailed(errno('ECONNRESET', 'read ECONNRESET')), 'delivery.connCut', /ECONNRESET/],
      [connectionFailed(errno('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443')), 'delivery.connTimedOut', /ETIMEDOUT/],
      [connectionFailed(errno('ENETUNREACH', 'connect ENETUNREACH 10.0.0.1:443')), 'delivery.connUnreachable', /ENETUNREACH/],
      [connectionFailed(errno('CERT_HAS_EXPIRED', 'certificate has expired')), 'delivery.connCertificate', /certificate has expired/],
      [connectionFailed(errno('EPROTO', 'write EPROTO 1234:error:0A00010B:SSL routines')), 'delivery.connFailed', /SSL routines|write/],
      [connectionFailed(new Error('socket hang up')), 'delivery.connCut', /hang up/],
      [classify(500, errorBody('internal', 'the intake could not handle this request (its log says why); try again later'), json), 'delivery.intakeFault', /try again later/],
      [classify(503, errorBody('storage_unreachable', 'the intake cannot reach its storage for now; what arrived is kept, and the upload goes on when it can'), json), 'delivery.intakeStorageUnreachable', /the upload goes on when it can/],
      [classify(429, errorBody('too_many_uploads', 'Key 1 has 100 uploads in progress'), json), 'delivery.tooManyUploads', /uploads in progress/],
      [classify(401, errorBody('replayed', 'replayed request: this signature was already used'), json), 'delivery.replayed', /replayed request/],
      [classify(502, errorBody('bad_gateway', 'upstream said no'), json), 'delivery.intakeAnswered', /upstream said no/],
    ];
    for (const [e, key, english] of cases) {
      expect(e.kind).toBe('retry');
      await wordedEverywhere(e.ref, key, english);
    }
  });

  it('the outbox and `delivery status` show a failed connection in the interface language', async () => {
    const dir = tempDir();
    const a = await makeSender(path.join(dir, 'a'), 'a');
    const key = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // nothing listens there: the connection is refused
    await invoke(a.s.handlers, 'deliveryConnect', { url: `http://127.0.0.1:${await freePort()}`, intakeKeyPem: key });
    const b = await a.exportOne();
    const worker = (await a.s.loaded()).delivery;
    worker.tune({ ...FAST, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    worker.start();
    await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
    while ((getRow(a.s.store, b.bundleId)?.attempts ?? 0) < 1) await new Promise((r) => setTimeout(r, 20));
    worker.stop();
    const [d] = await invoke(a.s.handlers, 'listDeliveries', {});
    const worded = await wordedEverywhere(d!.lastErrorRef, 'delivery.connRefused', /ECONNREFUSED|127\.0\.0\.1/);

    await invoke(a.s.handlers, 'setSetting', { key: 'language', value: 'fr' });
    const db = a.s.store.file;
    a.s.close();
    let out = '';
    expect(await runCli(['--db', db, 'delivery', 'status'], { out: (l) => (out += `${l}\n`), err: () => {}, progress: () => {} })).toBe(0);
    expect(out).toContain(worded.fr);
    expect(out).not.toMatch(/ECONNREFUSED/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("the app's own refusals: a receipt not signed by the pinned key, a target changed while queued", () =>
    withIntake(async ({ intake, sender }) => {
      const a = await sender('a');
      // the key pinned is not the intake's: its receipt is no proof
      const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await invoke(a.s.handlers, 'deliveryConnect', { url: intake.url, intakeKeyPem: other });
      const b = await a.exportOne();
      const d = await deliver(a, b.bundleId);
      expect(d).toMatchObject({ state: 'refused', refusedReason: expect.stringMatching(/not signed by the pinned intake key/) });
      await wordedEverywhere(d.refusedReasonRef, 'delivery.badReceipt', /pinned intake key/);

      // queued for one target, the target changed before it was sent
      await invoke(a.s.handlers, 'deliveryConnect', { url: intake.url, intakeKeyPem: intake.intake.key.publicKeyPem });
      const c = await a.exportOne();
      (await a.s.loaded()).delivery.stop();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: c.bundleId });
      await invoke(a.s.handlers, 'deliveryConnect', { url: `http://127.0.0.1:${await freePort()}`, intakeKeyPem: intake.intake.key.publicKeyPem });
      (await a.s.loaded()).delivery.start();
      await (await a.s.loaded()).delivery.whenIdle();
      const e = (await invoke(a.s.handlers, 'listDeliveries', {})).find((x) => x.bundleId === c.bundleId)!;
      expect(e.state).toBe('refused');
      const worded = await wordedEverywhere(e.refusedReasonRef, 'delivery.targetChanged', /queued \(now /);
      expect(worded.ar).toContain('http://127.0.0.1:');
    }));
});
