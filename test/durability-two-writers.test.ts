/**
 * Two writers at once, both SIGKILLed (issue 9): `npm run serve`'s program (main/host/serve.ts)
 * answering saveField over HTTP, and the CLI's `answer set` in a loop (test/fixtures/cli-writer-child.ts),
 * on the same store. The store lock (main/store/lock.ts) lets both write (it makes holders visible;
 * SQLite serialises the writes; only `backup restore` refuses while another holder is live), so
 * the claim is: every save either writer acknowledged is in the store after both are killed, and
 * a CLI write that did not go through said so in one `error:` line: never a silent loss.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { getRevisionRow, revisionExists } from '../main/store/revisions';
import { lockFileOf } from '../main/store/lock';
import { textToDoc } from '../shared/plaintext';
import { tempDir } from './helpers';
import { bundled } from './node-child';
import { postApi } from './serve-child';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = 4;

function lines(child: ChildProcess, onLine: (l: string) => void): () => string {
  let buf = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return () => err;
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

/** The serve program on `db`, port 0; resolves with its port and secret once it printed its address. */
function startServe(db: string): Promise<{ child: ChildProcess; port: number; secret: string }> {
  const child = spawn(process.execPath, [bundled('main/host/serve.ts'), '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const err = lines(child, (l) => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(l);
      if (m) resolve({ child, port: Number(m[1]), secret: m[2]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before it was ready: ${err()}`)));
  });
}

describe('two writers at once, SIGKILLed', () => {
  it(`serve and the CLI writing the same store: no acknowledged save of either is lost, and a refused CLI write says so (${ROUNDS} rounds)`, async () => {
    const db = path.join(tempDir(), 'two.sqlite');
    const s0 = createServices(db, { create: true });
    const draftId = (await invoke(s0.handlers, 'createDraft', { title: 'Two writers' })).id;
    s0.close();
    const totals = { serve: 0, cli: 0, cliFailed: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const serveAcks: string[] = [];
      const cliAcks: string[] = [];
      const cliFails: string[] = [];
      // both start together; the CLI writes II.a, the browser I.a (each its own field: no edit conflicts)
      const cli = spawn(process.execPath, [bundled('test/fixtures/cli-writer-child.ts'), db, draftId, 'II.a'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const cliErr = lines(cli, (l) => {
        if (l.startsWith('ACK ')) cliAcks.push(l.slice(4));
        else if (l.startsWith('FAIL ')) cliFails.push(l.slice(5));
      });
      const serve = await startServe(db);
      let killed = false;
      const browser = (async () => {
        let base = await currentRevision(db, draftId, 'I.a');
        for (let i = 0; !killed; i++) {
          try {
            const r = await postApi(serve.port, serve.secret, 'saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: textToDoc(`browser ${round}-${i}`) }, baseRevisionId: base });
            if (r.status === 200 && r.body.ok) {
              serveAcks.push(r.body.value.revisionId);
              base = r.body.value.revisionId;
            } else if (!killed) throw new Error(`serve refused a save: ${JSON.stringify(r.body)}`);
          } catch (e) {
            if (!killed) throw e;
          }
        }
      })();
      // SIGKILL both at a random moment once each writer has had a few saves acknowledged
      const minimum = 3 + Math.floor(Math.random() * 6);
      const deadline = Date.now() + 30_000;
      while ((serveAcks.length < minimum || cliAcks.length < minimum) && Date.now() < deadline && cli.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      killed = true;
      serve.child.kill('SIGKILL');
      cli.kill('SIGKILL');
      await Promise.all([exited(serve.child), exited(cli), browser]);
      expect(cli.signalCode, `the CLI writer ended on its own: ${cliErr()}`).toBe('SIGKILL');
      expect(serveAcks.length).toBeGreaterThanOrEqual(minimum);
      expect(cliAcks.length + cliFails.length).toBeGreaterThanOrEqual(minimum);

      const s = createServices(db);
      try {
        expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const lost = [...serveAcks, ...cliAcks].filter((rev) => !revisionExists(s.store, rev));
        expect(lost, `acknowledged saves missing after round ${round}`).toEqual([]);
        // each writer's last acknowledged save is its field's current state, or an ancestor of it
        // (a save committed just before the kill, its answer never delivered)
        const d = await invoke(s.handlers, 'getDraft', { draftId });
        const chain = (rev: string | null | undefined) => {
          const out: string[] = [];
          for (let cur = rev ?? null; cur; cur = getRevisionRow(s.store, cur)!.parent_id) out.push(cur);
          return out;
        };
        if (serveAcks.length) expect(chain(d.fields['I.a']?.revisionId)).toContain(serveAcks.at(-1));
        if (cliAcks.length) expect(chain(d.fields['II.a']?.revisionId)).toContain(cliAcks.at(-1));
      } finally {
        s.close();
      }
      // a CLI write that failed said why, in one line (the store busy, never a stack trace)
      for (const f of cliFails) expect(f).toMatch(/^error: [^\n|]+$/);
      totals.serve += serveAcks.length;
      totals.cli += cliAcks.length;
      totals.cliFailed += cliFails.length;
    }
    expect(totals.cli).toBeGreaterThan(0);
    console.log(`two writers: ${totals.serve} browser saves and ${totals.cli} CLI saves acknowledged, ${totals.cliFailed} CLI writes refused, none lost (${ROUNDS} rounds)`);
  }, 180_000);
});

describe('the store lock after a SIGKILL', () => {
  // A writer killed in the few milliseconds it holds `<store>.lock.m` (found by the rounds above):
  // the next process used to wait 10 s and then fail with "the store's lock stays taken".
  it('a lock mutex left by a dead process is cleared at once; a live holder\'s is never taken away', async () => {
    const db = path.join(tempDir(), 'm.sqlite');
    createServices(db, { create: true }).close();
    const mutex = `${lockFileOf(db)}.m`;
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(mutex, dead.stdout);
    createServices(db).close(); // used to wait 10 s, then throw
    expect(fs.existsSync(mutex)).toBe(false);

    // killed after creating the mutex, before writing its pid: an empty file, cleared once it is a few seconds old
    fs.writeFileSync(mutex, '');
    fs.utimesSync(mutex, new Date(Date.now() - 3_000), new Date(Date.now() - 3_000));
    createServices(db).close(); // waited 10 s, then threw: an empty mutex counted as stale only after 15 s
    expect(fs.existsSync(mutex)).toBe(false);

    // a live process's mutex stays, even an old one: a restore may hold it while it copies a big file
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(mutex, String(live.pid));
      fs.utimesSync(mutex, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      expect(() => createServices(db)).toThrow(/lock .* stays taken/);
      expect(fs.readFileSync(mutex, 'utf8')).toBe(String(live.pid));
    } finally {
      live.kill('SIGKILL');
      fs.rmSync(mutex, { force: true });
    }
  }, 60_000);
});

/** A field's current revision, read by opening the store briefly (the browser's base for its first save). */
async function currentRevision(db: string, draftId: string, field: string): Promise<string | null> {
  const s = createServices(db);
  try {
    return (await invoke(s.handlers, 'getDraft', { draftId })).fields[field]?.revisionId ?? null;
  } finally {
    s.close();
  }
}
