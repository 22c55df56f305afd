/**
 * A lower bound for the delivery bench's goal on this machine (README, issue 14): stock
 * @tus/server with @tus/file-store (no signatures, no hashing, no verification, no fsync) and
 * stock tus-js-client in Node (64 MB PATCHes, as the app's), beside `curl -T` to the same plain
 * Node sink as the bench, in alternating rounds. Not part of `npm run bench`; run it as
 *   npx tsx bench/delivery-stock.ts [ROUNDS]          (DELIVERY_BENCH_MB, default 200 MB of random bytes)
 * Children: `server DIR` (prints its port), `send URL FILE` (prints {ms, cpuMs}).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [mode, a, b] = process.argv.slice(2);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const child = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const output = (c: ReturnType<typeof child>) => new Promise<string>((r) => { let o = ''; c.stdout!.on('data', (x) => (o += x)); c.once('close', () => r(o)); });
const cpuOf = (pid: number) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
async function firstLine(c: ReturnType<typeof child>, re: RegExp): Promise<string> {
  let o = '';
  return new Promise((resolve) => c.stdout!.on('data', (x) => { o += x; const m = re.exec(o); if (m) resolve(m[1]!); }));
}

if (mode === 'server') {
  const { Server } = await import('@tus/server');
  const { FileStore } = await import('@tus/file-store');
  fs.mkdirSync(a!, { recursive: true });
  const tus = new Server({ path: '/files', datastore: new FileStore({ directory: a! }) });
  const server = http.createServer((req, res) => void tus.handle(req, res));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as { port: number }).port}\n`));
} else if (mode === 'send') {
  const tus = await import('tus-js-client');
  const size = fs.statSync(b!).size;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await new Promise<void>((resolve, reject) => {
    new tus.Upload(fs.createReadStream(b!), { endpoint: a!, uploadSize: size, chunkSize: 64 * 1024 * 1024, retryDelays: null, storeFingerprintForResuming: false, onSuccess: () => resolve(), onError: reject }).start();
  });
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }) + '\n');
} else {
  const rounds = Number(mode ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-stock-'));
  const file = path.join(dir, 'bytes');
  const fd = fs.openSync(file, 'w');
  for (let left = Number(process.env.DELIVERY_BENCH_MB ?? 200) * 1024 * 1024; left > 0; left -= 1 << 20) fs.writeSync(fd, crypto.randomBytes(Math.min(1 << 20, left)));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const server = child([path.join(ROOT, 'bench/delivery-stock.ts'), 'server', path.join(dir, 'uploads')]);
  const port = await firstLine(server, /port (\d+)/);
  const portFile = path.join(dir, 'sink.port');
  const sink = child([path.join(ROOT, 'bench/delivery-sink.ts'), portFile, path.join(dir, 'sink.out')]);
  try {
    while (!fs.existsSync(portFile) || !fs.readFileSync(portFile, 'utf8')) await new Promise((r) => setTimeout(r, 20));
    const sinkUrl = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8')}/bundle`;
    const ratios: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      let c0 = cpuOf(sink.pid!);
      let t0 = performance.now();
      const cu = spawn('bash', ['-c', 'curl -sS --fail -T "$0" "$1" -o /dev/null && times', file, sinkUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
      const times = (await output(cu as never)).split('\n')[1] ?? '';
      const curlMs = performance.now() - t0;
      const sinkCpu = cpuOf(sink.pid!) - c0;
      c0 = cpuOf(server.pid!);
      t0 = performance.now();
      const sent = JSON.parse((await output(child([path.join(ROOT, 'bench/delivery-stock.ts'), 'send', `http://127.0.0.1:${port}/files`, file]))).trim());
      const tusMs = performance.now() - t0; // with the child's start; sent.ms is from the upload's start, as the bench's
      const serverCpu = cpuOf(server.pid!) - c0;
      ratios.push(sent.ms / curlMs);
      process.stdout.write(
        `load ${load}: stock tus ${sent.ms.toFixed(0)} ms (process ${tusMs.toFixed(0)} ms; CPU: server ${serverCpu} ms, tus-js-client ${sent.cpuMs.toFixed(0)} ms)` +
          ` | curl -T to the Node sink ${curlMs.toFixed(0)} ms (CPU: sink ${sinkCpu} ms, curl user/sys ${times.trim()}) | ratio ${(sent.ms / curlMs).toFixed(2)}x\n`,
      );
      for (const f of fs.readdirSync(path.join(dir, 'uploads'))) fs.rmSync(path.join(dir, 'uploads', f));
    }
    ratios.sort((x, y) => x - y);
    process.stdout.write(`stock tus / curl: median ${ratios[(ratios.length - 1) >> 1]!.toFixed(2)}x (${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}x)\n`);
  } finally {
    server.kill('SIGTERM');
    sink.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
