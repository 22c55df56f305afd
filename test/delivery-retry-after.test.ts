/**
 * The intake's own 429 (a device with the most uploads in progress the intake keeps) says when to
 * come back (Retry-After), and the app's queue waits that long instead of its own short backoff.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { getRow } from '../main/delivery/queue';
import { MAX_UPLOADS_IN_PROGRESS } from '../main/intake/index-store';
import { BUSY_RETRY_AFTER_S } from '../main/intake/intake';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { bundleMetadata, device, FAST, tusHeaders, withIntake } from './intake-tools';

describe('delivery: the intake asks to be left alone', () => {
  it("a 429 from the intake carries Retry-After, and the queue's next try is not sooner", () =>
    withIntake(async ({ intake, sender }) => {
      const a = await sender('a');
      const dev = device(a);
      const create = async () => fetch(`${intake.url}${UPLOAD_PATH}`, { method: 'POST', headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: '1', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }) });
      for (let i = 0; i < MAX_UPLOADS_IN_PROGRESS; i++) expect((await create()).status).toBe(201);
      const over = await create();
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe(String(BUSY_RETRY_AFTER_S));

      const b = await a.exportOne();
      const worker = (await a.s.loaded()).delivery;
      worker.tune(FAST);
      worker.start();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      while ((getRow(a.s.store, b.bundleId)?.attempts ?? 0) < 1) await new Promise((r) => setTimeout(r, 20));
      worker.stop();
      const row = getRow(a.s.store, b.bundleId)!;
      expect(row.state).not.toBe('refused');
      expect(row.last_error).toMatch(/429/);
      // (both written by the same update: the wait the queue chose)
      expect(Date.parse(row.next_attempt_at) - Date.parse(row.updated_at)).toBeGreaterThanOrEqual((BUSY_RETRY_AFTER_S - 1) * 1000);
    }), 60_000);
});
