/**
 * The sending side of the delivery benchmark in its own process, so its peak RSS is its own:
 *   send DB BUNDLE_ID         delivers a queued bundle with the app's worker; prints {ms, cpuMs, maxRssMB, state}
 * (cpuMs: user + system CPU of this process, all its threads, while it sent)
 */
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';

const [mode, a, b] = process.argv.slice(2);
const rssMB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'send') {
  const s = createServices(a!);
  (await s.loaded()).delivery.tune({ chunkSize: process.env.DELIVERY_CHUNK ? Number(process.env.DELIVERY_CHUNK) : undefined, log: (l) => process.stderr.write(`${l}\n`) });
  // the worker's retry timers do not hold the process open; this does, until the send is over
  const alive = setInterval(() => {}, 1000);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await invoke(s.handlers, 'deliverySend', { bundleId: b! });
  (await s.loaded()).delivery.start();
  await (await s.loaded()).delivery.whenIdle();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(alive);
  const d = (await invoke(s.handlers, 'listDeliveries', {})).find((x) => x.bundleId === b)!;
  s.close();
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: rssMB(), state: d.state, attempts: d.attempts, error: d.refusedReason ?? d.lastError }) + '\n');
}
