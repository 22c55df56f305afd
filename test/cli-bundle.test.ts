/**
 * The bundled command line (issue 13): `npm run build:cli` makes dist/cli/gcm-review.mjs (the
 * package's `gcm-review` bin); it runs each command once; what starts with it holds neither SQLite
 * nor the libraries only some commands need (docx, mammoth, age, yauzl, yazl), which load when
 * those commands run. (Start-up time against `node -e 0` is measured in `npm run bench -- cli`.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, '.tmp', `cli-bundle-${process.pid}`);
const metafile = path.join(outdir, '..', `cli-bundle-${process.pid}.meta.json`);
const bin = path.join(outdir, 'gcm-review.mjs');

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'build', 'build-cli.mjs'), '--outdir', outdir], { env: { ...process.env, CLI_METAFILE: metafile }, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(metafile, { force: true });
});

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, GCM_REVIEW_DB: '' } });

type Meta = { outputs: Record<string, { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }> };

/** Every source module loaded with the chunks holding `modules`, through their static imports (dynamic ones load later, when used). */
function staticClosure(meta: Meta, modules: string[]): Set<string> {
  const inputs = new Set<string>();
  const queue = modules.map((m) => Object.keys(meta.outputs).find((o) => !o.endsWith('.map') && m in meta.outputs[o]!.inputs)!);
  for (const done = new Set<string>(); queue.length; ) {
    const o = queue.shift()!;
    if (done.has(o)) continue;
    done.add(o);
    for (const i of Object.keys(meta.outputs[o]!.inputs)) inputs.add(i);
    for (const i of meta.outputs[o]!.imports) if (i.kind === 'import-statement' && !i.external) queue.push(i.path);
  }
  return inputs;
}

describe('the bundled CLI', () => {
  it('is the package bin and answers --help, create, list and export, each once', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.bin['gcm-review']).toBe('dist/cli/gcm-review.mjs');
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout.match(/^usage: gcm-review/gm)).toHaveLength(1);
    const db = path.join(tempDir(), 'store.sqlite');
    const made = run('--db', db, 'draft', 'create', '--title', 'Révision nationale — المراجعة');
    expect(made.status).toBe(0);
    const id = made.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run('--db', db, 'answer', 'set', id, 'I.a', '--text', 'La coordination.').status).toBe(0);
    const list = run('--db', db, 'draft', 'list', '--json');
    expect(JSON.parse(list.stdout)).toMatchObject([{ id, answered: 1 }]);
    const bad = run('--db', db, 'answer', 'set', 'nope', 'I.a', '--text', 'x');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual(['error: no draft with id nope']);
    // a lazily loaded library (docx) works from its chunk
    const out = path.join(path.dirname(db), 'review.docx');
    expect(run('--db', db, 'export', 'docx', id, '--out', out).status).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  }, 120_000);

  it('starts without SQLite, the contract schemas or the heavy libraries', () => {
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
    };
    const entry = Object.keys(meta.outputs).find((o) => o.endsWith('/gcm-review.mjs'))!;
    const inputs = new Set<string>();
    const externals = new Set<string>();
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length) {
      const o = queue.shift()!;
      if (seen.has(o)) continue;
      seen.add(o);
      for (const i of Object.keys(meta.outputs[o]!.inputs)) inputs.add(i);
      for (const i of meta.outputs[o]!.imports) {
        if (i.kind !== 'import-statement') continue; // dynamic imports load later, when used
        if (i.external) externals.add(i.path);
        else queue.push(i.path);
      }
    }
    const startup = [...inputs].join('\n');
    // a command that opens the store loads the services chunk; the uploader (tus-js-client, https, lock files) waits for an upload
    const withServices = staticClosure(meta, ['main/services/index.ts']);
    expect([...withServices].join('\n')).toContain('main/services/drafts.ts');
    expect([...withServices].join('\n')).not.toContain('node_modules/tus-js-client/');
    for (const heavy of ['node_modules/docx/', 'node_modules/mammoth/', 'node_modules/age-encryption/', 'node_modules/yauzl/', 'node_modules/yazl/', 'node_modules/htmlparser2/', 'main/dispatch.ts', 'shared/contract/index.ts', 'shared/contract/workshops.ts', 'shared/contract/interchange.ts', 'main/services/index.ts'])
      expect(startup).not.toContain(heavy);
    expect(startup).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js)/); // English messages only
    expect([...externals]).not.toContain('better-sqlite3');
    // ...and they are in the bundle, for the commands that need them
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)).join('\n');
    for (const heavy of ['node_modules/docx/', 'node_modules/mammoth/', 'node_modules/age-encryption/', 'node_modules/yauzl/', 'node_modules/yazl/', 'node_modules/tus-js-client/']) expect(all).toContain(heavy);
  });

  it('`draft list` loads the store, the drafts and their schemas, not the services loaded on first use (issue 13)', () => {
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Meta;
    // what `draft list` imports: the store (its path), the services, the dispatcher (main/cli/index.ts, util.ts), and the dispatcher the drafts' schemas
    const loaded = [...staticClosure(meta, ['main/cli/bin.ts', 'main/store/store.ts', 'main/services/index.ts', 'main/dispatch.ts', 'shared/contract/drafts.ts'])].join('\n');
    for (const core of ['main/store/store.ts', 'main/services/drafts.ts', 'main/services/templates.ts', 'shared/contract/method-names.ts']) expect(loaded).toContain(core);
    for (const later of [
      'main/services/on-demand.ts',
      'main/bundle/',
      'main/keys/',
      'main/attachments/',
      'main/workshops/',
      'main/delivery/',
      'main/interchange/',
      'main/services/interchange.ts',
      'main/services/transfer.ts',
      'main/merge/',
      'main/store/backup.ts',
      // the dispatcher loads only the schemas of the call made (shared/contract/method-names.ts)
      'shared/contract/index.ts',
      'shared/contract/workshops.ts',
      'shared/contract/interchange.ts',
      'shared/contract/bundles.ts',
      'shared/contract/delivery.ts',
      'shared/contract/transfer.ts',
      'shared/contract/history.ts',
      'shared/bundle-format.ts',
    ])
      expect(loaded).not.toContain(later);
    // ...which the first call of one of theirs loads
    const onDemand = [...staticClosure(meta, ['main/services/on-demand.ts'])].join('\n');
    for (const later of ['main/bundle/service.ts', 'main/workshops/handlers.ts', 'main/delivery/service.ts', 'main/services/interchange.ts']) expect(onDemand).toContain(later);
  });
});
