/**
 * npm start's decisions (main/launcher/plan.ts) with the binary present or absent, the binding
 * present, absent or of the wrong ABI, and the network absent (every download fails): which mode,
 * which piece is reported missing, why, and which steps were tried, in which order.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BindingState } from '../main/native/binding-inspect';
import type { ElectronFacts, StepResult } from '../main/launcher/electron-package';
import { fallbackLine, planStart, type StartSteps } from '../main/launcher/plan';

const root = '/work/app';
const bindingFile = path.join(root, 'native', 'better-sqlite3', 'electron-v150-linux-x64', 'better_sqlite3.node');
const facts = (binaryPresent: boolean): ElectronFacts => ({ packageDir: `${root}/node_modules/electron`, version: '45.5.0', abi: '150', binary: `${root}/node_modules/electron/dist/electron`, binaryPresent });
const present: BindingState = { state: 'present', facts: { abi: '150', format: 'elf', arch: 'x64' } };
const NO_NETWORK: StepResult = { ok: false, why: 'its download failed: github.com cannot be found (ENOTFOUND): no network, or no DNS' };

interface World {
  binary: boolean;
  binding: BindingState;
  /** What a download of the binary does (and whether it puts the binary in place). */
  fetch: StepResult;
  /** What producing the binding does (and whether it puts a good one in place). */
  produce: StepResult;
}

function steps(w: World, log: string[]): StartSteps {
  return {
    electron: () => (log.push('electron?'), facts(w.binary)),
    fetchElectron: async () => {
      log.push('fetch');
      if (w.fetch.ok) w.binary = true;
      return w.fetch;
    },
    inspectBinding: (file, target) => {
      log.push(`binding? ${path.relative(root, file)} abi ${target.abi}`);
      return w.binding;
    },
    produceBinding: async (version, target) => {
      log.push(`produce ${version} ${target.abi}-${target.platform}-${target.arch}`);
      if (w.produce.ok) w.binding = present;
      return w.produce;
    },
  };
}

const plan = async (w: World) => {
  const log: string[] = [];
  const said: string[] = [];
  const p = await planStart(steps(w, log), { projectRoot: root, platform: 'linux', arch: 'x64', say: (l) => said.push(l) });
  return { p, log, said };
};

const OK: StepResult = { ok: true };

