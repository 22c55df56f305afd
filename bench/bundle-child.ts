/** Runs one bundle operation in its own process and prints {ms, maxRssMB} (for bench/bundle.ts). */
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';

const [mode, db, arg1, arg2, arg3] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const s = createServices(db);
const t0 = performance.now();
if (mode === 'export') await invoke(s.handlers, 'exportBundle', { draftId: arg1, outFile: arg2, recipients: arg3 ? [arg3] : undefined });
else if (mode === 'verify') await invoke(s.handlers, 'verifyBundle', { file: arg1, identityFile: arg2 || undefined });
else if (mode === 'import') await invoke(s.handlers, 'importBundle', { file: arg1, identityFile: arg2 || undefined, acceptUnknownSigner: true });
const ms = performance.now() - t0;
s.close();
process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
