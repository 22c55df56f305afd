/**
 * Delivery: uploading a bundle (DELIVERY_BENCH_MB, default 200 MB) to an intake over loopback with
 * the app's worker (tus, signed requests; the intake verifies before answering with the receipt),
 * beside `curl -T` to a plain Node sink that only writes the bytes, in the same run (the goal's
 * baseline; also shown, not as the goal: a sink that fsyncs before answering, since a receipt may
 * only be given for bytes on disk and the intake's time includes that fsync). Then the same
 * upload cut 10 times by the fault proxy (both through the proxy), the peak RSS of the sending
 * process and of the intake, and the intake's verification beside the desktop's `bundle verify`.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { openIntake } from '../main/intake/open';
import { createServices } from '../main/services';
import { startFaultProxy } from '../test/fault-proxy';
import { bundled } from '../test/node-child';
import { mb, ms, type Bench, type BenchRow } from './harness';

const TOTAL_MB = Number(process.env.DELIVERY_BENCH_MB ?? 200);
/** Pairs (ours, curl) per comparison, the order alternating; the machine may be shared, so the median and the spread are reported. */
const PAIRS = Number(process.env.DELIVERY_BENCH_PAIRS ?? 3);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** Extra flags for the node children (e.g. DELIVERY_BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile them). */
const NODE_FLAGS = (process.env.DELIVERY_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** Extra flags for the intake child only (e.g. '--trace-gc'), and a file its output is copied to (DELIVERY_BENCH_INTAKE_LOG). */
const INTAKE_FLAGS = (process.env.DELIVERY_BENCH_INTAKE_FLAGS ?? '').split(' ').filter(Boolean);
const INTAKE_LOG = process.env.DELIVERY_BENCH_INTAKE_LOG;
const tsNode = (script: string, args: string[], flags: string[] = []) => spawn(process.execPath, [...NODE_FLAGS, ...flags, '--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

async function until<T>(f: () => T | null | undefined, what: string, msMax = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() - t0 > msMax) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** User + system CPU time of a process so far (all its threads), ms; from /proc (clock ticks of 10 ms). */
const cpuOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

const peakOf = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** Runs a child to the end without blocking this process (the fault proxy lives here). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const c = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  c.stdout.on('data', (x) => (stdout += x));
  c.stderr.on('data', (x) => (stderr += x));
  return new Promise((resolve) => c.once('close', (status) => resolve({ status, stdout, stderr })));
}

async function send(db: string, bundleId: string): Promise<{ ms: number; cpuMs: number; maxRssMB: number; state: string; attempts: number; error: string | null }> {
  // the sending app as it ships (the desktop app's main process and the CLI are esbuild bundles), not
  // through tsx, whose compiling of the modules the upload loads on first use would be timed as ours
  const r = await run(process.execPath, [...NODE_FLAGS, bundled('bench/delivery-child.ts'), 'send', db, bundleId]);
  if (r.status !== 0) throw new Error(`sender failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop();
  if (!last) throw new Error(`sender printed nothing: ${r.stderr}`);
  const out = JSON.parse(last);
  if (out.state !== 'delivered') throw new Error(`not delivered: ${out.state} ${out.error}`);
  return out;
}

/** curl's CPU (user + system, ms) in the last curl() call: from the shell's `times` (its children's). */
let curlCpuMs = NaN;

async function curl(file: string, url: string): Promise<number> {
  const t0 = performance.now();
  const r = await run('bash', ['-c', 'curl -sS --fail -T "$0" "$1" -o /dev/null && times', file, url]);
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`curl failed: ${r.stderr}`);
  const m = [...r.stdout.matchAll(/(\d+)m([\d.]+)s/g)].slice(2).map((x) => Number(x[1]) * 60_000 + Number(x[2]) * 1000);
  curlCpuMs = m.length === 2 ? m[0]! + m[1]! : NaN;
  return t;
}

export const deliveryBench: Bench = {
  title: `Delivery: a ${TOTAL_MB} MB bundle to the intake over loopback`,
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-delivery-'));
    const children: Array<ReturnType<typeof tsNode>> = [];
    try {
      const db = path.join(dir, 'a.sqlite');
      const s = createServices(db);
      await invoke(s.handlers, 'setIdentity', { name: 'Bench', organisation: 'Bench' });
      const d = await invoke(s.handlers, 'createDraft', { title: 'Bench' });
      for (let i = 0; i < 8; i++) {
        const f = path.join(dir, `evidence-${i}.pdf`);
        const fd = fs.openSync(f, 'w');
        for (let left = (TOTAL_MB * 1024 * 1024) / 8; left > 0; left -= 1 << 20) fs.writeSync(fd, crypto.randomBytes(Math.min(1 << 20, left)));
        fs.closeSync(fd);
        await invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'II.c', filePath: f });
      }
      const bundles: Array<{ bundleId: string; file: string; sha256: string }> = [];
      for (let i = 0; i < 2 * PAIRS + 1; i++) bundles.push(await invoke(s.handlers, 'exportBundleToOutbox', { draftId: d.id }));
      const verifyBundle = bundles.pop()!;
      // the set-up's gigabytes go to disk now, not during the runs (where the intake's fsync would wait behind them)
      for (const f of [...bundles.map((b) => b.file), verifyBundle.file, db]) {
        const fd = fs.openSync(f, 'r');
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      }
      const me = (await invoke(s.handlers, 'getIdentity', {}))!;

      const idir = path.join(dir, 'intake');
      const admin = await openIntake({ dir: idir });
      await admin.enrol({ publicKeyPem: me.publicKeyPem!, name: 'Bench', organisation: 'Bench', quotaBytes: 100 * 1024 ** 3 });
      await admin.index.close();
      const intake = tsNode('main/intake/cli.ts', ['--dir', idir, '--port', '0'], INTAKE_FLAGS);
      children.push(intake);
      let iout = '';
      intake.stdout!.on('data', (c) => (iout += c));
      if (INTAKE_LOG) {
        const log = fs.createWriteStream(INTAKE_LOG);
        intake.stdout!.pipe(log);
        intake.stderr!.pipe(log);
      }
      const port = Number(await until(() => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(iout)?.[1], 'intake start'));
      const url = `http://127.0.0.1:${port}`;

      const startSink = async (name: string, args: string[] = []) => {
        const portFile = path.join(dir, `${name}.port`);
        const child = tsNode('bench/delivery-sink.ts', [portFile, path.join(dir, `${name}.out`), ...args]);
        children.push(child);
        const p = Number(await until(() => (fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : null), 'sink start'));
        return { child, port: p, url: `http://127.0.0.1:${p}/bundle` };
      };
      const { child: sink, port: sinkPort, url: sinkUrl } = await startSink('sink');
      // informational: a sink that also makes the bytes durable before it answers, as a receipt requires
      const syncSink = await startSink('sink-fsync', ['--fsync']);

      await invoke(s.handlers, 'deliveryConnect', { url, intakeKeyPem: fs.readFileSync(path.join(idir, 'intake.pub.pem'), 'utf8') });
      s.close();

      const file = bundles[0]!.file;
      const size = fs.statSync(file).size;
      const cuts = Array.from({ length: 10 }, (_, i) => Math.floor((size / 11) * 0.9) + i);
      const intakeKeyPem = fs.readFileSync(path.join(idir, 'intake.pub.pem'), 'utf8');
      const target = async (u: string) => {
        const x = createServices(db);
        await invoke(x.handlers, 'deliveryConnect', { url: u, intakeKeyPem });
        x.close();
      };
      /**
       * Runs `ours`, `base` (and `also`, a second baseline) in turn, which goes first rotating; each
       * ratio from its own round.
       */
      const paired = async <T extends { ms: number }>(ours: (i: number) => Promise<T>, base: () => Promise<number>, also?: () => Promise<number>) => {
        const out: Array<{ ours: T; base: number; ratio: number; also: number; alsoRatio: number }> = [];
        for (let i = 0; i < PAIRS; i++) {
          let o: T | undefined;
          let b = 0;
          let a = NaN;
          const steps = [async () => void (o = await ours(i)), async () => void (b = await base()), ...(also ? [async () => void (a = await also())] : [])];
          for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]!();
          out.push({ ours: o!, base: b, ratio: o!.ms / b, also: a, alsoRatio: o!.ms / a });
        }
        return out.sort((x, y) => x.ratio - y.ratio);
      };
      // CPU per upload (information: on this shared 2-core machine the pace follows CPU): the
      // receiving process's around each upload, the sender's own, curl's from its shell
      const cpu = { intake: [] as number[], sender: [] as number[], sink: [] as number[], curl: [] as number[] };
      const plain = await paired(
        async (i) => {
          const c0 = cpuOf(intake.pid!);
          const r = await send(db, bundles[i]!.bundleId);
          cpu.intake.push(cpuOf(intake.pid!) - c0);
          cpu.sender.push(r.cpuMs);
          return r;
        },
        async () => {
          const c0 = cpuOf(sink.pid!);
          const t = await curl(file, sinkUrl);
          cpu.sink.push(cpuOf(sink.pid!) - c0);
          cpu.curl.push(curlCpuMs);
          return t;
        },
        () => curl(file, syncSink.url),
      );

      // the same through the fault proxy: ours cut 10 times, curl not cut
      let crossed = 0;
      const cut = await paired(
        async (i) => {
          const proxy = await startFaultProxy({ targetPort: port, cutAfter: cuts });
          await target(proxy.url);
          const r = await send(db, bundles[PAIRS + i]!.bundleId);
          crossed = Math.max(crossed, proxy.upBytes);
          await proxy.close();
          return r;
        },
        async () => {
          const proxyBase = await startFaultProxy({ targetPort: sinkPort });
          const t = await curl(file, `${proxyBase.url}/bundle`);
          await proxyBase.close();
          return t;
        },
      );

      // intake verification beside the desktop's bundle verify, in this process, same file
      const v = await openIntake({ dir: path.join(dir, 'intake-verify') });
      await v.enrol({ publicKeyPem: me.publicKeyPem!, name: 'Bench', organisation: 'Bench' });
      const sha = verifyBundle.sha256;
      const iv: number[] = [];
      const dv: number[] = [];
      const verifier = createServices(path.join(dir, 'b.sqlite'));
      for (let i = 0; i < 3; i++) {
        let t0 = performance.now();
        const r = await v.verifyFile(verifyBundle.file, { bundleId: verifyBundle.bundleId, sha256: sha, size: fs.statSync(verifyBundle.file).size });
        iv.push(performance.now() - t0);
        if (r instanceof Error) throw r;
        t0 = performance.now();
        await invoke(verifier.handlers, 'verifyBundle', { file: verifyBundle.file });
        dv.push(performance.now() - t0);
      }
      verifier.close();
      await v.index.close();
      const intakePeak = peakOf(intake.pid!);
      syncSink.child.kill('SIGTERM');
      sink.kill('SIGTERM');
      const sinkPeak = await new Promise<number>((r) => {
        let o = '';
        sink.stdout!.on('data', (c) => (o += c));
        sink.once('exit', () => r(JSON.parse(o.trim() || '{"maxRssMB":0}').maxRssMB));
      });

      const rate = (t: number) => `${((size / 1024 / 1024) / (t / 1000)).toFixed(0)} MB/s`;
      const iBest = Math.min(...iv);
      const dBest = Math.min(...dv);
      const peakSend = Math.max(...plain.map((p) => p.ours.maxRssMB), ...cut.map((p) => p.ours.maxRssMB));
      const mid = <T>(xs: T[]) => xs[(xs.length - 1) >> 1]!;
      const spread = (xs: Array<{ ratio: number }>) => `${xs.length} pairs, ${xs[0]!.ratio.toFixed(2)}–${xs.at(-1)!.ratio.toFixed(2)}x`;
      const p = mid(plain);
      const bySync = [...plain].sort((x, y) => x.alsoRatio - y.alsoRatio);
      const ps = mid(bySync);
      const c = mid(cut);
      const med = (xs: number[]) => mid([...xs].sort((x, y) => x - y));
      const cpuRow = (xs: number[]) => `${med(xs).toFixed(0)} ms`;
      return [
        { name: `upload ${mb(size)}, delivered with verified receipt`, value: ms(p.ours.ms), baseline: `curl -T to a Node sink ${ms(p.base)} (median pair; ${spread(plain)})`, ratio: p.ratio, goal: '≤ 1.3x', met: p.ratio <= 1.3 },
        { name: '  throughput (delivered / curl)', value: rate(p.ours.ms), baseline: rate(p.base) },
        { name: '  CPU per upload: intake (median)', value: cpuRow(cpu.intake), baseline: `Node sink ${cpuRow(cpu.sink)}` },
        { name: '  CPU per upload: sending process (median)', value: cpuRow(cpu.sender), baseline: `curl ${cpuRow(cpu.curl)}` },
        {
          name: '  (not the goal) beside a sink that fsyncs before answering',
          value: ms(ps.ours.ms),
          baseline: `curl -T to a Node sink that fsyncs ${ms(ps.also)} (median round; ${bySync.length} rounds, ${bySync[0]!.alsoRatio.toFixed(2)}–${bySync.at(-1)!.alsoRatio.toFixed(2)}x)`,
          ratio: ps.alsoRatio,
        },
        { name: `same upload cut 10 times (${c.ours.attempts} attempts)`, value: ms(c.ours.ms), baseline: `curl through the proxy, no cuts ${ms(c.base)} (median pair; ${spread(cut)})`, ratio: c.ratio, goal: '≤ 1.5x', met: c.ratio <= 1.5 },
        // The "the same upload with 10 cuts: within 1.5x" read as the cost of the cuts themselves:
        // our cut upload beside our own uncut one (medians of their rounds). Not the goal row above.
        { name: '  (not the goal) the cut upload beside our uncut one', value: ms(med(cut.map((x) => x.ours.ms))), baseline: `uncut ${ms(med(plain.map((x) => x.ours.ms)))} (medians)`, ratio: med(cut.map((x) => x.ours.ms)) / med(plain.map((x) => x.ours.ms)) },
        { name: '  bytes that crossed the line / bundle size', value: (crossed / size).toFixed(3) },
        { name: '  uploads the intake hashed as they arrived (not by reading again)', value: `${(iout.match(/; hashed as it arrived/g) ?? []).length} of ${(iout.match(/received bundle /g) ?? []).length}` },
        { name: 'peak RSS of the sending app process', value: `${peakSend.toFixed(0)} MB`, baseline: `sink ${sinkPeak.toFixed(0)} MB`, goal: '< 200 MB', met: peakSend < 200 },
        { name: 'peak RSS of the intake process', value: `${intakePeak.toFixed(0)} MB`, goal: '< 200 MB', met: intakePeak < 200 },
        { name: 'intake verification of the bundle', value: ms(iBest), baseline: `desktop bundle verify ${ms(dBest)}`, ratio: iBest / dBest, goal: '≤ 1.3x', met: iBest / dBest <= 1.3 },
      ];
    } finally {
      // SIGTERM first: the intake then ends on its own (and writes its profile when NODE_FLAGS asks for one)
      await Promise.all(
        children.map((c) =>
          c.exitCode === null
            ? new Promise<void>((r) => {
                const t = setTimeout(() => c.kill('SIGKILL'), 5000);
                c.once('exit', () => (clearTimeout(t), r()));
                c.kill('SIGTERM');
              })
            : null,
        ),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
