/**
 * Benchmark harness: every figure is measured beside a baseline run in the same process/run,
 * and reported as a ratio. No timing assertions live in tests.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface BenchRow {
  name: string;
  value: string;
  baseline?: string;
  ratio?: number;
  goal?: string;
  met?: boolean;
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function samples(n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * A full garbage collection, before a timed loop: what the bench made beforehand (its inputs) is
 * then in the old generation, and no scavenge during the loop copies it (each would land on
 * whichever side allocated next, timing the bench's own data as that side's).
 */
export function settleHeap(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function printRows(title: string, rows: BenchRow[]): void {
  process.stdout.write(`\n## ${title}\n`);
  for (const r of rows) {
    const parts = [r.name.padEnd(48), r.value.padStart(14)];
    if (r.baseline) parts.push(`baseline ${r.baseline}`);
    if (r.ratio !== undefined) parts.push(`ratio ${r.ratio.toFixed(2)}x`);
    if (r.goal) parts.push(`goal ${r.goal}: ${r.met ? 'met' : 'NOT met'}`);
    process.stdout.write(parts.join('  ') + '\n');
  }
}

export interface Bench {
  title: string;
  run(): Promise<BenchRow[]>;
}
