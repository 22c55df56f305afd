/**
 * The launcher's real steps, run as real processes against stand-in tools (no network, no
 * Electron, no compiler here): reading the electron package; Electron's installer failing for want
 * of a network; producing the Electron binding from a prebuilt download or a source build into its
 * own folder, never touching node_modules' Node build; telling Electron's start-up failures from a
 * normal end; opening the browser with a one-time link.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronFacts, fetchElectronBinary } from '../main/launcher/electron-package';
import { produceElectronBinding } from '../main/launcher/electron-binding';
import { browserOpener, openUrl } from '../main/launcher/open-browser';
import { rendererIsFresh } from '../main/launcher/renderer-fresh';
import { runDesktop, whyElectronDidNotStart } from '../main/launcher/run-desktop';
import { telltaleLine } from '../main/launcher/run-step';
import { READY_LINE } from '../main/electron/ready-line';
import { electronBindingFile } from '../main/native/binding-path';
import { inspectBinding } from '../main/native/binding-inspect';
import { tempDir } from './helpers';

const target = { abi: '150', platform: process.platform, arch: process.arch };
const machine = ({ x64: 0x3e, arm64: 0xb7, ia32: 0x03, arm: 0x28 } as Record<string, number>)[process.arch] ?? 0x3e;

/** An ELF "addon" for `abi`, as a string of JS that writes it (for the stand-in tools). */
const writeAddonJs = (abi: string) => `
  const fs = require('fs'); const path = require('path');
  const head = Buffer.alloc(64); head.writeUInt32BE(0x7f454c46, 0); head[4] = 2; head[5] = 1; head.writeUInt16LE(${machine}, 18);
  fs.mkdirSync(path.join(process.cwd(), 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(process.cwd(), 'build', 'Release', 'better_sqlite3.node'), Buffer.concat([head, Buffer.from('\\0node_register_module_v${abi}\\0')]));`;

function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

