/**
 * Delivery over a bad line, against a real intake on loopback behind a fault-injecting proxy:
 * cut connections resume where they stopped (not from zero), a lost acknowledgement never sends
 * twice, an intake killed mid-upload resumes after restart, the app killed mid-upload resumes
 * from its stored state, and 50 concurrent uploads from 10 devices arrive exactly once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { tempDir } from './helpers';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';
import { connect, deliver, FAST, freePort, nodeTs, makeSender, receivedFiles, spawnIntake, startIntake, startIntakeAdmin, sweepOnceFree, uploadFiles, waitFor, type RunningIntake, type Sender } from './intake-tools';

const sameBytes = (a: string, b: string) => crypto.createHash('sha256').update(fs.readFileSync(a)).digest('hex') === crypto.createHash('sha256').update(fs.readFileSync(b)).digest('hex');

describe('delivery over a line that drops', () => {
  it('an upload cut ten times at random byte counts completes byte-equal, resuming each time', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const a = await makeSender(path.join(dir, 'a'), 'a', 5 * 1024 * 1024);
    const b = await a.exportOne();
    const cuts = Array.from({ length: 10 }, () => 2000 + Math.floor(Math.random() * (b.size / 12)));
    const proxy = await startFaultProxy({ targetPort: intake.port, cutAfter: cuts });
    try {
      await connect(a, intake.intake, proxy.url);
      const d = await deliver(a, b.bundleId);
      expect(d.state).toBe('delivered');
      expect(proxy.cuts).toBe(10);
      const [kept] = receivedFiles(idir);
      expect(sameBytes(path.join(idir, 'received', kept!), b.file)).toBe(true);
      // resumed, not restarted: one upload created, and little more than the bundle crossed the line
      expect(proxy.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(proxy.requests.filter((r) => r.startsWith('HEAD')).length).toBeGreaterThanOrEqual(10);
      expect(proxy.upBytes).toBeLessThan(b.size * 1.2);
      expect(d.attempts).toBeGreaterThanOrEqual(10);
    } finally {
      await proxy.close();
      await intake.close();
    }
  });

  /**
   * A 2 MB bundle through a fault proxy (with `opts` besides), cut once halfway:
   * `run` delivers it; then the bundle is the one received, once. What crossed the line is in the
   * failure's message.
   */
  async function cutOnce(opts: Omit<FaultProxyOptions, 'targetPort' | 'cutAfter'>, run: (x: { a: Sender; bundleId: string; proxy: FaultProxy; intake: RunningIntake }) => Promise<{ state: string }>) {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const a = await makeSender(path.join(dir, 'a'), 'a', 2 * 1024 * 1024);
    const b = await a.exportOne();
    const proxy = await startFaultProxy({ targetPort: intake.port, cutAfter: [b.size / 2], ...opts });
    try {
      await connect(a, intake.intake, proxy.url);
      const d = await run({ a, bundleId: b.bundleId, proxy, intake });
      const line = proxy.traffic();
      expect(d.state, line).toBe('delivered');
      expect(proxy.cuts).toBe(1);
      const [kept] = receivedFiles(idir);
      expect(sameBytes(path.join(idir, 'received', kept!), b.file)).toBe(true);
      expect(await intake.intake.index.countReceived()).toBe(1);
      return { line, size: b.size, proxy };
    } finally {
      await proxy.close();
      await intake.close();
    }
  }

  it('a proxy on the way that sends the resuming HEAD twice (the intake refuses the copy as replayed): the upload resumes, no new upload', async () => {
    let heads = 0;
    // the first HEAD after the cut retried by the proxy (as a reverse proxy retries an idempotent request)
    const { line, size, proxy } = await cutOnce({ sendTwice: (r) => r.startsWith('HEAD') && heads++ === 0 }, ({ a, bundleId }) => deliver(a, bundleId));
    expect(proxy.sentTwice).toBe(1);
    expect(proxy.answers.filter((x) => x.startsWith('HTTP/1.1 401')), line).toHaveLength(1); // the copy, refused as replayed
    // what the app made of it: a request to send again, signed afresh, not an upload to start again from byte 0
    expect(proxy.requests.filter((r) => r.startsWith('POST')), line).toHaveLength(1);
    expect(proxy.upBytes).toBeLessThan(size * 1.2);
  });

  it('an upload the intake has deleted meanwhile (swept) is started again: the HEAD finds it gone, a new upload carries the bundle', async () => {
    const { line, proxy } = await cutOnce(
      {},
      async ({ a, bundleId, proxy, intake }) => {
        // a pause before resuming (2-4 s), in which the intake deletes the unfinished upload
        const delivered = deliver(a, bundleId, { ...FAST, resumeDelayMs: 4000, maxDelayMs: 4000 });
        await waitFor(() => proxy.cuts === 1);
        expect(await sweepOnceFree(intake.intake)).toBe(1);
        return delivered;
      },
    );
    expect(proxy.answers.filter((x) => x.startsWith('HTTP/1.1 404')), line).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.startsWith('POST')), line).toHaveLength(2);
  });

  it('a lost acknowledgement (the receipt never reaches the app) does not send the bundle again', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const proxy = await startFaultProxy({ targetPort: intake.port, dropAnswerOnce: (c) => c.includes('"receipt"') });
    try {
      const a = await makeSender(path.join(dir, 'a'), 'a', 1024 * 1024);
      await connect(a, intake.intake, proxy.url);
      const b = await a.exportOne();
      const d = await deliver(a, b.bundleId);
      expect(proxy.dropped).toBe(1);
      expect(d.state).toBe('delivered');
      expect(proxy.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(proxy.requests.filter((r) => r.startsWith('PATCH'))).toHaveLength(1);
      // asked for after the lost answer (a first attempt, with no upload yet, does not ask)
      expect(proxy.requests.filter((r) => r.startsWith('GET /v1/receipts/')).length).toBeGreaterThanOrEqual(1);
      expect(receivedFiles(idir)).toHaveLength(1);
      expect(await intake.intake.index.countReceived()).toBe(1);

      // the app forgets that it sent it (its delivery row gone, as after restoring an older
      // store): sent again, the upload's creation is answered with the original receipt, no byte crosses
      const first = await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId });
      a.s.store.sql('DELETE FROM deliveries WHERE bundle_id = ?').run(b.bundleId);
      const before = proxy.requests.length;
      const again = await deliver(a, b.bundleId);
      expect(again.state).toBe('delivered');
      expect((await invoke(a.s.handlers, 'deliveryReceipt', { bundleId: b.bundleId })).signatureBase64).toBe(first.signatureBase64);
      const more = proxy.requests.slice(before);
      expect(more.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(more.filter((r) => r.startsWith('PATCH'))).toHaveLength(0);
      expect(receivedFiles(idir)).toHaveLength(1);
    } finally {
      await proxy.close();
      await intake.close();
    }
  });

  it('the intake SIGKILLed mid-upload and restarted: the upload resumes', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const port = await freePort();
    let child = await spawnIntake(['--dir', idir, '--port', String(port)]);
    const a = await makeSender(path.join(dir, 'a'), 'a', 4 * 1024 * 1024);
    const b = await a.exportOne();
    const proxy = await startFaultProxy({ targetPort: port, bytesPerSecond: 2 * 1024 * 1024 });
    try {
      const admin = await startIntakeAdmin(idir);
      await connect(a, admin.intake, proxy.url);
      await admin.close();
      (await a.s.loaded()).delivery.tune({ baseDelayMs: 200, maxDelayMs: 1000 });
      (await a.s.loaded()).delivery.start();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      await waitFor(() => proxy.upBytes > b.size / 3);
      const during = (await invoke(a.s.handlers, 'listDeliveries', {}))[0]!;
      expect(during.state).toBe('sending');
      expect(during.percent).toBeGreaterThan(0);
      // the proxy (like a slow line's buffers) may have taken every byte already: then it says it awaits the receipt
      if (during.percent === 100) expect(during.awaitingReceipt).toBe(true);
      else expect(during.awaitingReceipt).toBe(false);
      child.child.kill('SIGKILL');
      await new Promise((r) => child.child.once('exit', r));
      const partial = uploadFiles(idir).filter((f) => !f.endsWith('.json'));
      expect(partial).toHaveLength(1);
      const had = fs.statSync(path.join(idir, 'uploads', partial[0]!)).size;
      expect(had).toBeGreaterThan(0);
      expect(had).toBeLessThan(b.size);
      child = await spawnIntake(['--dir', idir, '--port', String(port)]);
      await (await a.s.loaded()).delivery.whenIdle();
      const d = (await invoke(a.s.handlers, 'listDeliveries', {}))[0]!;
      expect(d.state).toBe('delivered');
      expect(proxy.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(proxy.upBytes).toBeLessThan(b.size * 1.3);
      const [kept] = receivedFiles(idir);
      expect(sameBytes(path.join(idir, 'received', kept!), b.file)).toBe(true);
    } finally {
      child.child.kill('SIGKILL');
      await proxy.close();
    }
  });

  it('the app killed mid-upload and started again resumes from the stored state', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const a = await makeSender(path.join(dir, 'a'), 'a', 4 * 1024 * 1024);
    const b = await a.exportOne();
    const proxy = await startFaultProxy({ targetPort: intake.port, bytesPerSecond: 2 * 1024 * 1024 });
    try {
      await connect(a, intake.intake, proxy.url);
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId }); // queued; this process's worker is not started
      const db = a.s.store.file;
      a.s.close();
      const runCli = () => nodeTs('main/cli/bin.ts', ['--db', db, 'delivery', 'send', '--all']);
      const first = runCli();
      await waitFor(() => proxy.upBytes > b.size / 3);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const { default: Database } = await import('better-sqlite3');
      const peek = new Database(db, { readonly: true });
      const row = peek.prepare('SELECT state, upload_url FROM deliveries').get() as { state: string; upload_url: string | null };
      peek.close();
      expect(row.state).toBe('sending');
      expect(row.upload_url).toMatch(/\/v1\/uploads\/[0-9a-f]{32}$/);
      const second = runCli();
      let out = '';
      second.stdout!.on('data', (c) => (out += c));
      second.stderr!.on('data', (c) => (out += c));
      const code = await new Promise((r) => second.once('exit', r));
      // (what crossed the line, for a failure's message: a second POST was seen once in CI)
      const line = `${proxy.traffic()}\nsecond run: ${out}`;
      expect(out, line).toMatch(/delivered/);
      expect(code, line).toBe(0);
      expect(proxy.requests.filter((r) => r.startsWith('POST')), line).toHaveLength(1);
      expect(proxy.upBytes).toBeLessThan(b.size * 1.3);
      expect(await intake.intake.index.countReceived()).toBe(1);
    } finally {
      await proxy.close();
      await intake.close();
    }
  });
});

