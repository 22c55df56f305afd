/**
 * The sending side of the delivery benchmark in its own process, so its peak RSS is its own:
 *   send DB BUNDLE_ID         delivers a queued bundle with the app's worker; prints {ms, sentMs, maxRssMB}
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';

const [mode, a, b] = process.argv.slice(2);
const rssMB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'send') {
  const s = createServices(a!);
  s.delivery.tune({ chunkSize: Number(process.env.DELIVERY_CHUNK ?? 16 * 1024 * 1024) });
  const t0 = performance.now();
  let sentMs = 0;
  const size = fs.statSync((await invoke(s.handlers, 'listOutbox', {})).find((e) => e.bundleId === b)!.file).size;
  const poll = setInterval(() => {
    if (!sentMs && (s.delivery.live.get(b!) ?? 0) >= size) sentMs = performance.now() - t0;
  }, 5);
  await invoke(s.handlers, 'deliverySend', { bundleId: b! });
  s.delivery.start();
  await s.delivery.whenIdle();
  const ms = performance.now() - t0;
  clearInterval(poll);
  const d = (await invoke(s.handlers, 'listDeliveries', {})).find((x) => x.bundleId === b)!;
  s.close();
  process.stdout.write(JSON.stringify({ ms, sentMs: sentMs || ms, maxRssMB: rssMB(), state: d.state, attempts: d.attempts, error: d.refusedReason ?? d.lastError }) + '\n');
}
