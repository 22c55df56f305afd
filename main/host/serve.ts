/** `npm run serve [-- --port N] [--db FILE]`: runs GCM Review in a browser on this machine only. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServices } from '../services';
import { defaultDbPath } from '../store/store';
import { startHost } from './server';

const { values } = parseArgs({ options: { port: { type: 'string' }, db: { type: 'string' } }, allowPositionals: false });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dbFile = values.db ? path.resolve(values.db) : defaultDbPath();
const services = createServices(dbFile);
services.startMaintenance();
const host = await startHost({ handlers: services.handlers, staticDir: path.join(root, 'dist-renderer'), port: values.port ? Number(values.port) : 0 });
process.stdout.write(`GCM Review is running at ${host.url}\nstore: ${dbFile}\nPress Ctrl+C to stop.\n`);
const stop = async () => {
  await host.close();
  services.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