describe('delivery send from the CLI', () => {
  it('waits through a backoff while the intake is unreachable, then delivers and exits 0', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const port = await freePort();
    const first = await startIntake(idir); // makes the intake's key; the sender pins it
    const a = await makeSender(path.join(dir, 'a'), 'a');
    const b = await a.exportOne();
    await connect(a, first.intake, `http://127.0.0.1:${port}`);
    await first.close(); // nothing listens on `port` yet
    await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
    const db = a.s.store.file;
    a.s.close();
    const child = nodeTs('main/cli/bin.ts', ['--db', db, 'delivery', 'send', '--all']);
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const { default: Database } = await import('better-sqlite3');
    const attempts = () => {
      const peek = new Database(db, { readonly: true });
      try {
        return (peek.prepare('SELECT attempts FROM deliveries').get() as { attempts: number }).attempts;
      } finally {
        peek.close();
      }
    };
    await waitFor(() => attempts() >= 1); // the first attempt failed: the CLI is in its backoff
    const intake = await startIntake(idir, { port });
    try {
      expect(await exited).toBe(0);
      expect(out).toMatch(/delivered/);
      expect(await intake.intake.index.countReceived()).toBe(1);
    } finally {
      child.kill('SIGKILL');
      await intake.close();
    }
  });
});

