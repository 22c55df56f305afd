/**
 * Stores that defend themselves (issue 9, findings 7, 8, 11): an application_id marks our stores;
 * a foreign SQLite file (or any other file) named by mistake is refused and never migrated; a
 * mistyped path creates nothing for a read command; a store failing PRAGMA quick_check opens
 * read-only and says how to restore; `backup check` runs integrity_check; the store, its WAL and
 * SHM, backups and keys are 0600, and a key with a wider mode is refused with the fix.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { APPLICATION_ID } from '../main/store/db';
import { cli, makeServices, tempDir } from './helpers';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const mode = (f: string) => fs.statSync(f).mode & 0o777;

/** A store with a few revisions, its WAL folded in, then the revisions table's root page overwritten. */
async function corruptedStore(dir: string): Promise<{ db: string; id: string }> {
  const db = path.join(dir, 'store.sqlite');
  const id = (await cli(db, 'draft', 'create', '--title', 'Damaged')).out;
  for (let i = 0; i < 20; i++) await cli(db, 'answer', 'set', id, 'I.a', '--text', `${'x'.repeat(3000)} ${i}`);
  const raw = new Database(db);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'revisions'").get() as { rootpage: number };
  raw.close();
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(52, 0xa5), 0, 52, (rootpage - 1) * 4096 + 8);
  fs.closeSync(fd);
  return { db, id };
}

describe('stores that defend themselves', () => {
  it('marks our stores with an application_id, also stores made before it', async () => {
    const s = makeServices();
    expect(s.store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const file = s.store.file;
    s.close();
    const raw = new Database(file);
    raw.pragma('application_id = 0'); // as stores made while migration 005 was an empty stub
    raw.close();
    const again = makeServices(file);
    expect(again.store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
  });

  it('refuses another application’s SQLite file named by mistake, and changes nothing in it', async () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'places.sqlite');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES (\'https://example.org\');');
    raw.pragma('user_version = 3');
    raw.close();
    const withId = path.join(dir, 'other-app.db');
    const raw2 = new Database(withId);
    raw2.exec('CREATE TABLE drafts (id TEXT)');
    raw2.pragma('application_id = 1234');
    raw2.close();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all\n'.repeat(50));
    for (const f of [foreign, withId, text]) {
      const before = sha(f);
      for (const args of [['draft', 'list'], ['search', 'x'], ['draft', 'create', '--title', 'T'], ['identity', 'show']]) {
        const r = await cli(f, ...args);
        expect(r.code, `${f} ${args.join(' ')}`).toBe(1);
        expect(r.err).toMatch(/is not a GCM Review store .*nothing was changed/);
        expect(r.err.split('\n')).toHaveLength(1);
      }
      expect(sha(f)).toBe(before);
    }
    const check = new Database(foreign, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    expect((check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n).toBe(1);
    check.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'other-app.db', 'places.sqlite']);
  });

  it('a read command on a mistyped path creates nothing; only the commands that start a store make one', async () => {
    const dir = tempDir();
    const typo = path.join(dir, 'nested', 'folders', 'stroe.sqlite');
    for (const args of [['draft', 'list'], ['search', 'x'], ['answer', 'get', '0190a000-0000-7000-8000-000000000000', 'I.a'], ['backup', 'create'], ['trust', 'list']]) {
      const r = await cli(typo, ...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: cannot open the store: there is no store at .*stroe\.sqlite: check --db/);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    expect((await cli(typo, 'draft', 'create', '--title', 'First')).code).toBe(0);
    expect(mode(path.dirname(typo))).toBe(0o700);
    expect((await cli(typo, 'draft', 'list')).out).toMatch(/First/);
  });

  it('a store failing quick_check opens read-only, refuses writes with the way out, and backup check refuses it', async () => {
    const dir = tempDir();
    const { db, id } = await corruptedStore(dir);
    const before = sha(db);
    const r = await cli(db, 'answer', 'set', id, 'I.a', '--text', 'into a damaged store');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/damaged.*backup restore/);
    const c = await cli(db, 'draft', 'create', '--title', 'Another');
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/is damaged \(Tree \d+ page .*\); it is open read-only: restore a backup with `backup restore FILE`/);
    expect(sha(db)).toBe(before);
    const s = makeServices(db);
    expect(s.store.damaged).toMatch(/Tree \d+ page/);
    expect((await invoke(s.handlers, 'appInfo', {})).storeDamaged).toMatch(/Tree/);
    s.close();
    const copy = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(db, copy);
    const chk = await cli(db, 'backup', 'check', copy);
    expect(chk.code).toBe(1);
    expect(chk.err).toMatch(/copy\.sqlite is damaged: /);
  }, 120_000);

  it('creates the store, WAL, SHM, backups and keys 0600, and narrows an existing 0644 store', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    const db = s.store.file;
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.lock`]) expect(mode(f), f).toBe(0o600);
    const keyDir = `${db}.keys`;
    expect(mode(keyDir)).toBe(0o700);
    for (const k of fs.readdirSync(keyDir)) expect(mode(path.join(keyDir, k))).toBe(0o600);
    const b = await cli(db, 'backup', 'create');
    expect(mode(b.out)).toBe(0o600);
    s.close();
    fs.chmodSync(db, 0o644);
    const again = makeServices(db);
    expect(mode(db)).toBe(0o600);
    again.close();
  });

  it('refuses a signing key other users can read, saying how to fix it; a garbage key gets a sentence', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    await cli(db, 'identity', 'init', '--name', 'Amina', '--organisation', 'MFA');
    const id = (await cli(db, 'draft', 'create', '--title', 'Signed')).out;
    const keyDir = `${db}.keys`;
    const key = path.join(keyDir, fs.readdirSync(keyDir)[0]!);
    fs.chmodSync(key, 0o644);
    const r = await cli(db, 'bundle', 'export', id, '--out', path.join(dir, 'a.gcmr'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/can be read by other users of this computer \(mode 0644\); it was not used\. Make it private with: chmod 600 ".*" && chmod 700 ".*"/);
    expect(fs.existsSync(path.join(dir, 'a.gcmr'))).toBe(false);
    fs.chmodSync(key, 0o600);
    expect((await cli(db, 'bundle', 'export', id, '--out', path.join(dir, 'a.gcmr'))).code).toBe(0);
    fs.writeFileSync(key, crypto.randomBytes(48), { mode: 0o600 });
    const g = await cli(db, 'bundle', 'export', id, '--out', path.join(dir, 'b.gcmr'));
    expect(g.code).toBe(1);
    expect(g.err).toMatch(/^error: the signing key file .* does not hold a usable key \(damaged or replaced\)/);
    expect(g.err).not.toMatch(/DECODER|routines|error:[0-9A-F]{8}/);
  });
});
