/**
 * Runs the desktop app (`electron <project>`), passing its output through, and tells a start-up
 * failure (Electron exits before its window opened: a sandbox it cannot set up, a missing system
 * library…) from the app simply ending, so `npm start` can fall back to browser mode.
 */
import { spawn } from 'node:child_process';
import { READY_LINE } from '../electron/ready-line';
import { telltaleLine } from './run-step';

export type DesktopOutcome = { started: true; code: number } | { started: false; why: string };

/** Electron's own words, shortened for the reason line. */
export function whyElectronDidNotStart(output: string, code: number | null, signal: NodeJS.Signals | null): string {
  if (/SUID sandbox helper binary|setuid_sandbox|No usable sandbox/i.test(output)) {
    return "Electron's sandbox cannot start on this system (on Ubuntu 24.04 and later, AppArmor blocks it for an unpackaged Electron; the deb package installs the profile it needs; see the README)";
  }
  const line = telltaleLine(output);
  return `Electron stopped before its window opened (${signal ? `signal ${signal}` : `exit ${code}`}${line ? `: ${line}` : ''})`;
}

export function runDesktop(electronBinary: string, appDir: string, opts: { env?: NodeJS.ProcessEnv; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}): Promise<DesktopOutcome> {
  const env = { ...(opts.env ?? process.env) };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into a plain Node
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  return new Promise((resolve) => {
    let ready = false;
    let early = '';
    const child = spawn(electronBinary, [appDir], { cwd: appDir, env, stdio: ['inherit', 'pipe', 'pipe'] });
    const watch = (to: NodeJS.WritableStream) => (c: Buffer) => {
      to.write(c);
      if (ready) return;
      early = (early + c.toString('utf8')).slice(-32 * 1024);
      if (early.includes(READY_LINE)) ready = true;
    };
    child.stdout.on('data', watch(out));
    child.stderr.on('data', watch(err));
    child.once('error', (e: NodeJS.ErrnoException) => resolve({ started: false, why: `Electron could not be run (${e.code ?? e.message})` }));
    child.once('close', (code, signal) => {
      if (ready || code === 0) resolve({ started: true, code: code ?? 0 });
      else resolve({ started: false, why: whyElectronDidNotStart(early, code, signal) });
    });
  });
}
