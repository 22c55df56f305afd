/** Backups from inside the app (shared/contract/safety.ts): list the backups folder, restore one by name. */
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import { BackupName } from '../../shared/contract/safety';
import { backupDir, backupsRunning, backupTo, datedBackupFile, restoreBackup, stopBackups } from '../store/backup';
import type { Store } from '../store/store';

export function backupHandlers(store: Store): Pick<Handlers, 'listBackups' | 'createBackup' | 'restoreBackup'> {
  const info = (name: string) => {
    const st = fs.statSync(path.join(backupDir(store), name));
    return { name, size: st.size, modifiedAt: st.mtime.toISOString() };
  };
  return {
    listBackups: () => {
      let names: string[];
      try {
        names = fs.readdirSync(backupDir(store));
      } catch {
        return [];
      }
      return names
        .filter((n) => BackupName.safeParse(n).success)
        .map(info)
        .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    },
    // paced as the daily copy is (store/backup.ts): saves keep answering while it is made
    createBackup: async () => {
      if (store.file === ':memory:') throw new AppError('invalid_input', 'an in-memory store has no backups');
      return info(path.basename(await backupTo(store, datedBackupFile(store))));
    },
    restoreBackup: async ({ name }) => {
      if (store.file === ':memory:') throw new AppError('invalid_input', 'an in-memory store has no backups');
      const file = path.join(backupDir(store), name);
      if (!fs.existsSync(file)) throw new AppError('not_found', `no backup named ${name}`);
      // A backup being copied holds a snapshot of the store, which keeps what was saved meanwhile
      // out of the file: it is stopped first (it is made again within the hour), so the file kept
      // as "before restore" holds every save. Checked again after each wait: the restore below
      // runs in the same turn as the last check.
      // A fold of a large WAL on a worker (checkpoint.ts) is waited for here too, rather than by
      // close() below, which would block this thread until it ends.
      for (;;) {
        if (backupsRunning(store)) await stopBackups(store, 'a backup is being restored');
        else if (store.checkpoints.runningFold) await store.checkpoints.runningFold;
        else break;
      }
      // the app closed its store meanwhile (it is quitting): nothing is replaced, nothing opened again
      if (!store.db.open) throw new AppError('conflict', 'the store was closed before the backup could be restored; nothing was restored');
      // Closes this process's own connection, replaces the file (refused while another process has
      // it open), and opens the store again whatever happened.
      const keptAs = store.reopenAround(() => restoreBackup(store.file, file));
      return { restored: name, keptAs };
    },
  };
}
