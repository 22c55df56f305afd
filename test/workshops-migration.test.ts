import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../main/store/db';
import { migrate, schemaVersion } from '../main/store/migrations';
import { tempDir } from './helpers';

const cols = (db: Database.Database, t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string; type: string; pk: number }>);

describe('migration 003 workshops and review', () => {
  it('adds workshops, participants, contributions, sources, versions, status history, comments and merge conflicts with uuid keys', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    expect(schemaVersion(db)).toBe(3);
    for (const t of ['workshops', 'participants', 'contributions', 'draft_versions', 'draft_status_history', 'comments', 'merge_conflicts']) {
      const pk = cols(db, t).find((c) => c.pk === 1)!;
      expect([t, pk.name, pk.type]).toEqual([t, 'id', 'TEXT']);
    }
    expect(cols(db, 'contributions').map((c) => c.name)).toEqual(
      expect.arrayContaining(['workshop_id', 'draft_id', 'participant_id', 'organisation', 'targets', 'content', 'author_name', 'installation_id', 'source_bundle_id', 'status', 'decided_at', 'decided_by', 'dismiss_reason', 'accepted_revision_id']),
    );
    expect(cols(db, 'merge_conflicts').map((c) => c.name)).toEqual(
      expect.arrayContaining(['draft_id', 'field', 'base_revision_id', 'ours_revision_id', 'theirs_revision_id', 'source_bundle_id', 'resolved_at', 'resolved_revision_id']),
    );
    expect(cols(db, 'drafts').map((c) => c.name)).toContain('version');
    db.close();
  });

  it('enforces kinds, statuses, targets and dismiss reasons', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
    db.prepare("INSERT INTO workshops (id,draft_id,template_id,template_version,title,date,place,authority,created_at,created_by_name,created_by_org,installation_id) VALUES ('w','d','x','1.0.0','T','2020-09-15','Oujda','Wilaya','a','n','o','i')").run();
    const part = db.prepare("INSERT INTO participants (id,workshop_id,name,organisation,kind,consent_to_name,created_at,installation_id) VALUES (?, 'w', 'N', 'O', ?, 0, 'a', 'i')");
    part.run('p1', 'municipality');
    expect(() => part.run('p2', 'martian')).toThrow(/CHECK/);
    const contrib = db.prepare(
      "INSERT INTO contributions (id,workshop_id,draft_id,participant_id,organisation,targets,content,text,created_at,author_name,author_org,installation_id,status,dismiss_reason) VALUES (?, 'w', 'd', 'p1', 'O', ?, '{}', '', 'a', 'n', 'o', 'i', ?, ?)",
    );
    contrib.run('c1', '["II.a","III.a/objective/7"]', 'pending', null);
    expect(() => contrib.run('c2', '[]', 'pending', null)).toThrow(/CHECK/);
    expect(() => contrib.run('c3', '"II.a"', 'pending', null)).toThrow(/CHECK/);
    expect(() => contrib.run('c4', '["II.a"]', 'maybe', null)).toThrow(/CHECK/);
    expect(() => contrib.run('c5', '["II.a"]', 'dismissed', ' ')).toThrow(/CHECK/);
    contrib.run('c6', '["II.a"]', 'dismissed', 'duplicate');
    expect(() => db.prepare("INSERT INTO comments (id,draft_id,field,parent_id,body,author_name,author_org,installation_id,created_at) VALUES ('k','d','I.a','missing','b','n','o','i','a')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('migrates an existing version-1 store with its drafts: they start at version 1, in progress', () => {
    const file = path.join(tempDir(), 's.sqlite');
    const old = new Database(file);
    migrate(old, 1);
    old.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
    old.close();
    const db = openDatabase(file);
    expect(fs.existsSync(`${file}.v1.bak`)).toBe(true);
    expect(db.prepare('SELECT status, version FROM drafts').get()).toEqual({ status: 'in_progress', version: 1 });
    db.close();
  });
});
