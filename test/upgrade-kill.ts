/**
 * Kills a store's upgrade in the middle of a migration: runs test/upgrade-child.ts (which opens the
 * store as the app does and prints each upgrade step), SIGKILLs it once migration `version` has
 * reported at least `atLeast` rows done, and waits for it to be gone. Returns the rows reported
 * done then; rejects if the upgrade ended first.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { UpgradeStep } from '../main/store/migrations';

const ROOT = path.resolve(__dirname, '..');

export async function killUpgradeDuring(file: string, version: number, atLeast = 1): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'upgrade-child.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = 0;
  let buf = '';
  const killedAt = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
        const p = JSON.parse(buf.slice(0, i)) as UpgradeStep;
        if (p.step === 'migrate' && p.version === version && p.total > 0) seen = p.done;
        if (seen >= atLeast) {
          child.kill('SIGKILL');
          return resolve(seen);
        }
      }
    });
    child.on('exit', () => reject(new Error(`the upgrade ended before it could be killed (at ${seen})`)));
  });
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  return killedAt;
}
