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

  it('unpacks better-sqlite3 from asar and rebuilds it for Electron', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^?12\./);
    expect(pkg.main).toBe('dist/main/electron.cjs');
  });

  it('builds AppImage + deb (Office), NSIS, and a hardened-runtime dmg, with the icon', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
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
