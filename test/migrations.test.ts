import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../main/store/db';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../main/store/migrations';
import { tempDir } from './helpers';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'answers_fts_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..N without gaps or duplicates, in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
  });

  describe('001 initial', () => {
    it('creates the schema with globally unique ids and revision parents', () => {
      const db = new Database(':memory:');
      migrate(db, 1);
      expect(schemaVersion(db)).toBe(1);
      expect(tables(db)).toEqual(['answers', 'answers_fts', 'attachments', 'audit_log', 'blobs', 'bundles', 'drafts', 'installation', 'revisions', 'settings', 'templates']);
      const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string; type: string; pk: number }>);
      for (const t of ['drafts', 'revisions', 'attachments', 'audit_log']) {
        const pk = cols(t).find((c) => c.pk === 1)!;
        expect(pk.name).toBe('id');
        expect(pk.type).toBe('TEXT'); // uuid, never an autoincrement integer
      }
      expect(cols('revisions').map((c) => c.name)).toEqual(
        expect.arrayContaining(['parent_id', 'merge_parent_id', 'author_name', 'author_org', 'installation_id', 'source_bundle_id']),
      );
      expect(cols('blobs').find((c) => c.pk === 1)!.name).toBe('sha256');
      db.close();
    });

    it('rejects a revision whose parent does not exist and invalid JSON values', () => {
      const db = new Database(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, 1);
      db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
      const ins = db.prepare("INSERT INTO revisions (id,draft_id,field,parent_id,value,text,author_name,author_org,installation_id,created_at) VALUES (?, 'd', 'I.a', ?, ?, '', 'n', 'o', 'i', 'now')");
      expect(() => ins.run('r1', 'missing', '{}')).toThrow(/FOREIGN KEY/);
      expect(() => ins.run('r1', null, 'not json')).toThrow(/CHECK/);
      ins.run('r1', null, '{"kind":"answer"}');
      ins.run('r2', 'r1', '{"kind":"answer"}');
      expect(db.prepare('SELECT parent_id FROM revisions WHERE id = ?').get('r2')).toEqual({ parent_id: 'r1' });
      db.close();
    });
  });

  it('openDatabase migrates to the latest version, in WAL with synchronous FULL', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('backs up an existing database before migrating it, and keeps its data', () => {
    if (LATEST_VERSION < 2) return expect(MIGRATIONS).toHaveLength(1); // nothing newer to migrate to yet
    const file = path.join(tempDir(), 's.sqlite');
    const old = new Database(file);
    migrate(old, 1);
    old.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    old.close();
    const db = openDatabase(file);
    expect(fs.existsSync(`${file}.v1.bak`)).toBe(true);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: 'v' });
    db.close();
  });

  it('refuses a database from a newer version of the app', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.pragma(`application_id = ${APPLICATION_ID}`); // ours, from a newer version
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this app supports/);
  });
});
