/**
 * Backups from inside the app (issue 9): the running app lists the backups beside its store, makes
 * one now (a dated file beside the daily ones, not rotated), and restores one by name; it closes its own store, replaces it (refused while another process has it
 * open) and opens the restored one. Names only: no path from the renderer reaches the file system.
 */
import { z } from 'zod';
import { IsoTime, Nothing, call } from './common';

export const BackupName = z.string().regex(/^gcm-review-[0-9A-Za-z-]{1,60}\.sqlite$/, 'not a backup name');

export const BackupInfo = z.object({ name: BackupName, size: z.number().int().nonnegative(), modifiedAt: IsoTime });
export type BackupInfo = z.infer<typeof BackupInfo>;

export const safetyCalls = {
  listBackups: call(Nothing, z.array(BackupInfo)),
  createBackup: call(Nothing, BackupInfo),
  restoreBackup: call(z.object({ name: BackupName }).strict(), z.object({ restored: BackupName, keptAs: z.string().nullable() })),
};
