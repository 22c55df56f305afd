/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, started on a free loopback port,
 * stopped and removed afterwards. Uses Debian's server binaries (/usr/lib/postgresql/<v>/bin, or
 * PG_BIN); as root, it runs them as the `postgres` user (initdb refuses root). Returns a reason
 * instead when that is impossible, so the caller can skip with a clear message.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, type TestContext } from 'vitest';
import { freePort } from './intake-tools';

export interface PgCluster {
  url: string;
  stop(): void;
}

function binDir(): string | null {
  if (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

export async function startPgCluster(): Promise<PgCluster | string> {
  const bin = binDir();
  if (!bin) return 'PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)';
  const root = process.getuid?.() === 0;
  let uid: number | null = null;
  let gid: number | null = null;
  if (root) {
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      return 'running as root and there is no `postgres` user to run initdb as';
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-pg-'));
  if (root) fs.chownSync(dir, uid!, gid!);
  const data = path.join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    root ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe', cwd: dir }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe', cwd: dir });
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'gcm', '--no-sync', '-E', 'UTF8']);
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    fs.rmSync(dir, { recursive: true, force: true });
    return `could not start a PostgreSQL cluster: ${err.stderr?.toString().trim() || err.message}`;
  }
  return {
    url: `postgres://gcm@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A cluster for one test file: started before its tests (or, where that is impossible, the reason
 * said once on stderr as SKIPPED), stopped after them. The function given back is the cluster's URL
 * for a test, which it skips when there is no cluster.
 */
export function pgForFile(name: string): (ctx: TestContext) => string {
  let pg: PgCluster | string = 'not started';
  beforeAll(async () => {
    pg = await startPgCluster();
    if (typeof pg === 'string') process.stderr.write(`SKIPPED ${name} (PostgreSQL): ${pg}\n`);
  }, 120_000);
  afterAll(() => {
    if (typeof pg !== 'string') pg.stop();
  });
  return (ctx) => {
    if (typeof pg === 'string') ctx.skip();
    return (pg as PgCluster).url;
  };
}
