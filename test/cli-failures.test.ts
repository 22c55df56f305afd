/**
 * Clean failures (issue 9, finding 12): every CLI and `npm run serve` failure is one line on stderr
 * (`error: ...`, never "error: error:"), exit 1, no stack trace, no stray files. The real programs
 * run as their own processes: main/cli/bin.ts and main/host/serve.ts, bundled (test/node-child.ts).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../main/error-line';
import { createServices } from '../main/services';
import { tempDir } from './helpers';
import { bundled } from './node-child';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'main', 'cli', 'bin.ts');
const SERVE = path.join(ROOT, 'main', 'host', 'serve.ts');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function run(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; whileRunning?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundled(script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GCM_REVIEW_DB: '', ...opts.env } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal, out, err })));
    opts.whileRunning?.(child);
  });
}

/** Exit 1, exactly one line on stderr starting `error: ` (once), no stack frame, nothing on stdout. */
function expectOneLine(r: Run, message: RegExp) {
  expect(r.code, r.err).toBe(1);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).not.toMatch(/error:\s*error/i);
  expect(r.err).not.toMatch(/^\s+at /m);
  expect(r.err).toMatch(message);
  expect(r.out).toBe('');
}

/** Every file under `dir`, with its size (what a stray file would change). */
function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => `${f}:${fs.statSync(path.join(dir, f)).isDirectory() ? 'dir' : fs.statSync(path.join(dir, f)).size}`).sort();
}

/** A folder holding: not-sqlite (text), newer.sqlite (one of our stores at user_version 999). */
function badStores(): { dir: string; text: string; newer: string } {
  const dir = tempDir();
  const text = path.join(dir, 'not-sqlite.sqlite');
  fs.writeFileSync(text, 'this is a shopping list, not a database\n');
  const newer = path.join(dir, 'newer.sqlite');
  createServices(newer, { create: true }).close();
  const db = new Database(newer);
  db.pragma('user_version = 999');
  db.close();
  return { dir, text, newer };
}

const zipOf = (entries: Record<string, string>) =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    for (const [n, d] of Object.entries(entries)) z.addBuffer(Buffer.from(d), n);
    z.end();
    const c: Buffer[] = [];
    z.outputStream.on('data', (x: Buffer) => c.push(x)).on('end', () => resolve(Buffer.concat(c)));
  });

/** A port something else is listening on, for as long as `use` runs. */
async function withTakenPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  try {
    return await use((blocker.address() as net.AddressInfo).port);
  } finally {
    await new Promise((r) => blocker.close(r));
  }
}

describe('errorLine, the one formatter of CLI and serve failures', () => {
  it('one line, one "error: " however many the message brought', () => {
    expect(errorLine('error: [xmldom error]\tentity not found:&xxe;\n@#[line:3,col:1]')).toBe('error: [xmldom error] entity not found:&xxe;');
    expect(errorLine('Error: ERROR:  fatal error: disk I/O error')).toBe('error: disk I/O error');
    expect(errorLine('')).toBe('error: failed');
  });
});

