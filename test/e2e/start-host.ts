/** Starts the bundled browser-mode host (global-setup.ts) on a store; resolves with its printed URL. Used by the e2e fixtures and the panel benchmark. */
import { spawn } from 'node:child_process';
import { hostBundle, root } from './global-setup';

/** How long a host may take to end after SIGTERM before it is killed (its log then says so). */
const STOP_GRACE_MS = 10_000;
/** The most of the host's output kept for a failing test's report (the end of it). */
const LOG_KEPT_CHARS = 16_000;

export interface StartedHost {
  url: string;
  /** Ends the host: SIGTERM, then SIGKILL if it has not ended within STOP_GRACE_MS. */
  stop: () => Promise<void>;
  /** What the host wrote to stderr (its last LOG_KEPT_CHARS), how it ended, and whether it had to be killed. */
  log: () => string;
  /** Whether the host ended before it was stopped, or had to be killed: worth its log even where the test passed. */
  troubled: () => boolean;
}

export function startHost(db: string, env: NodeJS.ProcessEnv = {}): Promise<StartedHost> {
  const child = spawn(process.execPath, [hostBundle, '--db', db, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const notes: string[] = [];
  let stopping = false;
  let troubled = false;
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-LOG_KEPT_CHARS)));
  child.once('exit', (code, signal) => {
    notes.push(`host (pid ${child.pid}) exited${stopping ? '' : ' on its own, before it was stopped'}: code ${code}, signal ${signal}`);
    if (!stopping) troubled = true;
  });
  const log = () => [`host stderr (pid ${child.pid}):`, err || '(nothing)', ...notes].join('\n');
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      stopping = true;
      const kill = setTimeout(() => {
        troubled = true;
        notes.push(`host did not end within ${STOP_GRACE_MS} ms of SIGTERM: killed`);
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time\n${out}\n${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop, log, troubled: () => troubled });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}\n${out}\n${err}`));
    });
  });
}
