/**
 * Produces better-sqlite3's binding for Electron's ABI into its own folder (native/better-sqlite3/
 * electron-v<ABI>-<os>-<cpu>/), working on a copy of the package so the Node build in
 * node_modules — which the CLI, the tests and browser mode load — is never touched:
 *   1. better-sqlite3's prebuilt binary for this Electron version (prebuild-install, from the
 *      package's GitHub releases or the npm cache's _prebuilds);
 *   2. else a build from source with node-gyp against Electron's headers (electronjs.org; needs
 *      Python and a C++ compiler).
 * The result is checked from its bytes (ABI, CPU) before it is moved into place.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { electronBindingFile, type BindingTarget } from '../native/binding-path';
import { describeBindingProblem, inspectBinding } from '../native/binding-inspect';
import type { StepResult } from './electron-package';
import { unreachableReason } from './network';
import { runStep, telltaleLine } from './run-step';

export interface BindingJob {
  projectRoot: string;
  electronVersion: string;
  target: BindingTarget;
  env?: NodeJS.ProcessEnv;
  /** One line per stage, for the person waiting. */
  progress?: (line: string) => void;
  /** Which strategies to try (tests); both by default. */
  strategies?: Array<'prebuilt' | 'source'>;
}

const SOURCE_PARTS = ['package.json', 'binding.gyp', 'src', 'deps'];

/**
 * The environment for the child steps. npm passes its settings as npm_config_* variables, and
 * prebuild-install and node-gyp read them: a machine's `nodedir` (Node's own headers) or
 * `build_from_source` would steer them away from Electron. Only network and toolchain settings pass.
 */
const PASSED_NPM_SETTINGS = new Set(['cache', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'local_address', 'node_gyp', 'python', 'msvs_version', 'userconfig']);

function stepEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    const npm = /^npm_config_(.+)$/i.exec(k);
    if (npm ? PASSED_NPM_SETTINGS.has(npm[1]!.toLowerCase()) : !/^npm_(package|lifecycle)_/i.test(k)) out[k] = v;
  }
  return out;
}

function nodeGypScript(projectRoot: string, env: NodeJS.ProcessEnv): string | null {
  if (env.npm_config_node_gyp && fs.existsSync(env.npm_config_node_gyp)) return env.npm_config_node_gyp;
  try {
    return createRequire(path.join(projectRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

function prebuildInstallScript(packageDir: string): string | null {
  try {
    return createRequire(path.join(packageDir, 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    return null;
  }
}

export async function produceElectronBinding(job: BindingJob): Promise<StepResult & { file?: string }> {
  const env = stepEnv(job.env ?? process.env);
  const say = job.progress ?? (() => {});
  const packageDir = path.join(job.projectRoot, 'node_modules', 'better-sqlite3');
  if (!fs.existsSync(path.join(packageDir, 'package.json'))) return { ok: false, why: 'the better-sqlite3 package is not installed (run npm ci)' };
  const dest = electronBindingFile(job.projectRoot, job.target);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.dirname(dest)), '.staging-'));
  const built = path.join(staging, 'build', 'Release', 'better_sqlite3.node');
  const failures: string[] = [];
  try {
    for (const part of SOURCE_PARTS) if (fs.existsSync(path.join(packageDir, part))) fs.cpSync(path.join(packageDir, part), path.join(staging, part), { recursive: true });
    const common = ['--arch', job.target.arch, '--platform', job.target.platform];
    for (const strategy of job.strategies ?? ['prebuilt', 'source']) {
      let outcome;
      if (strategy === 'prebuilt') {
        const script = prebuildInstallScript(packageDir);
        if (!script) {
          failures.push('prebuild-install is not installed');
          continue;
        }
        say(`downloading better-sqlite3's prebuilt engine for Electron ${job.electronVersion}…`);
        outcome = await runStep(process.execPath, [script, '--runtime', 'electron', '--target', job.electronVersion, ...common], { cwd: staging, env, timeoutMs: 5 * 60_000 });
      } else {
        const script = nodeGypScript(job.projectRoot, env);
        if (!script) {
          failures.push('node-gyp is not installed');
          continue;
        }
        say(`building better-sqlite3 for Electron ${job.electronVersion} from source (a few minutes)…`);
        const devdir = path.join(os.homedir(), '.electron-gyp');
        const args = [script, 'rebuild', '--release', `--target=${job.electronVersion}`, `--arch=${job.target.arch}`, '--dist-url=https://electronjs.org/headers', `--devdir=${devdir}`];
        outcome = await runStep(process.execPath, args, { cwd: staging, env, timeoutMs: 30 * 60_000 });
      }
      const state = inspectBinding(built, job.target);
      if (outcome.code === 0 && state.state === 'present') {
        const partial = `${dest}.partial-${process.pid}`; // two launchers at once never share a half-written file
        fs.copyFileSync(built, partial);
        fs.renameSync(partial, dest);
        return { ok: true, file: dest };
      }
      const label = strategy === 'prebuilt' ? 'no prebuilt engine could be downloaded' : 'building it from source failed';
      let reason: string;
      if (outcome.code === 0) reason = `the result is not usable (${state.state === 'present' ? 'unknown' : describeBindingProblem(state)})`;
      else if (outcome.timedOut) reason = 'it did not finish in time';
      else reason = outcome.spawnError ?? (await unreachableReason(strategy === 'prebuilt' ? 'github.com' : 'electronjs.org')) ?? (telltaleLine(outcome.output) || `exit ${outcome.code}`);
      failures.push(`${label} (${reason})`);
      fs.rmSync(path.join(staging, 'build'), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { ok: false, why: failures.join('; ') };
}
