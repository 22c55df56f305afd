import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../main/store/migrations';
import { tempDir } from './helpers';

describe('migration 002 keys and trust', () => {
  it('adds signing keys, the trust register and origin revision ids, keeping v1 data', () => {
    const db = new Database(path.join(tempDir(), 'm.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','Draft one','x','1.0.0','a','a','n','o','i')").run();
    db.prepare("INSERT INTO revisions (id,draft_id,field,value,text,author_name,author_org,installation_id,created_at) VALUES ('r1','d','I.a','{\"kind\":\"answer\"}','t','n','o','i','now')").run();
    db.prepare("INSERT INTO blobs (sha256,size,created_at) VALUES (?, 3, 'now')").run('a'.repeat(64));
    db.prepare("INSERT INTO bundles (id,direction,draft_id,kind,file_name,file_sha256,signer_fingerprint,signer_name,signer_org,created_at,recorded_at) VALUES ('b','export','d','draft','f','h','fp','n','o','t','t')").run();

    expect(migrate(db, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['signing_keys', 'trust_register', 'drafts', 'revisions', 'bundles']));
    const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols('trust_register')).toEqual(expect.arrayContaining(['fingerprint', 'public_key_pem', 'name', 'organisation', 'valid_from', 'valid_until', 'revoked_at', 'added_at']));
    expect(cols('signing_keys')).toEqual(expect.arrayContaining(['fingerprint', 'public_key_pem', 'private_key_ref', 'vault_kind']));
    expect(cols('revisions')).toContain('origin_revision_id');
    // v1 data survives
    expect(db.prepare('SELECT title FROM drafts').get()).toEqual({ title: 'Draft one' });
    expect(db.prepare('SELECT id, origin_revision_id FROM revisions').get()).toEqual({ id: 'r1', origin_revision_id: null });
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT file_name FROM bundles').get()).toEqual({ file_name: 'f' });
    // constraints
    const fp = `sha256:${'b'.repeat(64)}`;
    expect(() => db.prepare("INSERT INTO trust_register (fingerprint, public_key_pem, name, organisation, added_at, added_by_name, added_by_org) VALUES ('md5:x','p','n','o','t','n','o')").run()).toThrow(/CHECK/);
    const key = db.prepare("INSERT INTO signing_keys (fingerprint, public_key_pem, private_key_ref, vault_kind, name, organisation, created_at) VALUES (?, 'p', 'r', 'file-0600', 'n', 'o', 't')");
    key.run(fp);
    expect(() => key.run(`sha256:${'c'.repeat(64)}`)).toThrow(/UNIQUE/); // one active key
    db.close();
  });
});