describe('many devices at once', () => {
  it('50 concurrent 5 MB uploads from 10 enrolled devices are all delivered exactly once', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    try {
      const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => makeSender(path.join(dir, `d${i}`), `d${i}`, 5 * 1024 * 1024)));
      const bundles = new Map<Sender, string[]>();
      for (const s of senders) {
        await connect(s, intake.intake, intake.url);
        const ids: string[] = [];
        for (let k = 0; k < 5; k++) ids.push((await s.exportOne()).bundleId);
        bundles.set(s, ids);
      }
      for (const s of senders) {
        (await s.s.loaded()).delivery.tune({ ...FAST, concurrency: 5 });
        for (const id of bundles.get(s)!) await invoke(s.s.handlers, 'deliverySend', { bundleId: id });
      }
      for (const s of senders) (await s.s.loaded()).delivery.start();
      await Promise.all(senders.map(async (s) => (await s.s.loaded()).delivery.whenIdle()));
      for (const s of senders) {
        const ds = await invoke(s.s.handlers, 'listDeliveries', {});
        expect(ds.map((d) => d.state)).toEqual(Array(5).fill('delivered'));
        expect(ds[0]!.size).toBeGreaterThan(5_000_000);
      }
      expect(await intake.intake.index.countReceived()).toBe(50);
      expect(receivedFiles(idir)).toHaveLength(50);
      expect(uploadFiles(idir)).toEqual([]);
    } finally {
      await intake.close();
    }
  }, 300_000);
});

