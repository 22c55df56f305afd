/**
 * A TypeScript entry (a program of main/ or a test's child) as a child process runs it: an
 * esbuild bundle, dependencies included and split at dynamic imports, as the shipped CLI
 * (build/node-bundle.mjs). Built once
 * per state of the sources and reused by every test file of a run; `node --import tsx` instead
 * compiles and resolves some 400 modules at every start, ~1.2 s of CPU more per child (the
 * durability tests start dozens). The bundles sit in `.tmp/node-child-<stamp>/`, two levels below
 * the root as main/host/ is, with the store-upgrade worker beside them (main/store/upgrade.ts).
 */
import { buildSync } from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from '../build/node-bundle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/** Changes whenever a source, the lock file or this builder changes. */
function stamp(): string {
  const t = ['main', 'shared', 'test', 'bench', 'build', 'package-lock.json'].map((p) => newest(path.join(ROOT, p)));
  return crypto.createHash('sha256').update(t.join(',')).digest('hex').slice(0, 12);
}

/** Writes one bundle (no plugins in the synchronous API: zod keeps its locales here), each file renamed into place whole. */
function bundle(entry: string, name: string, dir: string): void {
  const { plugins: _plugins, ...options } = nodeBundleOptions;
  const r = buildSync({ ...options, entryPoints: { [name]: path.resolve(ROOT, entry) }, outdir: dir, chunkNames: '[name]-[hash]', write: false });
  // the entry last: once it is there, so is every chunk it imports (another test file may be looking)
  for (const f of [...r.outputFiles].sort((x, y) => Number(x.path === path.join(dir, `${name}.mjs`)) - Number(y.path === path.join(dir, `${name}.mjs`)))) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
  }
}

/** Bundles of earlier states of the sources, unused for an hour (a run in progress keeps using its own). */
function removeStale(): void {
  const tmp = path.join(ROOT, '.tmp');
  for (const d of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
    const p = path.join(tmp, d);
    if (d.startsWith('node-child-') && Date.now() - fs.statSync(p).mtimeMs > 3_600_000) fs.rmSync(p, { recursive: true, force: true });
  }
}

/** The bundle of `entry` (a path from the root or absolute), built if this state of the sources has none yet. */
export function bundled(entry: string): string {
  const dir = path.join(ROOT, '.tmp', `node-child-${stamp()}`);
  const name = path.relative(ROOT, path.resolve(ROOT, entry)).replace(/\.tsx?$/, '').replace(/[\\/]/g, '-');
  const file = path.join(dir, `${name}.mjs`);
  if (!fs.existsSync(file)) {
    if (!fs.existsSync(dir)) removeStale();
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'upgrade-worker.mjs'))) bundle('main/store/upgrade-worker.ts', 'upgrade-worker', dir);
    bundle(entry, name, dir);
  }
  return file;
}
