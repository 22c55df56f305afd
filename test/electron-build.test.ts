/**
 * `npm run build:electron` (esbuild, no Electron binary): the main bundle requires only Node
 * builtins, electron and better-sqlite3; the sandboxed preload is one file requiring only electron.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
let out: string;
let mainJs: string;
let preloadJs: string;

/** Every `require(...)` in a bundle: string-literal ones by name, anything else as '<dynamic>'. */
function requires(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![\w$.])require\s*\(\s*([^)]*?)\s*\)/g)) {
    const lit = /^(["'`])([^"'`]+)\1$/.exec(m[1]!);
    found.push(lit ? lit[2]! : '<dynamic>');
  }
  return found;
}

beforeAll(() => {
  out = tempDir('gcm-electron-build-');
  execFileSync(process.execPath, [path.join(root, 'build', 'build-electron.mjs'), '--outdir', out], { cwd: root, stdio: 'pipe' });
  mainJs = fs.readFileSync(path.join(out, 'electron.cjs'), 'utf8');
  preloadJs = fs.readFileSync(path.join(out, 'preload.cjs'), 'utf8');
}, 120_000);

describe('Electron build', () => {
  it('writes the two bundles where package.json and the window expect them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/main/electron.cjs');
    expect(pkg.scripts['build:electron']).toBe('node build/build-electron.mjs');
    expect(mainJs.length).toBeGreaterThan(1000);
    expect(preloadJs.length).toBeGreaterThan(1000);
    expect(mainJs).toContain('preload.cjs'); // main points the window at the bundled preload beside it
  });

  it('the main bundle requires only Node builtins, electron and better-sqlite3', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const reqs = requires(mainJs);
    expect(reqs).toContain('electron');
    expect(reqs).toContain('better-sqlite3');
    const others = reqs.filter((r) => r !== 'electron' && r !== 'better-sqlite3' && !builtins.has(r));
    expect(others).toEqual([]);
    // no runtime ESM loading of packages (age-encryption etc. are bundled); a Node builtin loaded on
    // first use (node:https for the first upload) is no package
    expect(mainJs).not.toMatch(/(?<![\w$.])import\s*\(\s*["'`](?!node:)/);
  });

  it('the preload bundle is one CommonJS file that requires nothing but electron', () => {
    expect(new Set(requires(preloadJs))).toEqual(new Set(['electron']));
    expect(preloadJs).not.toMatch(/(?<![\w$.])import\s*\(\s*["'`]/);
    expect(preloadJs).toContain('exposeInMainWorld');
  });
});
