/** Runs the CLI as its own process (as a user would), for tests that need another pid than ours. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { bundled } from './node-child';

const ROOT = path.resolve(__dirname, '..');

export function cliProcess(db: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundled('main/cli/bin.ts'), '--db', db, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout.trim(), err: stderr.trim() }),
    );
  });
}
