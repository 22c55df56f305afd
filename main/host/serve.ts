/** `npm run serve [-- --port N] [--db FILE]`: runs GCM Review in a browser on this machine only. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServices } from '../services';
import { setWriterKind } from '../store/lock';
import { defaultDbPath } from '../store/store';
import { startHost } from './server';

export interface BrowserMode {
  url: string;
  /** A one-time link for a browser's command line (see Host.launchUrl). */
  launchUrl(): string;
  dbFile: string;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Browser mode's start-up, shared by `npm run serve` and the `npm start` launcher: opens the store
 * (`db`, else the default store), starts the loopback host over the built renderer.
 */
export async function startBrowserMode(opts: { db?: string; port?: number } = {}): Promise<BrowserMode> {
  const dbFile = opts.db ? path.resolve(opts.db) : defaultDbPath();
  setWriterKind('serve');
  const services = createServices(dbFile);
  services.startMaintenance();
  const host = await startHost({ handlers: services.handlers, staticDir: path.join(root, 'dist-renderer'), port: opts.port ?? 0 });
  return {
    url: host.url,
    launchUrl: host.launchUrl,
    dbFile,
    stop: async () => {
      await host.close();
      services.close();
    },
  };
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
  const running = await startBrowserMode({ db: values.db, port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`GCM Review is running at ${running.url}\nstore: ${running.dbFile}\nPress Ctrl+C to stop.\n`);
  stopOnSignals(running);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
