/**
 * The installed `electron` npm package, read without requiring it (`require('electron')` starts a
 * download when the binary is missing, and throws when that fails): its version, the ABI its
 * Node has, and where its binary is and whether it is there. Also the step that fetches the binary
 * with Electron's own installer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hostOf, unreachableReason } from './network';
import { runStep, telltaleLine } from './run-step';

export interface ElectronFacts {
  /** The package folder, or null when `npm ci` did not install it. */
  packageDir: string | null;
  version: string | null;
  /** NODE_MODULE_VERSION of Electron's Node (node_modules/electron/abi_version). */
  abi: string | null;
  /** Where the binary is or will be. */
  binary: string | null;
  binaryPresent: boolean;
}

/** The executable inside `dist/`, as Electron's installer names it (its getPlatformPath). */
export function platformBinaryPath(platform: string): string | null {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return 'electron';
  if (platform === 'win32') return 'electron.exe';
  return null;
}

const readText = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

export function electronFacts(projectRoot: string, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): ElectronFacts {
  const dir = path.join(projectRoot, 'node_modules', 'electron');
  const pkg = readText(path.join(dir, 'package.json'));
  if (pkg === null) return { packageDir: null, version: null, abi: null, binary: null, binaryPresent: false };
  let version: string | null = null;
  try {
    version = (JSON.parse(pkg) as { version?: string }).version ?? null;
  } catch {
    /* a damaged package.json: reported as no version */
  }
  const abi = readText(path.join(dir, 'abi_version'));
  // Like node_modules/electron/index.js: path.txt names the executable once the installer ran.
  const relative = readText(path.join(dir, 'path.txt')) ?? platformBinaryPath(platform);
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist');
  const binary = relative ? path.join(distDir, relative) : null;
  const installedVersion = readText(path.join(dir, 'dist', 'version'))?.replace(/^v/, '') ?? null;
  const binaryPresent = !!binary && fs.existsSync(binary) && (!!env.ELECTRON_OVERRIDE_DIST_PATH || installedVersion === null || installedVersion === version);
  return { packageDir: dir, version, abi: abi && /^\d+$/.test(abi) ? abi : null, binary, binaryPresent };
}

export type StepResult = { ok: true } | { ok: false; why: string };

/**
 * Runs Electron's own installer (node_modules/electron/install.js), which downloads the binary for
 * this OS from GitHub (or ELECTRON_MIRROR) into its cache and unpacks it. On failure, the reason in
 * one line: the network's, if the download host cannot be reached, else the installer's own.
 */
export async function fetchElectronBinary(facts: ElectronFacts, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<StepResult> {
  if (!facts.packageDir) return { ok: false, why: 'the electron package is not installed (run npm ci)' };
  const env = opts.env ?? process.env;
  const r = await runStep(process.execPath, [path.join(facts.packageDir, 'install.js')], { cwd: facts.packageDir, env, timeoutMs: opts.timeoutMs ?? 10 * 60_000 });
  if (r.code === 0 && !r.timedOut) return { ok: true };
  const network = await unreachableReason(hostOf(env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror, 'github.com'));
  if (network) return { ok: false, why: `its download failed: ${network}` };
  if (r.timedOut) return { ok: false, why: 'its download did not finish in time' };
  return { ok: false, why: `its download failed: ${telltaleLine(r.output) || `the installer exited with ${r.code}`}` };
}