/** A checkout with node_modules/electron (no binary) and node_modules/better-sqlite3 (its Node build in place). */
function checkout(opts: { prebuilt?: string; source?: string } = {}) {
  const root = tempDir('gcm-launcher-');
  const el = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(el, { recursive: true });
  fs.writeFileSync(path.join(el, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  fs.writeFileSync(path.join(el, 'abi_version'), '150');
  fs.writeFileSync(path.join(el, 'install.js'), "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13'); process.exit(1);");
  const bs = path.join(root, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(path.join(bs, 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(bs, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
  fs.writeFileSync(path.join(bs, 'binding.gyp'), '{}');
  fs.mkdirSync(path.join(bs, 'src'));
  fs.writeFileSync(path.join(bs, 'src', 'better_sqlite3.cpp'), '// source');
  const nodeBuild = path.join(bs, 'build', 'Release', 'better_sqlite3.node');
  fs.writeFileSync(nodeBuild, 'the Node build: must never change');
  const pi = path.join(root, 'node_modules', 'prebuild-install');
  fs.writeFileSync(path.join(script(path.join(pi, 'bin.js'), opts.prebuilt ?? "console.error('prebuild-install warn install getaddrinfo ENOTFOUND github.com'); process.exit(1);"), '..', 'package.json'), JSON.stringify({ name: 'prebuild-install', version: '7.1.3' }));
  const gyp = script(path.join(root, 'tools', 'node-gyp.js'), opts.source ?? "console.error('gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org'); process.exit(1);");
  // npm's settings that would steer the tools to Node's headers or away from downloads
  return { root, nodeBuild, env: { ...process.env, npm_config_node_gyp: gyp, npm_config_build_from_source: 'true', npm_config_nodedir: '/usr' } };
}

describe('electron package facts', () => {
  it('reads version and ABI, and finds no binary before the installer ran', () => {
    const { root } = checkout();
    expect(electronFacts(root, {}, 'linux')).toEqual({ packageDir: path.join(root, 'node_modules', 'electron'), version: '45.5.0', abi: '150', binary: path.join(root, 'node_modules', 'electron', 'dist', 'electron'), binaryPresent: false });
    expect(electronFacts(root, {}, 'win32').binary).toBe(path.join(root, 'node_modules', 'electron', 'dist', 'electron.exe'));
    expect(electronFacts(tempDir(), {}, 'linux').packageDir).toBeNull();
  });

  it('finds the binary where path.txt says, only for the installed version', () => {
    const { root } = checkout();
    const el = path.join(root, 'node_modules', 'electron');
    fs.writeFileSync(path.join(el, 'path.txt'), 'electron');
    script(path.join(el, 'dist', 'electron'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(el, 'dist', 'version'), 'v45.5.0');
    expect(electronFacts(root, {}, 'linux').binaryPresent).toBe(true);
    fs.writeFileSync(path.join(el, 'dist', 'version'), 'v44.0.0'); // a binary left from another version
    expect(electronFacts(root, {}, 'linux').binaryPresent).toBe(false);
  });

  it("Electron's installer without a network: a one-line reason naming the host, no stack trace", async () => {
    const { root } = checkout();
    const r = await fetchElectronBinary(electronFacts(root), { env: { ...process.env, ELECTRON_MIRROR: 'https://electron-mirror.invalid/' } });
    expect(r).toEqual({ ok: false, why: expect.stringMatching(/^its download failed: electron-mirror\.invalid cannot be found \(E[A-Z_]+\): no network, or no DNS$/) });
  });

  it('the telltale line of a failed step skips stack frames', () => {
    expect(telltaleLine('Downloading…\nTypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async x (y.js:1:1)\n')).toBe('TypeError: fetch failed');
    expect(telltaleLine('prebuild-install warn install No prebuilt binaries found (target=45.5.0 runtime=electron arch=x64 libc= platform=linux)\n')).toBe('No prebuilt binaries found (target=45.5.0 runtime=electron arch=x64 libc= platform=linux)');
  });
});

describe('producing the Electron binding', () => {
  const dest = (root: string) => electronBindingFile(root, target);
  const stagingLeft = (root: string) => fs.readdirSync(path.join(root, 'native', 'better-sqlite3')).filter((n) => n.startsWith('.staging'));

  it("from better-sqlite3's prebuilt download, into its own folder; node_modules' Node build untouched", async () => {
    const { root, nodeBuild, env } = checkout({
      prebuilt: `const a = process.argv.slice(2).join(' '); if (a !== '--runtime electron --target 45.5.0 --arch ${process.arch} --platform ${process.platform}') { console.error('args: ' + a); process.exit(2); }
        if (process.env.npm_config_build_from_source) { console.error('npm settings leaked in'); process.exit(3); }
        ${writeAddonJs('150')}`,
    });
    const said: string[] = [];
    const r = await produceElectronBinding({ projectRoot: root, electronVersion: '45.5.0', target, env, progress: (l) => said.push(l) });
    expect(r).toEqual({ ok: true, file: dest(root) });
    expect(inspectBinding(dest(root), target)).toMatchObject({ state: 'present' });
    expect(fs.readFileSync(nodeBuild, 'utf8')).toBe('the Node build: must never change');
    expect(fs.existsSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'obj.target'))).toBe(false);
    expect(stagingLeft(root)).toEqual([]);
    expect(said).toEqual(["downloading better-sqlite3's prebuilt engine for Electron 45.5.0…"]);
  });

  it('a prebuilt download of the wrong ABI is not installed; a build from source against Electron headers is', async () => {
    const { root, nodeBuild, env } = checkout({
      prebuilt: writeAddonJs('115'),
      source: `const a = process.argv.slice(2); if (a[0] !== 'rebuild' || !a.includes('--target=45.5.0') || !a.includes('--dist-url=https://electronjs.org/headers')) { console.error('args: ' + a.join(' ')); process.exit(2); }
        if (!require('fs').existsSync('src/better_sqlite3.cpp')) { console.error('sources were not copied'); process.exit(4); }
        if (process.env.npm_config_nodedir) { console.error('nodedir leaked in'); process.exit(5); }
        ${writeAddonJs('150')}`,
    });
    const r = await produceElectronBinding({ projectRoot: root, electronVersion: '45.5.0', target, env });
    expect(r).toEqual({ ok: true, file: dest(root) });
    expect(inspectBinding(dest(root), target)).toMatchObject({ state: 'present', facts: { abi: '150' } });
    expect(fs.readFileSync(nodeBuild, 'utf8')).toBe('the Node build: must never change');
    expect(stagingLeft(root)).toEqual([]);
  });

  it('neither way possible (no network): both reasons, nothing installed, nothing left behind', async () => {
    const { root, nodeBuild, env } = checkout();
    const r = await produceElectronBinding({ projectRoot: root, electronVersion: '45.5.0', target, env });
    expect(r.ok).toBe(false);
    const why = (r as { why: string }).why;
    expect(why).toMatch(/^no prebuilt engine could be downloaded \(.+\); building it from source failed \(.+\)$/);
    expect(why).not.toMatch(/\n|\s{2}at /);
    expect(fs.existsSync(dest(root))).toBe(false);
    expect(stagingLeft(root)).toEqual([]);
    expect(fs.readFileSync(nodeBuild, 'utf8')).toBe('the Node build: must never change');
  });
});

describe('running the desktop app', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { chunks, stream: { write: (c: Buffer | string) => (chunks.push(String(c)), true) } as unknown as NodeJS.WritableStream };
  };

  it('a window that opened, then the app ended: started, with its exit code; output passed through', async () => {
    const exe = script(path.join(tempDir(), 'electron'), `#!/bin/sh\necho "${READY_LINE}"\necho "saving"\nexit 0\n`);
    const out = sink();
    expect(await runDesktop(exe, tempDir(), { out: out.stream, err: sink().stream })).toEqual({ started: true, code: 0 });
    expect(out.chunks.join('')).toContain('saving');
  });

  it("Electron's sandbox aborting before the window: not started, with a reason that says so", async () => {
    const exe = script(
      path.join(tempDir(), 'electron'),
      '#!/bin/sh\necho "[1234:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I\'m aborting now." >&2\nkill -TRAP $$\n',
    );
    const r = await runDesktop(exe, tempDir(), { out: sink().stream, err: sink().stream });
    expect(r).toEqual({ started: false, why: expect.stringContaining("Electron's sandbox cannot start on this system") });
  });

  it('any other early failure: its own words; a binary that cannot run: the error code', async () => {
    const exe = script(path.join(tempDir(), 'electron'), '#!/bin/sh\necho "error while loading shared libraries: libnss3.so: cannot open shared object file" >&2\nexit 127\n');
    expect(await runDesktop(exe, tempDir(), { out: sink().stream, err: sink().stream })).toEqual({
      started: false,
      why: 'Electron stopped before its window opened (exit 127: error while loading shared libraries: libnss3.so: cannot open shared object file)',
    });
    expect(await runDesktop(path.join(tempDir(), 'missing'), tempDir(), { out: sink().stream, err: sink().stream })).toEqual({ started: false, why: 'Electron could not be run (ENOENT)' });
    expect(whyElectronDidNotStart('', null, 'SIGSEGV')).toBe('Electron stopped before its window opened (signal SIGSEGV)');
  });
});

describe('opening the browser', () => {
  it('chooses the opener by platform, honours BROWSER, and opens nothing without a desktop', () => {
    expect(browserOpener('u', 'darwin', {})).toEqual({ command: 'open', args: ['u'] });
    expect(browserOpener('u', 'win32', {})).toEqual({ command: 'explorer.exe', args: ['u'] });
    expect(browserOpener('u', 'linux', { BROWSER: 'none', DISPLAY: ':0' })).toEqual({ none: 'BROWSER=none' });
    expect(browserOpener('u', 'linux', { BROWSER: 'firefox' })).toEqual({ command: 'firefox', args: ['u'] });
    expect(browserOpener('u', 'linux', { PATH: '/usr/bin' })).toEqual({ none: 'no graphical desktop (DISPLAY and WAYLAND_DISPLAY are not set)' });
    expect(browserOpener('u', 'linux', { DISPLAY: ':0', PATH: tempDir() })).toEqual({ none: 'xdg-open is not installed' });
  });

  it('runs xdg-open on a Linux desktop with the URL it is given', async () => {
    const bin = tempDir();
    const record = path.join(bin, 'opened.txt');
    script(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > "${record}"\n`);
    expect(await openUrl('http://127.0.0.1:1234/open/abc', 'linux', { PATH: `${bin}${path.delimiter}${process.env.PATH}`, DISPLAY: ':0' })).toBeNull();
    await expect.poll(() => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim() : null), { timeout: 10_000 }).toBe('http://127.0.0.1:1234/open/abc');
  });
});

describe('building the renderer only when needed', () => {
  it('is fresh only when dist-renderer is newer than every source, config and the installed packages', () => {
    const root = tempDir();
    const at = (file: string, seconds: number) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      if (!fs.existsSync(path.join(root, file))) fs.writeFileSync(path.join(root, file), 'x');
      fs.utimesSync(path.join(root, file), seconds, seconds);
      for (let d = path.dirname(file); d !== '.'; d = path.dirname(d)) fs.utimesSync(path.join(root, d), 1000, 1000); // folders changed long ago
    };
    expect(rendererIsFresh(root)).toBe(false); // never built
    at('renderer/src/App.tsx', 1000);
    at('shared/i18n/en.json', 1000);
    at('node_modules/.package-lock.json', 1000);
    at('dist-renderer/index.html', 2000);
    expect(rendererIsFresh(root)).toBe(true);
    at('shared/i18n/en.json', 3000);
    expect(rendererIsFresh(root)).toBe(false);
    at('dist-renderer/index.html', 4000);
    at('node_modules/.package-lock.json', 5000); // npm ci since the build
    expect(rendererIsFresh(root)).toBe(false);
  });
});
