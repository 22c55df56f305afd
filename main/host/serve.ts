/** `npm run serve [-- --port N] [--db FILE]`: runs GCM Review in a browser on this machine only. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError } from '../../shared/contract/common';
import { errorLine, messageOf } from '../error-line';
import { createServices, type Services } from '../services';
import { StoreGate } from '../store-gate';
import type { UpgradeListener } from '../store/migrations';
import { storeNeedsUpgrade, upgradeOnWorker } from '../store/upgrade';
import { upgradeLine } from '../cli/upgrade-line';
import { setWriterKind } from '../store/lock';
import { defaultDbPath } from '../store/store';
import { startHost } from './server';

export interface BrowserMode {
  url: string;
  /**
   * Resolves once the store is open and every call answers: at once, or after upgrading a store
   * from an older version (meanwhile the host serves the app, which shows the upgrade's progress).
   * Rejects when that upgrade fails (the app then shows why).
   */
  ready: Promise<void>;
  /** A one-time link for a browser's command line (see Host.launchUrl). */
  launchUrl(): string;
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * Test-only (test/e2e/search-backlog.spec.ts): while the file GCM_TEST_INDEX_HOLD names exists, the
 * search index does not catch up, so that a backlog can be seen on screen and then let go.
 */
const held = process.env.GCM_TEST_INDEX_HOLD;
const serviceOptions = held ? { fields: { indexHeld: () => fs.existsSync(held) } } : {};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Browser mode's start-up, shared by `npm run serve` and the `npm start` launcher: opens the store
 * (`db`, else the default store), starts the loopback host over the built renderer.
 */
export async function startBrowserMode(opts: { db?: string; port?: number; onUpgrade?: UpgradeListener } = {}): Promise<BrowserMode> {
  const dbFile = opts.db ? path.resolve(opts.db) : defaultDbPath();
  setWriterKind('serve');
  if (opts.port) await portFree(opts.port); // a taken port is said before any store is made
  const staticDir = path.join(root, 'dist-renderer');
  // A store from an older version is upgraded on a worker thread, the host answering meanwhile
  // (storeStatus, and `store_upgrading` for anything else); any other store opens here, at once.
  if (storeNeedsUpgrade(dbFile)) return upgradingBrowserMode(dbFile, staticDir, opts);
  const services = createServices(dbFile, serviceOptions);
  let host;
  try {
    host = await startHost({ handlers: services.handlers, staticDir, port: opts.port ?? 0 });
  } catch (e) {
    services.close(); // leaves the store (and its lock line) as it found them
    throw listenError(e, opts.port ?? 0);
  }
  services.startMaintenance();
  return {
    url: host.url,
    ready: Promise.resolve(),
    launchUrl: host.launchUrl,
    dbFile,
    stop: async () => {
      await host.close();
      services.close();
    },
  };
}

async function upgradingBrowserMode(dbFile: string, staticDir: string, opts: { port?: number; onUpgrade?: UpgradeListener }): Promise<BrowserMode> {
  const gate = new StoreGate();
  let host;
  try {
    host = await startHost({ gate, staticDir, port: opts.port ?? 0 });
  } catch (e) {
    throw listenError(e, opts.port ?? 0);
  }
  let services: Services | null = null;
  let stopped = false;
  const upgrade = upgradeOnWorker(dbFile, (p) => {
    gate.progress(p);
    opts.onUpgrade?.(p);
  });
  const ready = upgrade.done.then(() => {
    if (stopped) return;
    services = createServices(dbFile, serviceOptions);
    gate.open(services.handlers);
    services.startMaintenance();
  });
  ready.catch((e: unknown) => gate.fail(messageOf(e))); // the app shows it; the caller hears it through `ready`
  return {
    url: host.url,
    ready,
    launchUrl: host.launchUrl,
    dbFile,
    stop: async () => {
      stopped = true;
      await host.close();
      await upgrade.stop(); // a migration stopped half-way is rolled back: the store stays as it was
      (services as Services | null)?.close();
    },
  };
}

/** `--port`'s value: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw new AppError('invalid_input', `--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}

/** Resolves once `port` on the loopback interface could be listened on; else rejects as the host would. */
function portFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e) => reject(listenError(e, port)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Why the host could not listen, in a sentence. */
function listenError(e: unknown, port: number): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new AppError('conflict', `port ${port} is already in use (is GCM Review already running?): choose another with --port, or leave it out to use any free port`);
  if (code === 'EACCES') return new AppError('forbidden', `port ${port} needs more privileges than this user has: choose a port above 1023 with --port`);
  return e;
}

/** Stops browser mode on Ctrl+C or SIGTERM. */
export function stopOnSignals(running: BrowserMode): void {
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' } }, allowPositionals: false });
  const running = await startBrowserMode({ db: values.db, port: parsePort(values.port), onUpgrade: upgradeLine((s) => process.stderr.write(s), !!process.stderr.isTTY) });
  process.stdout.write(`GCM Review is running at ${running.url}\nstore: ${running.dbFile}\nPress Ctrl+C to stop.\n`);
  stopOnSignals(running);
  await running.ready; // a failed upgrade: one line on stderr, exit 1
}

// Any failure, at start-up or later, is one line on stderr and exit 1 (main/error-line.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const die = (e: unknown) => {
    process.stderr.write(errorLine(messageOf(e)) + '\n');
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  await main().catch(die);
}