describe('the CLI fails in one line', () => {
  it('without arguments: the usage on stderr, exit 1; --help: the usage on stdout, exit 0', async () => {
    const [none, help] = await Promise.all([run(BIN, []), run(BIN, ['--help'])]);
    expect(none.code).toBe(1);
    expect(none.out).toBe('');
    expect(none.err).toMatch(/^usage: gcm-review/);
    expect(help.code).toBe(0);
    expect(help.err).toBe('');
    expect(help.out).toMatch(/^usage: gcm-review/);
  }, 60_000);

  it('a store that is not SQLite, and a store from a newer GCM Review: one line, files untouched', async () => {
    const { dir, text, newer } = badStores();
    const before = listing(dir);
    const [a, b] = await Promise.all([run(BIN, ['--db', text, 'draft', 'list']), run(BIN, ['--db', newer, 'answer', 'set', '0190ab12', 'I.a', '--text', 'x'])]);
    expectOneLine(a, /not-sqlite\.sqlite is not a GCM Review store/);
    expectOneLine(b, /schema version 999 is newer than this app supports/);
    expect(listing(dir)).toEqual(before);
  }, 60_000);

  it('a DOCX with an external entity (XXE): "error: the .docx cannot be read..." once, not "error: error: [xmldom error]"', async () => {
    const dir = tempDir();
    const docx = path.join(dir, 'xxe.docx');
    fs.writeFileSync(
      docx,
      await zipOf({
        '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        'word/document.xml': '<?xml version="1.0"?>\n<!DOCTYPE d [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>',
      }),
    );
    const r = await run(BIN, ['--db', path.join(dir, 's.sqlite'), 'import', 'docx', docx]);
    expectOneLine(r, /^error: the \.docx cannot be read: .*entity not found:&xxe;.*nothing was imported\n$/);
    expect(r.err).not.toMatch(/xmldom|root:/);
  }, 60_000);

  it('an import that fails into a store it was to create leaves no store and no folder behind; into an existing store, the store stays', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'not-a.docx');
    fs.writeFileSync(bad, 'this is not a Word document');
    const binary = path.join(dir, 'binary.txt');
    fs.writeFileSync(binary, Buffer.from([0xff, 0xfe, 0, 0, 0x62, 0, 1, 2]));
    const before = listing(dir);
    const fresh = path.join(dir, 'new', 'deeper', 'store.sqlite');
    expectOneLine(await run(BIN, ['--db', fresh, 'import', 'docx', bad]), /not a Word document/);
    expectOneLine(await run(BIN, ['--db', fresh, 'import', 'text', binary]), /not a text file/);
    expect(listing(dir)).toEqual(before);
    // an existing store, even an empty one, is never removed
    const existing = path.join(dir, 'kept', 'store.sqlite');
    const made = await run(BIN, ['--db', existing, 'draft', 'create', '--title', 'Kept']);
    expect(made.code, made.err).toBe(0);
    expectOneLine(await run(BIN, ['--db', existing, 'import', 'docx', bad]), /not a Word document/);
    expect(fs.existsSync(existing)).toBe(true);
    const db = new Database(existing, { readonly: true });
    expect(db.prepare('SELECT title FROM drafts').all()).toEqual([{ title: 'Kept' }]);
    db.close();
  });

  it('`backup create` interrupted half-way (Ctrl+C, SIGTERM) leaves no *.partial file, says so in one line', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'big.sqlite');
    createServices(db, { create: true }).close();
    const raw = new Database(db);
    raw.exec('CREATE TABLE ballast (b BLOB)');
    const ins = raw.prepare('INSERT INTO ballast VALUES (zeroblob(1000000))');
    raw.transaction(() => {
      for (let i = 0; i < 120; i++) ins.run();
    })();
    raw.close();
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const partials = () => [...fs.readdirSync(out), ...fs.readdirSync(dir), ...(fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')) : [])].filter((f) => f.includes('.partial-'));
    let interrupted = 0;
    for (const [signal, args] of [
      ['SIGINT', ['backup', 'create', '--out', path.join(out, 'copy.sqlite')]],
      ['SIGTERM', ['backup', 'create']],
      ['SIGINT', ['backup', 'create', '--out', path.join(out, 'copy2.sqlite')]],
    ] as const) {
      const r = await run(BIN, ['--db', db, ...args], {
        whileRunning: (child) => {
          // the signal goes the moment the copy's temporary file shows up
          const t = setInterval(() => {
            if (partials().length) {
              clearInterval(t);
              child.kill(signal);
            }
          }, 2);
          child.on('exit', () => clearInterval(t));
        },
      });
      expect(partials()).toEqual([]);
      if (r.code === 0) continue; // finished before the signal landed: nothing to check this round
      interrupted++;
      expectOneLine(r, new RegExp(`^error: interrupted \\(${signal}\\)`));
      expect(fs.readdirSync(out).filter((f) => !/^copy\d?\.sqlite$/.test(f))).toEqual([]);
    }
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);
});

describe('`npm run serve` fails in one line', () => {
  it('a port in use, a bad --port, a non-SQLite store, a newer store: exit 1, one line, no store made', async () => {
    const { dir, text, newer } = badStores();
    const fresh = path.join(dir, 'fresh.sqlite');
    const before = listing(dir);
    const [inUse, letters, tooBig, notDb, newerDb, unknown] = await withTakenPort((port) =>
      Promise.all([
        run(SERVE, ['--db', fresh, '--port', String(port)]),
        run(SERVE, ['--db', fresh, '--port', 'eighty']),
        run(SERVE, ['--db', fresh, '--port', '70000']),
        run(SERVE, ['--db', text]),
        run(SERVE, ['--db', newer]),
        run(SERVE, ['--db', fresh, '--colour']),
      ]),
    );
    expectOneLine(inUse, /^error: port \d+ is already in use/);
    expectOneLine(letters, /^error: --port must be a number from 0 to 65535, not "eighty"/);
    expectOneLine(tooBig, /^error: --port must be a number from 0 to 65535, not "70000"/);
    expectOneLine(notDb, /not-sqlite\.sqlite is not a GCM Review store/);
    expectOneLine(newerDb, /schema version 999 is newer than this app supports/);
    expectOneLine(unknown, /colour/);
    expect(listing(dir)).toEqual(before);
  }, 90_000);
  it('a reader that stops early (`draft list | head -1`): the first line, no "error: write EPIPE", exit 0', async () => {
    const db = path.join(tempDir(), 'many.sqlite');
    const s = createServices(db);
    for (let i = 0; i < 3000; i++) s.drafts.create({ title: `Draft ${i}` }); // far more than a pipe holds
    s.close();
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [bundled(BIN), '--db', db, 'draft', 'list'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) child.stdout!.destroy(); // as head -1 does: read a line, close the pipe
      });
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => setImmediate(() => resolve({ code, out, err })));
    });
    expect(r.out.split('\n')[0]).toMatch(/\tDraft \d+$/);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});
