/**
 * A queued bundle whose file is gone from the outbox (deleted or moved by hand, a cleaned-up
 * folder) cannot be sent by trying again: it is refused at once with that reason, in every
 * language, and nothing reaches the intake.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { LANGUAGES } from '../shared/i18n';
import { tFor } from './i18n-tools';
import { FAST, uploadFiles, withIntake } from './intake-tools';

describe('delivery: the bundle file is gone', () => {
  it('is refused at once, saying the file is missing, and nothing is uploaded', () =>
    withIntake(async ({ idir, intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      const worker = (await a.s.loaded()).delivery;
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId }); // queued while the file was there
      fs.rmSync(b.file);
      worker.tune(FAST);
      worker.start();
      await worker.whenIdle();
      const [d] = await invoke(a.s.handlers, 'listDeliveries', {});
      expect(d!.state).toBe('refused');
      expect(d!.attempts).toBe(1);
      const ref = d!.refusedReasonRef;
      expect(ref?.messageKey).toBe('target.bundleMissing');
      for (const lang of LANGUAGES) expect((await tFor(lang))(`msg.${ref!.messageKey}`, { ...ref!.messageParams, defaultValue: '' })).toContain(b.file.split('/').pop());
      expect(await intake.intake.index.uploadsInProgress(a.fingerprint)).toBe(0);
      expect(uploadFiles(idir)).toEqual([]);
    }), 30_000);
});
