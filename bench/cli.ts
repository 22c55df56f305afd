/**
 * The `cli` part (issue 13): the bundled CLI (`npm run build:cli`, dist/cli/gcm-review.mjs) against
 * `node -e 0`, in alternating pairs (the baseline first in half of them), the median of the per-pair
 * ratios: `--help`, and `draft list` on the scale part's store (built once, then reused). Wall time
 * is the goal's measure; the CPU time (user + system, from /usr/bin/time where there is one) is
 * shown beside it, being less moved by other work on the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms, percentile, type Bench, type BenchRow } from './harness';
import { scaleStore } from './scale';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';
const PAIRS = Number(process.env.GCM_BENCH_CLI_PAIRS ?? 10);

/** One run: wall time, and CPU time when /usr/bin/time can tell it (10 ms resolution). */
function run(args: string[]): { wall: number; cpu: number | null } {
  const timed = fs.existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', '%U %S', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const last = timed ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
  return { wall, cpu: last.length === 2 && last.every(Number.isFinite) ? (last[0]! + last[1]!) * 1000 : null };
}

function paired(label: string, args: string[], pairs: number): BenchRow[] {
  const wall: number[] = [];
  const cpu: number[] = [];
  const ours: number[] = [];
  const base: number[] = [];
  const oursCpu: number[] = [];
  const baseCpu: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let b, o;
    if (i % 2) {
      b = run(['-e', '0']);
      o = run(args);
    } else {
      o = run(args);
      b = run(['-e', '0']);
    }
    ours.push(o.wall);
    base.push(b.wall);
    wall.push(o.wall / b.wall);
    if (o.cpu !== null && b.cpu) {
      oursCpu.push(o.cpu);
      baseCpu.push(b.cpu);
      cpu.push(o.cpu / b.cpu);
    }
  }
  const r = percentile(wall, 50);
  const rows: BenchRow[] = [{ name: `${label} (median of ${pairs} pairs, wall)`, value: ms(percentile(ours, 50)), baseline: `node -e 0 ${ms(percentile(base, 50))}`, ratio: r, goal: '≤ 3x', met: r <= 3 }];
  if (cpu.length) rows.push({ name: '  the same, CPU time (user + system)', value: ms(percentile(oursCpu, 50)), baseline: `node -e 0 ${ms(percentile(baseCpu, 50))}`, ratio: percentile(cpu, 50) });
  return rows;
}

/** Builds the CLI bundle, then measures `--help` and `draft list` on `file` (holding `what`). */
export function cliRows(file: string, what: string): BenchRow[] {
  const bin = path.join(root, 'dist', 'cli', 'gcm-review.mjs');
  execFileSync(process.execPath, [path.join(root, 'build', 'build-cli.mjs')], { stdio: 'inherit' });
  // one run first: it checks the store once (PRAGMA quick_check) and leaves it marked as checked,
  // as any earlier command would have (main/store/db.ts)
  run([bin, '--db', file, 'draft', 'list']);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return [
    { name: `machine load (1, 5, 15 min) at the start`, value: load },
    ...paired('CLI --help', [bin, '--help'], PAIRS),
    ...paired(`CLI draft list (${what})`, [bin, '--db', file, 'draft', 'list'], PAIRS),
  ];
}

export const cliBench: Bench = {
  title: 'CLI start-up against node -e 0',
  async run() {
    const { file, seconds, drafts } = await scaleStore();
    return [{ name: 'the scale store for draft list', value: seconds ? `built in ${seconds.toFixed(1)} s` : 'reused' }, ...cliRows(file, `${drafts} drafts`)];
  },
};
