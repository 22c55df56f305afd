/**
 * Delivery under field conditions other than a clean cut, against a real intake on loopback:
 * a laptop whose clock is wrong, a line that goes silent without closing (a black hole) or is
 * slow, an answer cut off, something between the app and the intake answering in its place (a
 * captive portal, a reverse proxy's error page, Retry-After), the intake's disk full or its folder
 * read-only. Each ends with the bundle delivered exactly once, or a clear reason in every
 * language, never "delivered" without a receipt nor refused for good by something not the intake.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../main/cli/index';
import { invoke } from '../main/dispatch';
import { getRow } from '../main/delivery/queue';
import type { WorkerOptions } from '../main/delivery/worker';
import { makeServices, tempDir } from './helpers';
import { connect, deliver, FAST, freePort, makeSender, receivedFiles, spawnIntake, startIntake, startIntakeAdmin, waitFor, withIntake, type Sender } from './intake-tools';
import { LANGUAGES } from '../shared/i18n';
import { storedText } from '../shared/messages';
import { tFor } from './i18n-tools';
import { fillUp, readOnlyFolder, smallDisk } from './small-disk';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** The reason in a worker's "retrying … in N ms: REASON" line. */
const reasonOf = (line: string) => line.replace(/^retrying \S+ in \d+ ms: /, '');

/** A reason the outbox shows: one of the app's own phrases, worded in every language (Arabic in Arabic script); the French wording. */
async function wordedEverywhere(reason: string, key: string): Promise<string> {
  const ref = storedText(reason);
  expect(ref?.messageKey, reason).toBe(key);
  const out: Record<string, string> = {};
  for (const lang of LANGUAGES) {
    out[lang] = (await tFor(lang))(`msg.${ref!.messageKey}`, { ...ref!.messageParams, defaultValue: '' });
    expect(out[lang], `${lang}: ${reason}`).not.toBe('');
  }
  expect(out.ar).toMatch(/\p{Script=Arabic}/u);
  return out.fr!;
}

/** The received bundles' SHA-256s. */
const received = (idir: string) => receivedFiles(idir).map((f) => sha(path.join(idir, 'received', f)));

/** This process (the laptop) has its clock `shiftMs` off from here on (the intake in its own process keeps the right time). */
function shiftClock(shiftMs: number): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + shiftMs);
}

/** An intake in its own process (its clock stays right), and a sender enrolled and connected to it; the intake is killed after `fn`. */
async function withIntakeChild(fn: (scene: { idir: string; a: Sender; countReceived(): Promise<number> }) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const idir = path.join(dir, 'intake');
  const child = await spawnIntake(['--dir', idir, '--port', String(await freePort())]);
  const admin = await startIntakeAdmin(idir);
  try {
    const a = await makeSender(path.join(dir, 'a'), 'a');
    await connect(a, admin.intake, child.url);
    await fn({ idir, a, countReceived: () => admin.intake.index.countReceived() });
  } finally {
    await admin.close();
    child.child.kill('SIGKILL');
  }
}

/** Starts the sender's worker (tuned, its log kept) and sends the bundle, without waiting: the worker (to wait on or stop) and its log. */
async function startSending(a: Sender, bundleId: string, tune: WorkerOptions = FAST) {
  const worker = (await a.s.loaded()).delivery;
  const log: string[] = [];
  worker.tune({ ...tune, log: (l) => log.push(l) });
  worker.start();
  await invoke(a.s.handlers, 'deliverySend', { bundleId });
  return { worker, log };
}

/** The retry lines of a worker's log. */
const retriesIn = (log: string[]) => log.filter((l) => l.startsWith('retrying'));

