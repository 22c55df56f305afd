/** Runs browser mode in a child process (test/fixtures/serve-child.ts) and talks to it over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface ServeChild {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  /** Calls one API method; resolves with the HTTP status and the parsed answer. */
  api(method: string, body: unknown): Promise<{ status: number; body: { ok: boolean; value?: any; error?: { code: string; message: string } } }>;
  alive(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * One API call to a browser-mode host on 127.0.0.1 (`body` a string is sent as it is): the HTTP
 * status and the parsed answer. Each call on a connection of its own (`agent: false`): Node's
 * global agent keeps connections alive, and a test whose own event loop was busy for longer than
 * the host's 5 s keep-alive (building and serialising a 17 MB document on a loaded machine) wrote
 * its next call into a connection the host had already closed (EPIPE: the hostile-host fuzz failed
 * so under load, with the host up and well).
 */
export function postApi(port: number, secret: string, method: string, body: unknown): ReturnType<ServeChild['api']> {
  return new Promise((res, rej) => {
    const data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/${method}`, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-gcm-token': secret, 'content-length': data.length }, setHost: false, agent: false },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          try {
            res({ status: r.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            rej(e);
          }
        });
        r.on('error', rej);
      },
    );
    req.on('error', rej);
    req.end(data);
  });
}

export function startServeChild(dbFile: string, env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'serve-child.ts'), dbFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\d+) (\S+)/.exec(out);
      if (!m) return;
      const port = Number(m[1]);
      const secret = m[2]!;
      const api: ServeChild['api'] = (method, body) => postApi(port, secret, method, body);
      resolve({
        child,
        port,
        api,
        stderr: () => err,
        alive: () => child.exitCode === null && child.signalCode === null,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
        },
      });
    });
    child.on('exit', (code) => reject(new Error(`serve child exited ${code} before it was ready: ${err}`)));
  });
}
