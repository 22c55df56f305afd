/**
 * electron-builder.yml (it cannot run here: it downloads Electron) and the afterPack fuses hook,
 * which is run for real on a stand-in binary carrying Electron's fuse wire.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '..');
// js-yaml comes with electron-builder (a devDependency), which reads this same file with it.
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const hook = require(path.join(root, 'build', 'fuses.cjs')) as {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  electronBinaryPath(context: unknown): string;
};
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
/** Electron's fuse wire stores each fuse as the ASCII digit '1' (on) or '0' (off). */
const FuseState = { ENABLE: '1'.charCodeAt(0), DISABLE: '0'.charCodeAt(0) };

describe('electron-builder.yml', () => {
  it("is valid for the installed electron-builder (its own schema validation)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, categry: 'Office' } }, { isEnabled: false })).rejects.toThrow(/configuration/);
  });

  it('names the app and packages only the built output', () => {
    expect(config.appId).toBe('org.gcmreview.app');
    expect(config.productName).toBe('GCM Review');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-renderer/**', 'package.json']));
    expect(config.asar).toBe(true);
  });

  it('ships the Electron binding unpacked from the asar, and never rebuilds node_modules in place', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.beforePack).toBe('build/check-binding.cjs');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^?12\./);
    expect(pkg.main).toBe('dist/main/electron.cjs');
    expect(pkg.scripts.dist).toBe('npm run build && npm run build:binding && electron-builder');
  });

  describe("with electron-builder's own file matchers", () => {
    const { FileMatcher, getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
      FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => { createFilter(): (file: string, stat: unknown) => boolean };
      getFileMatchers(config: unknown, name: string, dest: string, o: unknown): Array<{ createFilter(): (file: string, stat: unknown) => boolean }> | null;
    };
    const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as { expandMacro(p: string, arch: string | null, appInfo: unknown): string };
    const expanderFor = (arch: string) => (p: string) => expandMacro(p, arch, { productName: 'GCM Review', sanitizedProductName: 'GCM Review' });
    const fileStat = { isDirectory: () => false, isSymbolicLink: () => false };
    const matcher = (name: 'files' | 'asarUnpack', arch: string) =>
      getFileMatchers(config, name, '/out/resources/app', { macroExpander: expanderFor(arch), customBuildOptions: {}, globalOutDir: path.join(root, 'release'), defaultSrc: root })![0]!.createFilter();
    const binding = (abi: string, arch: string) => path.join(root, 'native', 'better-sqlite3', `electron-v${abi}-${process.platform}-${arch}`, 'better_sqlite3.node');

    it("packs the binding for the target's CPU only, and unpacks it from the asar", () => {
      expect(matcher('files', 'x64')(binding('150', 'x64'), fileStat)).toBe(true);
      expect(matcher('files', 'x64')(binding('150', 'arm64'), fileStat)).toBe(false);
      expect(matcher('files', 'arm64')(binding('150', 'arm64'), fileStat)).toBe(true);
      expect(matcher('asarUnpack', 'x64')(binding('150', 'x64'), fileStat)).toBe(true);
      expect(matcher('asarUnpack', 'x64')(path.join(root, 'dist', 'main', 'electron.cjs'), fileStat)).toBe(false);
      expect(matcher('files', 'x64')(path.join(root, 'dist', 'main', 'electron.cjs'), fileStat)).toBe(true);
      expect(matcher('files', 'x64')(path.join(root, 'native', 'better-sqlite3', '.staging-x', 'build', 'Release', 'better_sqlite3.node'), fileStat)).toBe(false);
    });

    it("leaves node_modules' Node build and better-sqlite3's C sources out; keeps its JavaScript", () => {
      // What electron-builder does for node_modules (getNodeModuleFileMatcher): the "!" patterns of `files`.
      const patterns = ['**/*', ...(config.files as string[]).filter((p) => p.startsWith('!'))];
      const filter = new FileMatcher(root, '/out', expanderFor('x64'), patterns).createFilter();
      const inModule = (rel: string) => filter(path.join(root, rel), { ...fileStat, moduleFullFilePath: rel });
      expect(inModule('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
      expect(inModule('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
      expect(inModule('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false);
      expect(inModule('node_modules/better-sqlite3/lib/database.js')).toBe(true);
      expect(inModule('node_modules/better-sqlite3/package.json')).toBe(true);
    });
  });

  it('the beforePack hook refuses a missing or wrong-ABI binding for the target, and accepts the right one', () => {
    const check = require(path.join(root, 'build', 'check-binding.cjs')) as { bindingCheck(c: { arch: number; electronPlatformName: string }): string };
    const abi = fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
    // arm64 (Arch 3) on this OS: a folder no test or developer build uses here
    const file = path.join(root, 'native', 'better-sqlite3', `electron-v${abi}-${process.platform}-arm64`, 'better_sqlite3.node');
    const existed = fs.existsSync(file);
    const saved = existed ? fs.readFileSync(file) : null;
    try {
      if (!existed) expect(() => check.bindingCheck({ arch: 3, electronPlatformName: process.platform })).toThrow(/it is missing .*npm run build:binding -- --arch arm64/);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const elf = (a: string) => {
        const head = Buffer.alloc(64);
        head.writeUInt32BE(0x7f454c46, 0);
        head[4] = 2;
        head[5] = 1;
        head.writeUInt16LE(0xb7, 18); // arm64
        return Buffer.concat([head, Buffer.from(`\0node_register_module_v${a}\0`)]);
      };
      fs.writeFileSync(file, elf('115'));
      expect(() => check.bindingCheck({ arch: 3, electronPlatformName: process.platform })).toThrow(`it was built for ABI 115, not ${abi}`);
      fs.writeFileSync(file, elf(abi));
      if (process.platform === 'linux') expect(check.bindingCheck({ arch: 3, electronPlatformName: 'linux' })).toBe(file);
      expect(() => check.bindingCheck({ arch: 4, electronPlatformName: 'darwin' })).toThrow(/not for universal builds/);
    } finally {
      if (saved) fs.writeFileSync(file, saved);
      else fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('builds deb first, then AppImage (Office), NSIS, and a hardened-runtime dmg, with the icon; never --no-sandbox', () => {
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
    expect(config.linux.executableArgs).toBeUndefined();
    expect(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).not.toMatch(/^[^#]*no-sandbox/m);
    expect(config.linux.category).toBe('Office');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const p of [config.linux.icon, config.win.icon, config.mac.icon]) {
      const png = fs.readFileSync(path.join(root, p));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512); // height
    }
  });

  it('flips the fuses after packing', () => {
    expect(config.afterPack).toBe('build/fuses.cjs');
    expect(fs.existsSync(path.join(root, config.afterPack))).toBe(true);
    expect(hook.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('afterPack fuses hook', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  /** A stand-in executable: padding, then Electron's sentinel, wire version 1, 9 fuses all "inherit/unset". */
  function fakeElectron(file: string) {
    const wire = Buffer.alloc(9, FuseState.ENABLE); // Electron's defaults are mostly "on"
    fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.alloc(4096, 7)]));
  }

  it('finds the packaged executable on each platform', () => {
    const packager = { appInfo: { productFilename: 'GCM Review' }, executableName: 'gcm-review' };
    expect(hook.electronBinaryPath({ appOutDir: '/o', packager, electronPlatformName: 'linux' })).toBe(path.join('/o', 'gcm-review'));
    expect(hook.electronBinaryPath({ appOutDir: '/o', packager, electronPlatformName: 'win32' })).toBe(path.join('/o', 'GCM Review.exe'));
    expect(hook.electronBinaryPath({ appOutDir: '/o', packager, electronPlatformName: 'darwin' })).toBe(path.join('/o', 'GCM Review.app'));
  });

  it('writes the configured fuses into the binary and leaves the rest of it alone', async () => {
    const dir = tempDir();
    const exe = path.join(dir, 'gcm-review');
    fakeElectron(exe);
    const before = fs.readFileSync(exe);
    await hook({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'GCM Review' }, executableName: 'gcm-review' } });
    const after = fs.readFileSync(exe);
    expect(after.length).toBe(before.length);
    const wire = (await getCurrentFuseWire(exe)) as unknown as Record<number, number>;
    for (const [name, on] of Object.entries(hook.FUSES)) {
      expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(on ? FuseState.ENABLE : FuseState.DISABLE);
    }
    expect(wire[8]).toBe(FuseState.ENABLE); // a fuse newer than @electron/fuses knows: untouched
    const start = before.indexOf(SENTINEL);
    expect(after.subarray(0, start).equals(before.subarray(0, start))).toBe(true);
    expect(after.subarray(start + SENTINEL.length + 11).equals(before.subarray(start + SENTINEL.length + 11))).toBe(true);
  });

  it('fails the packaging when the binary has no fuse wire', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'gcm-review'), 'not electron');
    await expect(hook({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'GCM Review' }, executableName: 'gcm-review' } })).rejects.toThrow(/sentinel/);
  });
});
