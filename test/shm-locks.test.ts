/**
 * The app never releases SQLite's POSIX locks on the store's WAL-index (-shm) behind SQLite's back.
 * Closing any descriptor of a file releases every fcntl lock the process holds on it
 * (sqlite.org/howtocorrupt.html §2.2): the idle checkpoint read the WAL-index by opening and
 * closing the -shm file, which dropped SQLite's shared lock on its "DMS" byte. The next process to
 * open the store (the CLI beside the app) then took itself for the first, reset the WAL-index
 * under the app, and the app died of SIGBUS reading it (the fast-typing e2e under load).
 * The lock is looked at from another process with fcntl(F_GETLK), as SQLite itself does.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { makeServices } from './helpers';
import { doc } from './store-history';

/** Who holds a lock on the -shm's DMS byte (offset 128: SQLite's UNIX_SHM_DMS), as another process sees it. */
function dmsHolder(shm: string): { type: 'read' | 'write' | 'none'; pid: number } {
  const py = `
import fcntl, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
req = struct.pack('hhqqi', fcntl.F_WRLCK, 0, 128, 1, 0) + b'\\0' * 8
t, w, start, ln, pid = struct.unpack('hhqqi', fcntl.fcntl(fd, fcntl.F_GETLK, req)[:28])
print(t, pid)
`;
  const [t, pid] = execFileSync('python3', ['-c', py, shm], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { type: t === 0 ? 'read' : t === 1 ? 'write' : 'none', pid: pid! };
}

// struct flock as Linux lays it out (where CI runs); macOS and Windows lay out or lock otherwise
it.skipIf(process.platform !== 'linux')('after saves and the idle checkpoint, the app still holds its lock on the WAL-index, so another process cannot reset it', async () => {
  const s = makeServices();
  const shm = `${s.store.file}-shm`;
  const d = s.drafts.create({ title: 'Locks' });
  expect(dmsHolder(shm)).toEqual({ type: 'read', pid: process.pid });
  const before = s.store.checkpoints.count;
  let base: string | null = null;
  for (let i = 0; i < 5; i++) base = (await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: doc(`save ${i}`), baseRevisionId: base })).revisionId;
  // the idle checkpoint (1 s after the last write) has run: a state, waited for
  while (s.store.checkpoints.count === before) await new Promise((r) => setTimeout(r, 20));
  expect(dmsHolder(shm)).toEqual({ type: 'read', pid: process.pid });
  s.close();
});
