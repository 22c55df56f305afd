/**
 * What a cut costs the sending app: `delivery send` (the CLI, as a user runs it) through a proxy
 * that cuts the upload, beside the same command for a bundle not cut, counting the app's store
 * syncs with strace (fsync/fdatasync of the store's files: counts, not timings). A resumption
 * after a cut waits for no sync of the store: the offset the intake acknowledged and why the
 * attempt failed are bookkeeping the intake is asked again for (queue.ts). Skipped where strace
 * cannot trace.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from './fault-proxy';
import { tempDir } from './helpers';
import { connect, makeSender, receivedFiles, startIntake } from './intake-tools';
import { bundled } from './node-child';

const ROOT = path.resolve(__dirname, '..');
const traced = spawnSync('strace', ['-f', '--seccomp-bpf', '-qq', '-e', 'trace=fsync', 'true']).status === 0;

/**
 * `delivery send BUNDLE` as its own process under strace: its syncs of the store's WAL, and its
 * checkpoints (each syncs the WAL, then the store's file: counted by the latter).
 */
function sendTraced(db: string, bundleId: string, log: string): Promise<{ code: number; err: string; walSyncs: number; checkpoints: number }> {
  return new Promise((resolve) => {
    const args = ['-f', '--seccomp-bpf', '-qq', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, bundled('main/cli/bin.ts'), '--db', db, 'delivery', 'send', bundleId];
    execFile('strace', args, { cwd: ROOT }, (error, _out, err) => {
      const lines = fs.readFileSync(log, 'utf8').split('\n');
      const syncs = (file: string) => lines.filter((l) => l.includes(`<${file}>`)).length;
      resolve({ code: error ? 1 : 0, err, walSyncs: syncs(`${db}-wal`), checkpoints: syncs(db) });
    });
  });
}

/**
 * The WAL syncs of a run's commits: all, less each checkpoint's own. The store also checkpoints
 * when writes pause for a second (checkpoint.ts), and the first commit after a checkpoint syncs
 * the WAL's new header whatever the setting (SQLite): a longer run may have one more per
 * checkpoint besides the one at close.
 */
const commitSyncs = (r: { walSyncs: number; checkpoints: number }) => r.walSyncs - r.checkpoints;

describe.skipIf(!traced)('a cut costs the sending app no sync of its store', () => {
  it('an upload cut five times makes as many synced commits of the app store as one not cut', async () => {
    const dir = tempDir();
    const idir = path.join(dir, 'intake');
    const intake = await startIntake(idir);
    const a = await makeSender(path.join(dir, 'a'), 'a', 4 * 1024 * 1024);
    const cut = await a.exportOne();
    const whole = await a.exportOne();
    // the proxy cuts the first five PATCH connections: the first bundle's
    const proxy = await startFaultProxy({ targetPort: intake.port, cutAfter: [300_000, 300_000, 300_000, 300_000, 300_000] });
    try {
      await connect(a, intake.intake, proxy.url);
      const db = a.s.store.file;
      a.s.close();
      const withCuts = await sendTraced(db, cut.bundleId, path.join(dir, 'cut.strace'));
      expect(withCuts.code, withCuts.err).toBe(0);
      expect(proxy.cuts).toBe(5);
      const resumes = proxy.requests.filter((r) => r.startsWith('HEAD')).length;
      expect(resumes).toBe(5);
      const uncut = await sendTraced(db, whole.bundleId, path.join(dir, 'whole.strace'));
      expect(uncut.code, uncut.err).toBe(0);
      expect(proxy.cuts).toBe(5);
      expect(receivedFiles(idir)).toHaveLength(2);
      // before: two synced writes per resumption (the attempt's failure, the HEAD's offset)
      expect(commitSyncs(uncut)).toBeGreaterThan(0);
      expect(commitSyncs(withCuts) - Math.max(0, withCuts.checkpoints - uncut.checkpoints)).toBeLessThanOrEqual(commitSyncs(uncut));
    } finally {
      await proxy.close();
      await intake.close();
    }
  });
});
