/** Runs one external step of the launcher (a download, a build) and keeps its output for the reason line. */
import { spawn } from 'node:child_process';

export interface StepOutcome {
  /** Exit code, or null when killed (timeout or signal). */
  code: number | null;
  timedOut: boolean;
  /** stdout and stderr together, in order (the last 64 KB). */
  output: string;
  /** Set when the program could not be started at all (ENOENT…). */
  spawnError: string | null;
}

const KEEP = 64 * 1024;

export function runStep(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; onOutput?: (chunk: string) => void }): Promise<StepOutcome> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const take = (c: Buffer) => {
      const s = c.toString('utf8');
      output = (output + s).slice(-KEEP);
      opts.onOutput?.(s);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut: false, output, spawnError: (e as NodeJS.ErrnoException).code ?? e.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output, spawnError: null });
    });
  });
}

/** The most telling line of a failed step's output: the last error-looking line, else the last line. */
export function telltaleLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^\^+$/.test(l));
  const errorish = lines.filter((l) => /error|fail|cannot|unable|denied|not found|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|\b40[34]\b/i.test(l));
  const line = errorish.at(-1) ?? lines.at(-1) ?? '';
  return line.replace(/^(prebuild-install|gyp) (warn|ERR!|info) \S+ /, '').slice(0, 240);
}
