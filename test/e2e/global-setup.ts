/**
 * Before the e2e tests: builds the renderer if dist-renderer is missing or older than its sources
 * (npm test builds it first anyway), and bundles the host and the CLI with esbuild, dependencies
 * included (build/node-bundle.mjs, as the shipped CLI), so each test's host starts in a fraction
 * of a second (tsx would recompile it on every start) and the CLI runs in the test's process
 * (cli-in-process.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../build/node-bundle.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Two levels below the root, so `../..` from the bundle is the root, as from main/host/. */
export const bundleDir = path.join(root, '.tmp', 'e2e');
export const hostBundle = path.join(bundleDir, 'serve.mjs');
/** A program bundled below, to run with `node`: intake, make-conflict, seed-history. */
export const script = (name: 'intake' | 'make-conflict' | 'seed-history') => path.join(bundleDir, `${name}.mjs`);
/** The CLI to run in the test's process (cli-in-process.ts). */
export const cliInProcess = path.join(bundleDir, 'cli-in-process.mjs');

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export default async function globalSetup() {
  const built = path.join(root, 'dist-renderer', 'index.html');
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')));
  if (stale) execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  fs.rmSync(bundleDir, { recursive: true, force: true });
  await build({
    ...nodeBundleOptions,
    // the host upgrades an older store on a worker thread: its file beside the host's (main/store/upgrade.ts), so the chunks too
    entryPoints: {
      serve: path.join(root, 'main/host/serve.ts'),
      'cli-in-process': path.join(root, 'test/e2e/cli-in-process.ts'),
      'upgrade-worker': path.join(root, 'main/store/upgrade-worker.ts'),
      // the programs some specs run to set a store up (each ~1.3 s of CPU less than under tsx)
      intake: path.join(root, 'main/intake/cli.ts'),
      'make-conflict': path.join(root, 'test/e2e/make-conflict.ts'),
      'seed-history': path.join(root, 'test/e2e/seed-history.ts'),
    },
    outdir: bundleDir,
    chunkNames: '[name]-[hash]',
  });
}
