/**
 * The built Electron main bundle (dist/main/electron.cjs as `npm run build:electron` makes it),
 * run in this Node process with `electron` replaced by the recording fake: every database it opens
 * loads the Electron binding from its own folder through better-sqlite3's `nativeBinding`, and the
 * Node build in node_modules is never loaded. Here Node is the runtime, so the "Electron binding"
 * is a copy of the Node build placed where the Electron build goes; what is checked is which file
 * gets loaded.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBindingFile } from '../main/native/binding-path';
import * as E from './electron-fake';

const root = path.resolve(__dirname, '..');
const require = createRequire(import.meta.url);
// Inside the project so the bundle's require('better-sqlite3') finds node_modules, like dist/main.
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true }); // absent in a clean clone
const out = fs.mkdtempSync(path.join(root, '.tmp', 'electron-bundle-'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bundle-binding-'));
const loadedAddons = () => Object.keys(require.cache).filter((k) => k.endsWith('.node'));
let mainJs = '';
let binding = '';
const originalLoad = (Module as unknown as { _load: (...a: unknown[]) => unknown })._load;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'build', 'build-electron.mjs'), '--outdir', out], { cwd: root, stdio: 'pipe' });
  mainJs = fs.readFileSync(path.join(out, 'electron.cjs'), 'utf8');
  binding = E.makeAppFolder(path.join(dir, 'app'));
  E.app.getAppPath = () => path.join(dir, 'app');
  E.app.paths.appData = path.join(dir, 'appData');
  process.env.GCM_REVIEW_DB = path.join(dir, 'store.sqlite');
  (Module as unknown as { _load: (...a: unknown[]) => unknown })._load = function (request: unknown, ...rest: unknown[]) {
    return request === 'electron' ? E : originalLoad.call(this, request, ...rest);
  };
}, 120_000);
afterAll(() => {
  (Module as unknown as { _load: unknown })._load = originalLoad;
  delete process.env.GCM_REVIEW_DB;
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the Electron main bundle and better-sqlite3', () => {
  it('requires better-sqlite3 once, in the module that always passes nativeBinding', () => {
    const requires = [...mainJs.matchAll(/require\("better-sqlite3"\)/g)];
    expect(requires).toHaveLength(1);
    // `var x = __toESM(...)`, or `x = __toESM(...)` inside a module that initialises on first use (a dynamic import reaches it)
    const imported = /(?:var )?(\w+) = __toESM\(require\("better-sqlite3"\)(?:, 1)?\)/.exec(mainJs)![1]!;
    const constructions = [...mainJs.matchAll(new RegExp(`new ${imported}\\.default\\(([^)]*)\\)`, 'g'))];
    expect(constructions).toHaveLength(1);
    expect(constructions[0]![1]).toMatch(/nativeBinding: binding/);
    // everything else reaches the package only through that module
    const uses = mainJs.match(new RegExp(`\\b${imported}\\b`, 'g'))!.length;
    expect(uses - (new RegExp(`var ${imported}[,;]`).test(mainJs) ? 1 : 0)).toBe(4); // declaration (+ its assignment, when initialised later), new, prototype, setPrototypeOf
  });

  it('boots and opens the store through the Electron binding; the Node build is never loaded', async () => {
    expect(loadedAddons()).toEqual([]);
    const { started } = require(path.join(out, 'electron.cjs')) as { started: Promise<{ services: { store: { file: string } } } | null> };
    const running = await started;
    expect(E.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(running).not.toBeNull();
    expect(running!.services.store.file).toBe(path.join(dir, 'store.sqlite'));
    expect(fs.existsSync(path.join(dir, 'store.sqlite'))).toBe(true);
    expect(loadedAddons()).toEqual([binding]);
    expect(loadedAddons()).not.toContain(nodeBindingFile(root));
    (running as unknown as { services: { close(): void } }).services.close();
  });
});