describe('a laptop whose clock is wrong', () => {
  afterEach(() => void vi.useRealTimers());

  for (const [label, shiftMs] of [
    ['two hours ahead (a wrong time zone)', 2 * 3600_000],
    ['forty minutes behind', -40 * 60_000],
  ] as const) {
    it(`delivers exactly once with the clock ${label}, and says the clock is off`, async () => {
      await withIntakeChild(async ({ idir, a, countReceived }) => {
        const b = await a.exportOne();
        shiftClock(shiftMs);
        const log: string[] = [];
        const d = await deliver(a, b.bundleId, { ...FAST, log: (l) => log.push(l) });
        expect(d.state).toBe('delivered');
        // one request refused for its time, whose answer set the clock: the reason is the app's own, in every language
        expect(retriesIn(log)).toHaveLength(1);
        expect(await wordedEverywhere(reasonOf(retriesIn(log)[0]!), 'delivery.clockSkew')).toContain('plus de 5 minutes');
        expect(await countReceived()).toBe(1);
        expect(received(idir)).toEqual([b.sha256]);
        // told: the intake's clock minus this computer's, to the minute
        expect(Math.round((d.clockOffsetMs ?? 0) / 60_000)).toBe(Math.round(-shiftMs / 60_000));
      });
    });
  }

  it('the offset learnt is kept with the delivery target: after a restart the first request is signed right, and a new target forgets it', async () => {
    await withIntakeChild(async ({ a, countReceived }) => {
      shiftClock(2 * 3600_000);
      expect((await deliver(a, (await a.exportOne()).bundleId)).state).toBe('delivered');
      const db = a.s.store.file;
      a.s.close();
      const again = makeServices(db);
      try {
        // told at once, before any answer from the intake
        const [before] = await invoke(again.handlers, 'listDeliveries', {});
        expect(Math.round((before!.clockOffsetMs ?? 0) / 60_000)).toBe(-120);
        const { bundleId } = await invoke(again.handlers, 'exportBundleToOutbox', { draftId: a.draftId });
        const { worker, log } = await startSending({ ...a, s: again }, bundleId);
        await worker.whenIdle();
        expect(retriesIn(log)).toEqual([]);
        expect(await countReceived()).toBe(2);
        // another intake (another key): its clock is not this one's
        const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
        await invoke(again.handlers, 'deliveryConnect', { url: 'http://127.0.0.1:9', intakeKeyPem: other });
        expect((await invoke(again.handlers, 'listDeliveries', {}))[0]!.clockOffsetMs).toBeNull();
      } finally {
        again.close();
      }
    });
  });

  it('`delivery send` with the clock two hours ahead delivers, and warns on stderr that the clock is off', async () => {
    await withIntakeChild(async ({ a, countReceived }) => {
      await a.exportOne();
      const db = a.s.store.file;
      a.s.close();
      shiftClock(2 * 3600_000);
      let out = '';
      let err = '';
      const code = await runCli(['--db', db, 'delivery', 'send', '--all'], { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), progress: () => {} });
      expect(code).toBe(0);
      expect(out).toMatch(/\tdelivered\t/);
      expect(err).toMatch(/^warning: this computer's clock is 2 h 0 min ahead of the intake's; /m);
      expect(await countReceived()).toBe(1);
    });
  });

  it('a bundle queued while the clock was hours ahead is sent at once when the clock is set right', async () => {
    await withIntake(async ({ sender, intake }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      shiftClock(3 * 3600_000);
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId }); // queued "three hours from now"
      vi.useRealTimers(); // the network set the clock right
      const d = await deliver(a, b.bundleId);
      expect(d.state).toBe('delivered');
      expect(await intake.intake.index.countReceived()).toBe(1);
    });
  }, 30_000);

  it('a clock within a minute of the intake is not reported', async () => {
    await withIntake(async ({ sender }) => {
      const a = await sender('a');
      const d = await deliver(a, (await a.exportOne()).bundleId);
      expect(d.state).toBe('delivered');
      expect(d.clockOffsetMs).toBeNull();
    });
  });
});

