/**
 * Export and verify of a draft with 200 MB of attachments, each in its own process (so its peak
 * RSS is its own), beside the standard tools over the same files: `sha256sum` + `zip -0` (export)
 * and `sha256sum -c` + `openssl pkeyutl -verify` (verify). Ratios are of the operation's own
 * time; the process start-up (~0.5 s for tsx) is excluded from ours and included in theirs, which
 * are tiny C programs. Also: age-encrypted export and verify, and import, for information.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { mb, ms, type Bench, type BenchRow } from './harness';

const TOTAL_MB = Number(process.env.BUNDLE_BENCH_MB ?? 200);
const FILES = 8;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function child(args: string[]): { ms: number; maxRssMB: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'bundle-child.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Wall time and peak RSS (GNU time) of a shell pipeline. */
function timed(script: string, cwd: string): { ms: number; maxRssMB: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', script], { cwd, encoding: 'utf8' });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`baseline failed: ${r.stderr}`);
  return { ms: t, maxRssMB: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

const best = <T extends { ms: number; maxRssMB: number }>(runs: T[]) => ({ ms: Math.min(...runs.map((r) => r.ms)), maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)) });
const rep = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

export const bundleBench: Bench = {
  title: `Bundles: export and verify with ${TOTAL_MB} MB of attachments`,
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-bundle-'));
    try {
      const files = path.join(dir, 'files');
      fs.mkdirSync(files);
      const per = Math.floor((TOTAL_MB * 1024 * 1024) / FILES);
      const names: string[] = [];
      for (let i = 0; i < FILES; i++) {
        const name = `evidence-${i}.pdf`;
        const fd = fs.openSync(path.join(files, name), 'w');
        for (let left = per; left > 0; left -= 1 << 20) fs.writeSync(fd, crypto.randomBytes(Math.min(1 << 20, left)));
        fs.closeSync(fd);
        names.push(name);
      }
      const db = path.join(dir, 'a.sqlite');
      const s = createServices(db);
      await invoke(s.handlers, 'setIdentity', { name: 'Bench', organisation: 'Bench' });
      const d = await invoke(s.handlers, 'createDraft', { title: 'Bench' });
      for (const n of names) await invoke(s.handlers, 'addAttachment', { draftId: d.id, field: 'II.c', filePath: path.join(files, n) });
      s.close();
      execFileSync('age-keygen', ['-o', path.join(dir, 'age.key')], { stdio: 'ignore' });
      const recipient = /age1[0-9a-z]+/.exec(fs.readFileSync(path.join(dir, 'age.key'), 'utf8'))![0];

      const ours = best(rep(3, (i) => child(['export', db, d.id, path.join(dir, `out-${i}.gcmr`)])));
      const zipBase = best(rep(3, (i) => timed(`sha256sum ${names.join(' ')} > SUMS-${i} && zip -0 -q ../base-${i}.zip ${names.join(' ')} SUMS-${i}`, files)));
      const bundle = path.join(dir, 'out-0.gcmr');

      const x = path.join(dir, 'x');
      fs.mkdirSync(x);
      execFileSync('unzip', ['-q', bundle, '-d', x]);
      const verify = best(rep(3, () => child(['verify', path.join(dir, 'b.sqlite'), bundle, ''])));
      const verifyBase = best(rep(3, () => timed('sha256sum --strict --quiet -c SHA256SUMS && openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig > /dev/null', x)));

      const ageExport = child(['export', db, d.id, path.join(dir, 'enc.gcmr'), recipient]);
      const ageCli = timed(`age -r ${recipient} -o enc-base.age out-0.gcmr`, dir);
      const ageVerify = child(['verify', path.join(dir, 'c.sqlite'), path.join(dir, 'enc.gcmr.age'), path.join(dir, 'age.key')]);
      const imp = child(['import', path.join(dir, 'd.sqlite'), bundle, '']);
      const idle = child(['noop', path.join(dir, 'e.sqlite'), '', '']);

      const size = fs.statSync(bundle).size;
      const row = (name: string, o: { ms: number }, b: { ms: number } | null, goal?: number): BenchRow => ({
        name,
        value: ms(o.ms),
        ...(b ? { baseline: ms(b.ms), ratio: o.ms / b.ms } : {}),
        ...(goal && b ? { goal: `<= ${goal}x`, met: o.ms / b.ms <= goal } : {}),
      });
      const mem = (name: string, o: { maxRssMB: number }, b?: { maxRssMB: number }): BenchRow => ({
        name,
        value: `${o.maxRssMB.toFixed(0)} MB`,
        ...(b ? { baseline: `${b.maxRssMB.toFixed(0)} MB` } : {}),
        goal: '< 200 MB',
        met: o.maxRssMB < 200,
      });
      return [
        { name: 'bundle size', value: mb(size) },
        row('export (sign, stream into zip)', ours, zipBase, 1.3),
        mem('export peak RSS (whole process)', ours, zipBase),
        row('verify (signature + every hash)', verify, verifyBase, 1.3),
        mem('verify peak RSS (whole process)', verify, verifyBase),
        row('export + age encryption (1 recipient)', ageExport, { ms: ours.ms + ageCli.ms }),
        mem('export + age peak RSS', ageExport),
        row('verify of .gcmr.age (decrypt to temp + verify)', ageVerify, null),
        mem('verify .age peak RSS', ageVerify),
        row('import as a new draft (verify, stage, commit)', imp, null),
        mem('import peak RSS', imp),
        { name: 'same process doing nothing (Node + tsx + modules)', value: `${idle.maxRssMB.toFixed(0)} MB` },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
