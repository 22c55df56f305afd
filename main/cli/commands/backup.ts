/** CLI: backups of the store. (store/backup loads SQLite: imported by the commands that run, not by `--help`.) */
import { AppError } from '../../../shared/contract/common';
import type { CommandTable } from '../types';
import { need } from '../util';
import path from 'node:path';

export const backupCommands: CommandTable = {
  'backup create': {
    usage: 'backup create [--out FILE]   (default: a dated file in the backups folder beside the store)',
    options: { out: { type: 'string' } },
    async run({ services, io }, _p, o) {
      const { backupDir, backupTo } = await import('../../store/backup');
      const out = (o.out as string | undefined) ?? path.join(backupDir(services.store), `gcm-review-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
      io.out(await backupTo(services.store, out));
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
