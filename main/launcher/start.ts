/**
 * `npm start [-- --browser] [--no-open] [--port N] [--db FILE]`: builds the app, then starts the
 * desktop app when Electron's binary and its database engine are both there (getting them where
 * the network allows), and otherwise says in one line which piece is missing and why, and starts
 * browser mode on the same store, printing its URL and opening it in the default browser.
 * Expected problems end in one line, never a stack trace.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorLine, messageOf } from '../error-line';
import { parsePort, startBrowserMode, stopOnSignals } from '../host/serve';
import { fallbackLine, planStart, type StartPlan } from './plan';
import { openUrl } from './open-browser';
import { projectRoot } from './project-root';
import { rendererIsFresh } from './renderer-fresh';
import { runDesktop } from './run-desktop';
import { runStep, telltaleLine } from './run-step';
import { realSteps } from './steps';

class Failed extends Error {}

async function build(what: string, script: string, args: string[]): Promise<void> {
  const r = await runStep(process.execPath, [path.join(projectRoot, script), ...args], { cwd: projectRoot, timeoutMs: 10 * 60_000 });
  if (r.code !== 0) throw new Failed(`building the ${what} failed: ${r.spawnError ?? (telltaleLine(r.output) || `exit ${r.code}`)}`);
}

async function startBrowser(plan: Extract<StartPlan, { mode: 'browser' }>, o: { db?: string; port?: number; open: boolean }): Promise<void> {
  process.stderr.write(`${fallbackLine(plan)}\n`);
  const running = await startBrowserMode({ db: o.db, port: o.port });
  process.stdout.write(`GCM Review is running at ${running.url}\nstore: ${running.dbFile}\nPress Ctrl+C to stop.\n`);
  stopOnSignals(running);
  // a store being upgraded: the app shows its progress; a failed upgrade ends here in one line
  running.ready.catch((e: unknown) => {
    process.stderr.write(`${errorLine(messageOf(e))}\n`);
    process.exit(1);
  });
  if (!o.open) return;
  const notOpened = await openUrl(running.launchUrl());
  process.stdout.write(notOpened ? `Open the address above in your browser (not opened automatically: ${notOpened}).\n` : 'Opened in your default browser.\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { browser: { type: 'boolean' }, 'no-open': { type: 'boolean' }, port: { type: 'string' }, db: { type: 'string' } },
    allowPositionals: false,
  });
  const port = parsePort(values.port);
  if (values.db) process.env.GCM_REVIEW_DB = path.resolve(values.db); // the desktop app reads it too
  const say = (line: string) => process.stdout.write(`${line}\n`);

  if (!rendererIsFresh(projectRoot)) {
    say('Building GCM Review…');
    await build('renderer', 'node_modules/vite/bin/vite.js', ['build', '--logLevel', 'error']);
  }
  let plan = await planStart(realSteps(projectRoot, say), { projectRoot, platform: process.platform, arch: process.arch, browserOnly: values.browser, say });
  if (plan.mode === 'desktop') {
    await build('desktop app', 'build/build-electron.mjs', []);
    say('Starting the desktop app…');
    const outcome = await runDesktop(plan.electronBinary, projectRoot);
    if (outcome.started) process.exit(outcome.code);
    plan = { mode: 'browser', missing: 'electron', why: outcome.why };
  }
  await startBrowser(plan, { db: values.db, port, open: !values['no-open'] });
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`GCM Review could not start: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