describe('a line that goes silent, or is slow', () => {
  it('an upload whose connection stops carrying anything is given up after the stall time and resumed, not left at N % for ever', async () => {
    await withIntake(
      async ({ idir, intake, proxy, sender }) => {
        const a = await sender('a', { attachmentBytes: 2 * 1024 * 1024 });
        const b = await a.exportOne();
        // (what the system took into its buffers counted as sent at once: this test's line is silent, not slow)
        const d = await deliver(a, b.bundleId, { ...FAST, stallMs: 1500, slowestBytesPerSecond: 1e9 });
        expect(proxy!.stalls).toBe(1);
        expect(d.state).toBe('delivered');
        // resumed from the intake's offset: one upload, a little more than the bundle on the line
        expect(proxy!.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
        expect(proxy!.upBytes).toBeLessThan(b.size * 1.4);
        expect(await intake.intake.index.countReceived()).toBe(1);
        expect(received(idir)).toEqual([b.sha256]);
      },
      undefined,
      { stallAfter: [700_000] },
    );
  }, 60_000);

  it('a slow line is not silent: an upload at 128 KB/s with a 1.5 s stall time goes through in one request, never given up', async () => {
    await withIntake(
      async ({ proxy, sender }) => {
        const a = await sender('a', { attachmentBytes: 512 * 1024 });
        const log: string[] = [];
        const d = await deliver(a, (await a.exportOne()).bundleId, { ...FAST, stallMs: 1500, log: (l) => log.push(l) });
        expect(d.state).toBe('delivered');
        expect(retriesIn(log).join('\n')).toBe('');
        expect(proxy!.requests.filter((r) => /^(POST|PATCH)/.test(r))).toHaveLength(2);
      },
      undefined,
      { bytesPerSecond: 128 * 1024 },
    );
  }, 60_000);

  it('an answer whose connection closes before its announced length arrived is given up after the stall time, then delivered once', async () => {
    let first = true;
    // tus-js-client waits for the end of an answer and never hears that it was cut
    const cutAnswer = () => (first ? ((first = false), 'HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\nthe beginning of an answer') : null);
    await withIntake(
      async ({ intake, proxy, sender }) => {
        const a = await sender('a');
        const log: string[] = [];
        const d = await deliver(a, (await a.exportOne()).bundleId, { ...FAST, stallMs: 1500, log: (l) => log.push(l) });
        expect(proxy!.impersonated).toBe(1);
        expect(d.state).toBe('delivered');
        expect(retriesIn(log)).toHaveLength(1);
        expect(await wordedEverywhere(reasonOf(retriesIn(log)[0]!), 'delivery.stalled')).toContain('depuis 2\u00a0s');
        expect(await intake.intake.index.countReceived()).toBe(1);
      },
      undefined,
      { impostor: cutAnswer },
    );
  }, 30_000);
});

/** A raw HTTP answer as something between the app and the intake would give it (not the intake: no JSON refusal, no tus header). */
const page = (status: string, headers: Record<string, string> = {}, title = 'Wi-Fi — sign in', head = false) => {
  const body = `<!DOCTYPE html><html><head><title>${title}</title></head><body><form action="/login">Accept the terms of use</form></body></html>`;
  const h = Object.entries({ 'Content-Type': 'text/html; charset=utf-8', ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
  return `HTTP/1.1 ${status}\r\n${h.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${head ? '' : body}`;
};

describe('something between the app and the intake answers in its place', () => {
  it('a captive portal (200, 302, 403 with a web page) is neither a delivery nor a refusal: a clear reason, then delivered once', async () => {
    const portal = [page('200 OK'), page('302 Found', { Location: 'http://portal.example/login' }), page('403 Forbidden', {}, '403 Forbidden')];
    await withIntake(
      async ({ intake, proxy, sender }) => {
        const a = await sender('a');
        const log: string[] = [];
        const d = await deliver(a, (await a.exportOne()).bundleId, { ...FAST, log: (l) => log.push(l) });
        expect(proxy!.impersonated).toBe(3);
        expect(d.state).toBe('delivered');
        expect(await intake.intake.index.countReceived()).toBe(1);
        const retries = retriesIn(log);
        expect(retries).toHaveLength(3);
        for (const [i, status] of ['200', '302', '403'].entries()) expect(retries[i]).toMatch(new RegExp(`something between this computer and the intake answered HTTP ${status}\\b`));
        expect(retries[2]).toContain('403 Forbidden');
        for (const r of retries) await wordedEverywhere(reasonOf(r), 'delivery.notTheIntake');
        expect(await wordedEverywhere(reasonOf(retries[2]!), 'delivery.notTheIntake')).toContain('HTTP 403 (403 Forbidden)');
        expect(log.join('\n')).not.toMatch(/<html|<form|DOCTYPE/i);
      },
      undefined,
      { impostor: () => portal.shift() ?? null },
    );
  });

  it("a reverse proxy's 502 page for the HEAD of a resumed upload does not start the upload again from zero", async () => {
    let heads = 0;
    await withIntake(
      async ({ intake, proxy, sender }) => {
        const a = await sender('a', { attachmentBytes: 2 * 1024 * 1024 });
        const b = await a.exportOne();
        const log: string[] = [];
        const d = await deliver(a, b.bundleId, { ...FAST, log: (l) => log.push(l) });
        expect(proxy!.impersonated).toBe(1);
        expect(d.state).toBe('delivered');
        expect(proxy!.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
        expect(proxy!.upBytes).toBeLessThan(b.size * 1.3);
        const gateway = retriesIn(log).map(reasonOf).filter((r) => /the intake's web server answered HTTP 502\b/.test(r));
        expect(gateway).toHaveLength(1);
        expect(await wordedEverywhere(gateway[0]!, 'delivery.gateway')).toContain('HTTP 502');
        expect(await intake.intake.index.countReceived()).toBe(1);
      },
      undefined,
      { cutAfter: [1_000_000], impostor: (line) => (line.startsWith('HEAD') && heads++ === 0 ? page('502 Bad Gateway', {}, '502 Bad Gateway', true) : null) },
    );
  });

  for (const [retryAfter, atLeastMs, atMostMs] of [
    ['30', 30_000, 31_000],
    ['86400', 3600_000, 3600_000], // a day asked: an hour at most
  ] as const) {
    it(`a 503 with Retry-After: ${retryAfter} is waited for (within an hour), not retried at the backoff's pace`, async () => {
      let answered = false;
      const maintenance = () => (answered ? null : ((answered = true), page('503 Service Unavailable', { 'Retry-After': retryAfter }, 'Maintenance')));
      await withIntake(
        async ({ sender }) => {
          const a = await sender('a');
          const b = await a.exportOne();
          const { worker, log } = await startSending(a, b.bundleId);
          await waitFor(() => retriesIn(log).length > 0);
          worker.stop();
          const row = getRow(a.s.store, b.bundleId)!;
          expect(row.state).not.toBe('refused');
          expect(row.last_error).toMatch(/HTTP 503/);
          const wait = Date.parse(row.next_attempt_at) - Date.parse(row.updated_at);
          expect(wait).toBeGreaterThanOrEqual(atLeastMs - 1000);
          expect(wait).toBeLessThanOrEqual(atMostMs);
        },
        undefined,
        { impostor: maintenance },
      );
    });
  }
});

describe("the intake's disk, and its folder", () => {
  it('full in the middle of an upload: told as such, waited for (not fed the bundle in a loop), no receipt, the intake stays up; delivered once room is made', async (ctx) => {
    const disk = smallDisk(ctx, "an intake's full disk", 8 * 1024 * 1024);
    const idir = path.join(disk, 'intake');
    const intake = await startIntake(idir);
    try {
      const a = await makeSender(path.join(tempDir(), 'a'), 'a', 3 * 1024 * 1024);
      await connect(a, intake.intake, intake.url);
      const b = await a.exportOne();
      fillUp(path.join(disk, 'filler'), 1024 * 1024);
      const { worker, log } = await startSending(a, b.bundleId, { resumeDelayMs: 0, baseDelayMs: 200, maxDelayMs: 400 });
      await waitFor(() => retriesIn(log).length >= 4, 30_000);
      expect(getRow(a.s.store, b.bundleId)!.state).toBe('sending');
      expect(await intake.intake.index.countReceived()).toBe(0);
      // after at most two quick resumptions (bytes went out; the first acknowledged), the backoff
      const waits = retriesIn(log).map((l) => Number(/ in (\d+) ms: /.exec(l)![1]));
      expect(waits.slice(2).every((w) => w >= 100)).toBe(true);
      const full = retriesIn(log).map(reasonOf).filter((r) => /no room left/.test(r));
      expect(full.length).toBeGreaterThanOrEqual(2);
      expect(await wordedEverywhere(full[0]!, 'delivery.intakeFull')).toContain('disque du point de réception est plein');
      expect((await fetch(`${intake.url}/v1/key`)).status).toBe(200);
      // what resuming needs, nothing else: the upload's bytes so far and its record
      expect(fs.readdirSync(path.join(idir, 'uploads'))).toHaveLength(2);
      fs.rmSync(path.join(disk, 'filler'));
      await worker.whenIdle();
      expect(getRow(a.s.store, b.bundleId)!.state).toBe('delivered');
      expect(received(idir)).toEqual([b.sha256]);
      expect(fs.readdirSync(path.join(idir, 'uploads'))).toEqual([]);
      expect(await intake.intake.index.countReceived()).toBe(1);
    } finally {
      await intake.close();
    }
  }, 60_000);

  it('not writable in the middle of an upload: told as such, the intake stays up; delivered once it can write again', async (ctx) => {
    readOnlyFolder.allowed(ctx, "an intake's read-only folder");
    let writable: (() => void) | null = null;
    let idir = '';
    // the first PATCH is cut, and the uploads folder made read-only before the app comes back to it
    const readOnlyAtHead = (line: string) => (line.startsWith('HEAD') && !writable ? ((writable = readOnlyFolder(path.join(idir, 'uploads'))), null) : null);
    await withIntake(
      async (scene) => {
        idir = scene.idir;
        const a = await scene.sender('a', { attachmentBytes: 2 * 1024 * 1024 });
        const b = await a.exportOne();
        const { worker, log } = await startSending(a, b.bundleId);
        const notWritable = () => retriesIn(log).map(reasonOf).filter((r) => r.includes('cannot write to its data folder'));
        await waitFor(() => notWritable().length >= 2, 30_000);
        expect(await wordedEverywhere(notWritable()[0]!, 'delivery.intakeNotWritable')).toContain('ne peut pas écrire');
        expect(getRow(a.s.store, b.bundleId)!.state).toBe('sending');
        expect(await scene.intake.intake.index.countReceived()).toBe(0);
        expect((await fetch(`${scene.intake.url}/v1/key`)).status).toBe(200);
        writable!();
        await worker.whenIdle();
        expect(getRow(a.s.store, b.bundleId)!.state).toBe('delivered');
        expect(scene.proxy!.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
        expect(received(idir)).toEqual([b.sha256]);
        expect(fs.readdirSync(path.join(idir, 'uploads'))).toEqual([]);
      },
      undefined,
      { cutAfter: [1_000_000], impostor: readOnlyAtHead },
    );
  }, 60_000);
});

describe('the ministry pulls over a line that goes silent', () => {
  it('a download whose answer stops coming is given up after the stall time with that reason, leaves no partial file, and the next pull imports it', async () => {
    let stalled = false;
    const stallOnce = (line: string) => (/^GET \/v1\/bundles\/[0-9a-f-]{36}$/.test(line) && !stalled ? ((stalled = true), 1000) : null);
    await withIntake(
      async ({ dir, intake, proxy, sender }) => {
        const a = await sender('a', { attachmentBytes: 256 * 1024 });
        const b = await a.exportOne();
        expect((await deliver(a, b.bundleId)).state).toBe('delivered');
        const m = makeServices(path.join(dir, 'm', 'ministry.sqlite'));
        await invoke(m.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'Ministry of Foreign Affairs' });
        await invoke(m.handlers, 'trustAdd', { publicKeyPem: a.publicKeyPem, name: 'Amina Benali', organisation: 'Wilaya' });
        await intake.intake.enrol({ publicKeyPem: (await invoke(m.handlers, 'getIdentity', {}))!.publicKeyPem!, name: 'Coordination unit', organisation: 'MFA', role: 'receiver' });
        await invoke(m.handlers, 'deliveryConnect', { url: proxy!.url, intakeKeyPem: intake.intake.key.publicKeyPem });
        (await m.loaded()).delivery.tune({ stallMs: 1500 });
        await expect(invoke(m.handlers, 'deliveryPull', {})).rejects.toThrow(/nothing moved on the connection to the intake for 2 s/);
        expect(proxy!.stalls).toBe(1);
        expect(fs.readdirSync(path.join(dir, 'm', 'inbox'))).toEqual([]);
        const pulled = await invoke(m.handlers, 'deliveryPull', {});
        expect(pulled.map((i) => i.outcome)).toEqual(['imported']);
      },
      undefined,
      { stallAnswer: stallOnce },
    );
  }, 30_000);
});