describe('npm start decides', () => {
  it('binary present, binding present: the desktop app, with nothing fetched or built', async () => {
    const { p, log } = await plan({ binary: true, binding: present, fetch: NO_NETWORK, produce: NO_NETWORK });
    expect(p).toEqual({ mode: 'desktop', electronBinary: `${root}/node_modules/electron/dist/electron`, binding: bindingFile });
    expect(log).toEqual(['electron?', 'binding? native/better-sqlite3/electron-v150-linux-x64/better_sqlite3.node abi 150']);
  });

  it('binary absent and the network absent: browser mode, naming the binary and the reason; the binding is not even looked at', async () => {
    const { p, log, said } = await plan({ binary: false, binding: present, fetch: NO_NETWORK, produce: OK });
    expect(p).toEqual({ mode: 'browser', missing: 'electron', why: `Electron 45.5.0's binary is missing and ${NO_NETWORK.why}` });
    expect(log).toEqual(['electron?', 'fetch']);
    expect(said).toEqual(["Electron 45.5.0's binary is not installed yet; fetching it with Electron's installer…"]);
    expect(fallbackLine(p as never)).toBe(
      "The desktop app cannot start here: Electron 45.5.0's binary is missing and its download failed: github.com cannot be found (ENOTFOUND): no network, or no DNS. Starting browser mode on the same store instead (npm run doctor says more).",
    );
    expect(fallbackLine(p as never)).not.toContain('\n');
  });

  it('binary absent but downloadable, binding absent but producible: fetches, produces, then the desktop app', async () => {
    const { p, log } = await plan({ binary: false, binding: { state: 'absent' }, fetch: OK, produce: OK });
    expect(p).toMatchObject({ mode: 'desktop', binding: bindingFile });
    expect(log).toEqual(['electron?', 'fetch', 'electron?', 'binding? native/better-sqlite3/electron-v150-linux-x64/better_sqlite3.node abi 150', 'produce 45.5.0 150-linux-x64', 'binding? native/better-sqlite3/electron-v150-linux-x64/better_sqlite3.node abi 150']);
  });

  it('binary present, binding absent and the network absent: browser mode, naming the binding', async () => {
    const why = 'no prebuilt engine could be downloaded (github.com cannot be found (ENOTFOUND): no network, or no DNS); building it from source failed (electronjs.org cannot be found (ENOTFOUND): no network, or no DNS)';
    const { p } = await plan({ binary: true, binding: { state: 'absent' }, fetch: OK, produce: { ok: false, why } });
    expect(p).toEqual({ mode: 'browser', missing: 'binding', why: `the database engine for Electron 45.5.0 (better-sqlite3 for ABI 150) is not usable (it is missing) and ${why}` });
  });

  it('binding of the wrong ABI (say, the Node build copied there): it is replaced, never used', async () => {
    const wrong: BindingState = { state: 'wrong-abi', expected: '150', facts: { abi: '115', format: 'elf', arch: 'x64' } };
    const ok = await plan({ binary: true, binding: wrong, fetch: OK, produce: OK });
    expect(ok.p).toMatchObject({ mode: 'desktop' });
    expect(ok.log).toContain('produce 45.5.0 150-linux-x64');
    expect(ok.said[0]).toContain('it was built for ABI 115, not 150');
    const offline = await plan({ binary: true, binding: wrong, fetch: OK, produce: NO_NETWORK });
    expect(offline.p).toMatchObject({ mode: 'browser', missing: 'binding' });
    expect((offline.p as { why: string }).why).toContain('(it was built for ABI 115, not 150)');
  });

  it('a producer that claims success but leaves no usable binding is not believed', async () => {
    const w: World = { binary: true, binding: { state: 'absent' }, fetch: OK, produce: OK };
    const s = steps(w, []);
    s.produceBinding = async () => OK; // says ok, changes nothing
    const p = await planStart(s, { projectRoot: root, platform: 'linux', arch: 'x64' });
    expect(p).toEqual({ mode: 'browser', missing: 'binding', why: 'the database engine for Electron 45.5.0 was prepared but is not usable: it is missing' });
  });

  it('an installer that claims success but leaves no binary is not believed', async () => {
    const w: World = { binary: false, binding: present, fetch: OK, produce: OK };
    const s = steps(w, []);
    s.fetchElectron = async () => OK;
    expect(await planStart(s, { projectRoot: root, platform: 'linux', arch: 'x64' })).toMatchObject({ mode: 'browser', missing: 'electron', why: expect.stringContaining('binary is still missing') });
  });

  it('no electron package at all, or no ABI file: browser mode, saying so', async () => {
    const none = steps({ binary: false, binding: present, fetch: OK, produce: OK }, []);
    none.electron = () => ({ packageDir: null, version: null, abi: null, binary: null, binaryPresent: false });
    expect(await planStart(none, { projectRoot: root, platform: 'linux', arch: 'x64' })).toEqual({ mode: 'browser', missing: 'electron', why: 'the electron package is not installed (npm ci installs it)' });
    const noAbi = steps({ binary: true, binding: present, fetch: OK, produce: OK }, []);
    noAbi.electron = () => ({ ...facts(true), abi: null });
    expect(await planStart(noAbi, { projectRoot: root, platform: 'linux', arch: 'x64' })).toMatchObject({ mode: 'browser', missing: 'electron', why: expect.stringContaining('abi_version') });
  });

  it('--browser: browser mode without looking for anything', async () => {
    const log: string[] = [];
    const p = await planStart(steps({ binary: true, binding: present, fetch: OK, produce: OK }, log), { projectRoot: root, platform: 'linux', arch: 'x64', browserOnly: true });
    expect(p).toEqual({ mode: 'browser', missing: null, why: 'browser mode was asked for (--browser)' });
    expect(log).toEqual([]);
    expect(fallbackLine(p as never)).toBe('Starting GCM Review in browser mode.');
  });
});
