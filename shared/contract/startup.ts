/**
 * Contract (issue 13): the store while the app starts. Opening a store from an older version may
 * upgrade it for minutes (migration 013 at a million revisions); meanwhile the transports answer
 * `storeStatus` (the renderer shows a progress screen) and refuse every other call with the code
 * `store_upgrading`.
 */
import { z } from 'zod';
import { Nothing, call } from './common';

export const UPGRADE_STEPS = ['check', 'backup', 'migrate', 'vacuum', 'done'] as const;

export const StoreStatus = z.object({
  /** ready: every call works; upgrading: only storeStatus; failed: the upgrade stopped (message says why) */
  state: z.enum(['ready', 'upgrading', 'failed']),
  step: z.enum(UPGRADE_STEPS).nullable(),
  /** how far the counted step is (revisions for migration 013); 0 of 0 when it is not counted */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** a whole percent while a counted step runs; null for the steps that cannot say (check, backup, VACUUM) */
  percent: z.number().int().min(0).max(100).nullable(),
  message: z.string().nullable(),
});
export type StoreStatus = z.infer<typeof StoreStatus>;

export const STORE_READY: StoreStatus = { state: 'ready', step: null, done: 0, total: 0, percent: null, message: null };

export const startupCalls = {
  storeStatus: call(Nothing, StoreStatus),
};
