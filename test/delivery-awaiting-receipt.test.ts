/**
 * The outbox says "sent, waiting for the receipt" once every byte is handed to the line, not
 * "100 %" for as long as a slow line takes to carry the last of it (issue 14): the sender's count
 * is of bytes written to its socket, which on a slow line runs far ahead of what the intake has.
 * A real intake behind the fault proxy throttled to 1 MB/s (which, like a slow line's buffers,
 * takes the bytes at once and passes them on slowly). Before, the percentage also stayed at the
 * first read's 3.1 % until delivered (tus-js-client's throttled count dropped the rest).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { tempDir } from './helpers';
import { startFaultProxy } from './fault-proxy';
import { connect, makeSender, startIntake } from './intake-tools';

describe('a bundle sent on a slow line', () => {
  it('is "awaiting the receipt" while the intake has not all of it, then delivered', async () => {
    const dir = tempDir();
    const intake = await startIntake(path.join(dir, 'intake'));
    const a = await makeSender(path.join(dir, 'a'), 'a', 4 * 1024 * 1024);
    const b = await a.exportOne();
    const proxy = await startFaultProxy({ targetPort: intake.port, bytesPerSecond: 1024 * 1024 });
    try {
      await connect(a, intake.intake, proxy.url);
      const worker = (await a.s.loaded()).delivery;
      worker.start();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      const seen: Array<{ state: string; percent: number; awaitingReceipt: boolean; intakeHad: number }> = [];
      for (const t0 = Date.now(); seen.at(-1)?.state !== 'delivered'; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() - t0 > 60_000) throw new Error(`not delivered: ${JSON.stringify(seen.at(-1))}`);
        const d = (await invoke(a.s.handlers, 'listDeliveries', {}))[0]!;
        seen.push({ state: d.state, percent: d.percent, awaitingReceipt: d.awaitingReceipt, intakeHad: proxy.upBytes });
      }
      // it waited for the receipt while the intake still lacked part of the bytes, and said so
      const waiting = seen.filter((s) => s.awaitingReceipt);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.some((s) => s.intakeHad < b.size)).toBe(true);
      for (const s of waiting) expect(s).toMatchObject({ state: 'sending', percent: 100 });
      // the percentage moved past the first read before the receipt; "sending" with a percentage only below 100
      expect(seen.some((s) => s.state === 'sending' && s.percent > 50)).toBe(true);
      for (const s of seen.filter((x) => x.state === 'sending' && !x.awaitingReceipt)) expect(s.percent).toBeLessThan(100);
      expect(seen.at(-1)).toMatchObject({ state: 'delivered', awaitingReceipt: false });
    } finally {
      await proxy.close();
      await intake.close();
    }
  }, 120_000);
});
