/**
 * Outputs never clobber (issue 9, finding 2): every --out refuses an existing file unless --force,
 * and refuses the store, its -wal/-shm/lock files, its backups and key folders even with --force.
 * Writes go through a temporary file in the same folder, fsynced, then renamed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputTarget, writeOutput } from '../main/output-file';
import { cli, tempDir } from './helpers';

async function setup() {
  const dir = tempDir();
  const db = path.join(dir, 'store.sqlite');
  await cli(db, 'identity', 'init', '--name', 'Amina', '--organisation', 'MFA');
  const id = (await cli(db, 'draft', 'create', '--title', 'Outputs')).out;
  await cli(db, 'answer', 'set', id, 'I.a', '--text', 'Kept safe.');
  await cli(db, 'backup', 'create'); // makes the backups folder
  return { dir, db, id };
}

const strays = (dir: string) => fs.readdirSync(dir).filter((f) => /partial|tmp-/.test(f));

describe('outputs never clobber', () => {
  it('--out pointed at the store is refused, even with --force, and the store still works', async () => {
    const { dir, db, id } = await setup();
    const before = fs.readFileSync(db);
    for (const force of [[], ['--force']]) {
      for (const args of [
        ['export', 'docx', id, '--out', db],
        ['export', 'print', id, '--out', db],
        ['backup', 'create', '--out', db],
        ['bundle', 'export', id, '--out', db],
        ['audit', id, '--csv', db],
      ]) {
        const r = await cli(db, ...args, ...(args[0] === 'bundle' ? [] : force));
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.err).toMatch(/^error: .*is the store: GCM Review never writes an output there/);
        expect(r.err.split('\n')).toHaveLength(1);
      }
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect((await cli(db, 'answer', 'get', id, 'I.a')).out).toBe('Kept safe.');
    expect(strays(dir)).toEqual([]);
  });

  it('refuses the WAL, SHM and lock files, the backups folder and the key folder, even with --force', async () => {
    const { dir, db, id } = await setup();
    fs.writeFileSync(`${db}-wal`, ''); // may or may not be there when no process has the store open
    const backups = path.join(dir, 'backups');
    const keys = fs.readdirSync(dir).find((f) => f.endsWith('.keys'))!;
    expect(keys).toBeTruthy();
    for (const target of [`${db}-wal`, `${db}-shm`, `${db}.lock`, path.join(backups, 'mine.docx'), path.join(backups, fs.readdirSync(backups)[0]!), path.join(dir, keys, 'x.pem')]) {
      const r = await cli(db, 'export', 'docx', id, '--out', target, '--force');
      expect(r.code, target).toBe(1);
      expect(r.err).toMatch(/never writes an output there/);
    }
    // through a symlink too
    fs.symlinkSync(db, path.join(dir, 'innocent.docx'));
    const r = await cli(db, 'export', 'docx', id, '--out', path.join(dir, 'innocent.docx'), '--force');
    expect(r.err).toMatch(/is the store/);
    expect((await cli(db, 'answer', 'get', id, 'I.a')).out).toBe('Kept safe.');
  });

  it('refuses an existing file unless --force, then replaces it whole', async () => {
    const { dir, db, id } = await setup();
    const out = path.join(dir, 'review.docx');
    fs.writeFileSync(out, 'precious');
    for (const args of [['export', 'docx', id, '--out', out], ['export', 'print', id, '--out', out], ['audit', id, '--csv', out], ['backup', 'create', '--out', out], ['bundle', 'export', id, '--out', out]]) {
      const r = await cli(db, ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(/already exists; choose another file name/);
    }
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    const r = await cli(db, 'export', 'docx', id, '--out', out, '--force');
    expect(r.code, r.err).toBe(0);
    expect(execFileSync('unzip', ['-l', out]).toString()).toContain('word/document.xml');
    const csv = path.join(dir, 'audit.csv');
    fs.writeFileSync(csv, 'old');
    expect((await cli(db, 'audit', id, '--csv', csv, '--force')).code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toMatch(/draft\.create/);
    const bak = path.join(dir, 'copy.sqlite');
    fs.writeFileSync(bak, 'old');
    expect((await cli(db, 'backup', 'create', '--out', bak, '--force')).code).toBe(0);
    expect((await cli(db, 'backup', 'check', bak)).out).toBe('ok');
    expect(strays(dir)).toEqual([]);
  });

  it('the helper: a temporary file beside the target, nothing left behind on failure', () => {
    const dir = tempDir();
    const out = path.join(dir, 'a.txt');
    expect(writeOutput(out, 'one')).toBe(out);
    expect(() => writeOutput(out, 'two')).toThrow(/already exists/);
    writeOutput(out, 'two', { force: true });
    expect(fs.readFileSync(out, 'utf8')).toBe('two');
    expect(() => outputTarget(path.join(dir, 'nope', 'x.txt'))).toThrow(/does not exist/);
    expect(() => outputTarget(dir, { force: true })).toThrow(/is a folder/);
    fs.chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() !== 0) expect(() => writeOutput(path.join(dir, 'b.txt'), 'x')).toThrow(/cannot write/);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
    expect(fs.readdirSync(dir)).toEqual(['a.txt']);
  });
});
