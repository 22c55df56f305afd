/** Starts the bundled browser-mode host (global-setup.ts) on a store; resolves with its printed URL. Used by the e2e fixtures and the panel benchmark. */
import { spawn } from 'node:child_process';
import { hostBundle, root } from './global-setup';

export function startHost(db: string, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [hostBundle, '--db', db, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time\n${out}\n${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}\n${out}\n${err}`));
    });
  });
}
