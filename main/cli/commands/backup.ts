/** CLI: backups of the store. (store/backup loads SQLite: imported by the commands that run, not by `--help`.) */
import { AppError } from '../../../shared/contract/common';
import type { CommandTable } from '../types';
import { need } from '../util';
import fs from 'node:fs';
import path from 'node:path';
import { outputTarget, publishOutput, storePartOf, tempBeside } from '../../output-file';

export const backupCommands: CommandTable = {
  'backup create': {
    usage: 'backup create [--out FILE [--force]]   (default: a dated file in the backups folder beside the store)',
    options: { out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const { backupTo, datedBackupFile } = await import('../../store/backup');
      // as fast as the disk goes: the command waits for it (the app paces its own backups, so its saves never wait behind the copy)
      const fast = { pace: 0 };
      if (o.out === undefined) return io.out(await backupTo(services.store, datedBackupFile(services.store), fast));
      const force = !!o.force;
      if (!storePartOf(o.out as string, services.store.file)) fs.mkdirSync(path.dirname(path.resolve(o.out as string)), { recursive: true, mode: 0o700 });
      const target = outputTarget(o.out as string, { store: services.store.file, force });
      const tmp = tempBeside(target);
      try {
        await backupTo(services.store, tmp, fast);
        publishOutput(tmp, target, force);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      io.out(target);
    },
  },
  'backup check': {
    usage: 'backup check FILE',
    async run({ io }, [file]) {
      const { checkBackup } = await import('../../store/backup');
      checkBackup(need(file, 'FILE'));
      io.out('ok');
    },
  },
  'backup restore': {
    usage: 'backup restore FILE   (run with the app closed; the current store is kept beside it)',
    run() {
      throw new AppError('internal', 'backup restore runs without the store open');
    },
    async withoutStore(dbFile, [file], _o, io) {
      const { restoreBackup } = await import('../../store/backup');
      const kept = restoreBackup(dbFile, need(file, 'FILE'));
      io.out(kept ? `restored ${dbFile}; the replaced store is kept as ${kept}` : `restored ${dbFile}`);
    },
  },
};
