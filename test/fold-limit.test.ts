/**
 * A save made while the fold's worker runs, once the worker has folded in the
 * whole WAL, restarts the WAL and SQLite cuts the file to journal_size_limit inside that save. The
 * limit is still the one set before the backup (nothing ran fitLimit() while checkpoints were held),
 * so that save cuts the whole grown WAL at once: what the step-down was meant to prevent.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { SHRINK_STEP_BYTES, walPendingBytes } from '../main/store/checkpoint';
import { makeServices } from './helpers';

it('a save made during the fold cuts the grown WAL by at most one step', async () => {
  const s = makeServices();
  const wal = `${s.store.file}-wal`;
  const release = s.store.checkpoints.hold(); // as a backup does while it copies
  for (let i = 0; i < 120; i++) s.drafts.create({ title: `t ${i} ${crypto.randomBytes(600_000).toString('base64')}` });
  const grown = fs.statSync(wal).size;
  const folding = s.store.checkpoints.fold(); // as the backup's end does
  release();
  // the worker has folded in everything, but has not finished (its exit not yet seen here)
  // (or it has finished, and the WAL started again: checkpoint.ts's rewind, whose cut of the file is bounded the same way)
  let over = false;
  void folding.then(() => (over = true));
  while (!over && walPendingBytes(s.store.db) > 0) await new Promise((r) => setImmediate(r));
  s.drafts.create({ title: 'a save while the fold finishes' });
  const after = fs.statSync(wal).size;
  await folding;
  expect(grown - after).toBeLessThanOrEqual(SHRINK_STEP_BYTES);
}, 120_000);
