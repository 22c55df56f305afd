/**
 * `npm run doctor [-- --json]`: what `npm start` will find on this machine, without changing
 * anything (no download, no build, the store opened read-only if it exists):
 * Node's ABI and its better-sqlite3 build; Electron's version, ABI and binary; the Electron
 * binding and whether its ABI matches (read from the file, never loaded); the store; whether
 * browser mode can start. Exit 0 when browser mode can start, else 1.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { electronBindingFile, nodeBindingFile } from '../native/binding-path';
import { describeBindingProblem, inspectBinding, type BindingState } from '../native/binding-inspect';
import { LATEST_VERSION } from '../store/migrations';
import { defaultDbPath } from '../store/store';
import { electronFacts, type ElectronFacts } from './electron-package';

export interface DoctorReport {
  node: { version: string; abi: string; platform: string; arch: string };
  nodeBinding: { file: string; state: BindingState['state']; detail: string; loads: boolean; loadError: string | null };
  electron: ElectronFacts;
  electronBinding: { file: string; state: BindingState['state']; detail: string } | null;
  store: { file: string; exists: boolean; detail: string; ok: boolean };
  renderer: { built: boolean; file: string };
  loopback: { ok: boolean; detail: string };
  browserModeCanStart: boolean;
  npmStartWill: string;
}

function bindingDetail(s: BindingState): string {
  if (s.state === 'present') return `ABI ${s.facts.abi}, ${s.facts.format} ${s.facts.arch ?? '?'}: matches`;
  return s.state === 'absent' ? 'missing' : `not usable: ${describeBindingProblem(s).replace(/^it /, '')}`;
}

function nearestExistingDir(p: string): string {
  let d = path.dirname(p);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

function storeCheck(file: string): DoctorReport['store'] {
  if (!fs.existsSync(file)) {
    const dir = nearestExistingDir(file);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      return { file, exists: false, ok: true, detail: 'not created yet; it will be created on first start' };
    } catch {
      return { file, exists: false, ok: false, detail: `cannot be created: ${dir} is not writable` };
    }
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > LATEST_VERSION) return { file, exists: true, ok: false, detail: `schema ${v} is newer than this version of GCM Review (${LATEST_VERSION}); update GCM Review` };
    return { file, exists: true, ok: true, detail: `schema ${v}${v < LATEST_VERSION ? ` (will be upgraded to ${LATEST_VERSION}, with a copy kept first)` : ''}, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB` };
  } catch (e) {
    return { file, exists: true, ok: false, detail: `cannot be opened: ${(e as Error).message}` };
  } finally {
    db?.close();
  }
}

function loopbackCheck(): Promise<DoctorReport['loopback']> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, detail: `cannot listen on 127.0.0.1 (${e.code ?? e.message})` }));
    server.listen(0, '127.0.0.1', () => server.close(() => resolve({ ok: true, detail: 'can listen on 127.0.0.1' })));
  });
}

function nodeEngineLoads(): string | null {
  try {
    new Database(':memory:').close();
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0]!;
  }
}

export async function doctorReport(root: string, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const node = { version: process.version, abi: process.versions.modules, platform: process.platform, arch: process.arch };
  const nodeFile = nodeBindingFile(root);
  const nodeState = inspectBinding(nodeFile, node);
  const loadError = nodeEngineLoads();
  const electron = electronFacts(root, env);
  const bindingFile = electron.abi ? electronBindingFile(root, { abi: electron.abi, platform: process.platform, arch: process.arch }) : null;
  const bindingState = bindingFile ? inspectBinding(bindingFile, { abi: electron.abi!, arch: process.arch }) : null;
  const store = storeCheck(defaultDbPath(env));
  const rendererFile = path.join(root, 'dist-renderer', 'index.html');
  const loopback = await loopbackCheck();
  const browserModeCanStart = loadError === null && store.ok && loopback.ok;
  const desktopReady = electron.binaryPresent && bindingState?.state === 'present';
  const npmStartWill = desktopReady
    ? 'start the desktop app'
    : `${!electron.binaryPresent ? "fetch Electron's binary" : 'prepare the Electron binding'} (this needs the network), and start browser mode if it cannot`;
  return {
    node,
    nodeBinding: { file: nodeFile, state: nodeState.state, detail: bindingDetail(nodeState), loads: loadError === null, loadError },
    electron,
    electronBinding: bindingFile && bindingState ? { file: bindingFile, state: bindingState.state, detail: bindingDetail(bindingState) } : null,
    store,
    renderer: { built: fs.existsSync(rendererFile), file: rendererFile },
    loopback,
    browserModeCanStart,
    npmStartWill,
  };
}

export function formatDoctorReport(r: DoctorReport, root: string): string {
  const rel = (p: string | null) => (p ? (path.relative(root, p).startsWith('..') ? p : path.relative(root, p)) : '(unknown)');
  const e = r.electron;
  const rows: Array<[string, string]> = [
    ['Node', `${r.node.version}, ABI ${r.node.abi}, ${r.node.platform}-${r.node.arch}`],
    ['Node engine', `${rel(r.nodeBinding.file)}: ${r.nodeBinding.detail}${r.nodeBinding.loads ? '; loads' : `; does not load: ${r.nodeBinding.loadError}`}`],
    ['Electron', e.packageDir ? `${e.version ?? '(unknown version)'}, ABI ${e.abi ?? '(unknown)'}` : 'not installed (npm ci installs it)'],
    ['Electron binary', e.packageDir ? `${e.binaryPresent ? 'present' : 'missing'}: ${rel(e.binary)}` : '-'],
    ['Electron engine', r.electronBinding ? `${rel(r.electronBinding.file)}: ${r.electronBinding.detail}` : '-'],
    ['Store', `${r.store.file}: ${r.store.detail}`],
    ['Renderer', r.renderer.built ? `built (${rel(r.renderer.file)})` : 'not built yet (npm start and npm run serve build it)'],
    ['Browser mode', r.browserModeCanStart ? `can start (${r.loopback.detail})` : `cannot start: ${[!r.nodeBinding.loads && 'the Node engine does not load', !r.store.ok && 'the store is not usable', !r.loopback.ok && r.loopback.detail].filter(Boolean).join('; ')}`],
    ['npm start will', r.npmStartWill],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['GCM Review doctor', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
