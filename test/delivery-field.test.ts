/**
 * Delivery under field conditions other than a clean cut, against a real intake on loopback:
 * a laptop whose clock is wrong, a line that goes silent without closing (a black hole), and
 * something between the app and the intake answering in its place (a captive portal, a reverse
 * proxy's error page, Retry-After). Each ends with the bundle delivered exactly once, or a clear
 * reason, never "delivered" without a receipt nor refused for good by something that is not the intake.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '../main/dispatch';
import { startFaultProxy } from './fault-proxy';
import { tempDir } from './helpers';
import { connect, deliver, FAST, freePort, makeSender, receivedFiles, spawnIntake, startIntake, startIntakeAdmin, withIntake } from './intake-tools';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('a laptop whose clock is wrong', () => {
  afterEach(() => void vi.useRealTimers());

  for (const [label, shiftMs] of [
    ['two hours ahead (a wrong time zone)', 2 * 3600_000],
    ['forty minutes behind', -40 * 60_000],
  ] as const) {
    it(`delivers exactly once with the clock ${label}, and says the clock is off`, async () => {
      const dir = tempDir();
      const idir = path.join(dir, 'intake');
      // the intake in its own process keeps the right time; this process is the laptop
      const child = await spawnIntake(['--dir', idir, '--port', String(await freePort())]);
      try {
        const admin = await startIntakeAdmin(idir);
        const a = await makeSender(path.join(dir, 'a'), 'a');
        await connect(a, admin.intake, child.url);
        const b = await a.exportOne();
        vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
        vi.setSystemTime(Date.now() + shiftMs);
        const d = await deliver(a, b.bundleId);
        expect(d.lastError).toBeNull();
        expect(d.state).toBe('delivered');
        expect(await admin.intake.index.countReceived()).toBe(1);
        expect(receivedFiles(idir).map((f) => sha(path.join(idir, 'received', f)))).toEqual([b.sha256]);
        // told: the intake's clock minus this computer's, to the minute
        expect(Math.round((d.clockOffsetMs ?? 0) / 60_000)).toBe(Math.round(-shiftMs / 60_000));
        await admin.close();
      } finally {
        child.child.kill('SIGKILL');
      }
    });
  }

  it('a bundle queued while the clock was hours ahead is sent at once when the clock is set right', async () => {
    await withIntake(async ({ sender, intake }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() + 3 * 3600_000);
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId }); // queued "three hours from now"
      vi.useRealTimers(); // the network set the clock right
      const d = await deliver(a, b.bundleId);
      expect(d.state).toBe('delivered');
      expect(await intake.intake.index.countReceived()).toBe(1);
    });
  }, 30_000);

  it('a clock within a minute of the intake is not reported', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    try {
      const a = await makeSender(path.join(dir, 'a'), 'a');
      await connect(a, intake.intake, intake.url);
      const d = await deliver(a, (await a.exportOne()).bundleId);
      expect(d.state).toBe('delivered');
      expect(d.clockOffsetMs).toBeNull();
    } finally {
      await intake.close();
    }
  });
});

describe('a line that goes silent without closing', () => {
  it('an upload whose connection stops carrying anything is given up after the stall time and resumed, not left at N % for ever', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const a = await makeSender(path.join(dir, 'a'), 'a', 2 * 1024 * 1024);
    const b = await a.exportOne();
    const proxy = await startFaultProxy({ targetPort: intake.port, stallAfter: [b.size / 3] });
    try {
      await connect(a, intake.intake, proxy.url);
      const d = await deliver(a, b.bundleId, { ...FAST, stallMs: 1500 });
      expect(proxy.stalls).toBe(1);
      expect(d.state).toBe('delivered');
      // resumed from the intake's offset: one upload, a little more than the bundle on the line
      expect(proxy.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(proxy.upBytes).toBeLessThan(b.size * 1.4);
      expect(await intake.intake.index.countReceived()).toBe(1);
      expect(receivedFiles(idir).map((f) => sha(path.join(idir, 'received', f)))).toEqual([b.sha256]);
    } finally {
      await proxy.close();
      await intake.close();
    }
  }, 60_000);
});
