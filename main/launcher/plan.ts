/**
 * What `npm start` does, decided step by step: the Electron binary first (fetched by Electron's
 * own installer where the network allows), then the Electron-ABI binding (produced where it can
 * be); both there means the desktop app, anything missing means browser mode on the same store,
 * with one line saying which piece is missing and why. The steps are passed in, so each decision
 * is tested without a network, a binary or a compiler.
 */
import path from 'node:path';
import { electronBindingFile, type BindingTarget } from '../native/binding-path';
import { describeBindingProblem, type BindingState } from '../native/binding-inspect';
import type { ElectronFacts, StepResult } from './electron-package';

export interface StartSteps {
  electron(): ElectronFacts;
  fetchElectron(facts: ElectronFacts): Promise<StepResult>;
  inspectBinding(file: string, target: BindingTarget): BindingState;
  produceBinding(electronVersion: string, target: BindingTarget): Promise<StepResult>;
}

export type Missing = 'electron' | 'binding';

export type StartPlan =
  | { mode: 'desktop'; electronBinary: string; binding: string }
  | { mode: 'browser'; missing: Missing | null; why: string };

export interface PlanOptions {
  projectRoot: string;
  platform: NodeJS.Platform;
  arch: string;
  /** `npm start -- --browser`: browser mode without looking for Electron. */
  browserOnly?: boolean;
  say?: (line: string) => void;
}

const browser = (missing: Missing | null, why: string): StartPlan => ({ mode: 'browser', missing, why });

export async function planStart(steps: StartSteps, o: PlanOptions): Promise<StartPlan> {
  const say = o.say ?? (() => {});
  if (o.browserOnly) return browser(null, 'browser mode was asked for (--browser)');

  let electron = steps.electron();
  if (!electron.packageDir) return browser('electron', 'the electron package is not installed (npm ci installs it)');
  const name = `Electron ${electron.version ?? '(unknown version)'}`;
  if (!electron.binaryPresent) {
    say(`${name}'s binary is not installed yet; fetching it with Electron's installer…`);
    const fetched = await steps.fetchElectron(electron);
    if (!fetched.ok) return browser('electron', `${name}'s binary is missing and ${fetched.why}`);
    electron = steps.electron();
    if (!electron.binaryPresent) return browser('electron', `${name}'s installer finished but its binary is still missing (${electron.binary})`);
  }
  if (!electron.abi || !electron.version) return browser('electron', `${name}'s ABI is unknown (node_modules/electron/abi_version is missing); reinstall it with npm ci`);

  const target: BindingTarget = { abi: electron.abi, platform: o.platform, arch: o.arch };
  const file = electronBindingFile(o.projectRoot, target);
  let state = steps.inspectBinding(file, target);
  if (state.state !== 'present') {
    const problem = describeBindingProblem(state);
    say(`The database engine for ${name} (better-sqlite3 for ABI ${target.abi}): ${problem}; preparing it once, in ${path.relative(o.projectRoot, path.dirname(file))}…`);
    const made = await steps.produceBinding(electron.version, target);
    if (!made.ok) return browser('binding', `the database engine for ${name} (better-sqlite3 for ABI ${target.abi}) is not usable (${problem}) and ${made.why}`);
    state = steps.inspectBinding(file, target);
    if (state.state !== 'present') return browser('binding', `the database engine for ${name} was prepared but is not usable: ${describeBindingProblem(state)}`);
  }
  return { mode: 'desktop', electronBinary: electron.binary!, binding: file };
}

/** The one line `npm start` prints before falling back to browser mode. */
export function fallbackLine(plan: Extract<StartPlan, { mode: 'browser' }>): string {
  if (plan.missing === null) return 'Starting GCM Review in browser mode.';
  return `The desktop app cannot start here: ${plan.why}. Starting browser mode on the same store instead (npm run doctor says more).`;
}
