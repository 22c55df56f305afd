import type Database from 'better-sqlite3';
import { idKeySql, idTextSql } from '../revision-id';
import type { Migration, MigrationProgress } from './types';

/** Revisions copied per page (one INSERT … SELECT each; progress between pages). */
export const PAGE = 10_000;

/** A column of another table that names a revision by its id (what was a foreign key to revisions(id)). */
interface Ref {
  table: string;
  column: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** The foreign key clause the tables created by migrations 001-016 spell for a revision id. */
const REFERENCES_REVISION_ID = /\s+REFERENCES\s+"?revisions"?\s*\(\s*"?id"?\s*\)/gi;

/**
 * Issue 13: a revision's id kept in 16 bytes. `revisions.id` held each id as its 36 characters,
 * twice (in the table and in its UNIQUE index, ~40% of a short answer's revision). Now an id that is
 * a canonical lower-case UUID (every id this app makes) is kept as its 16 bytes (a BLOB), any
 * other id (from elsewhere: upper case, not a UUID) as the TEXT it was written as; the encoding is
 * canonical (revision-id.ts), so ids stay unique, and revisions.ts gives every id back as written.
 *
 * The other tables still name revisions by their id text (answers, conflicts, versions,
 * workshops…: read by many modules), so they no longer match `revisions.id` byte for byte and
 * SQLite's foreign keys to it cannot stay: they are replaced, with the same meaning, by triggers
 * that look the id up in its stored form (a reference to a revision that is not there is refused,
 * 'FOREIGN KEY constraint failed', whether foreign keys are on or off; a revision still named
 * cannot be deleted nor its id changed). The clauses are taken out of those tables' definitions in
 * place (SQLite's documented procedure for removing a foreign key constraint: writable_schema; no
 * row of theirs is rewritten). A table added later that names revisions by id adds its own
 * triggers the same way (`refTriggers`).
 *
 * The revisions table is rebuilt as in 016 (foreign keys off around it, checked before it commits),
 * in pages of PAGE by n; every count, and every id read back through the decoding, is checked
 * before it commits, so a store that does not convert exactly is left as it was. VACUUM after it.
 */
export const m017: Migration = {
  version: 17,
  name: 'revision_ids',
  vacuum: true,
  unit: 'revisions',
  foreignKeysOff: ['revisions'],
  up: (db: Database.Database, progress?: MigrationProgress) => {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const fks = (table: string) => db.prepare(`PRAGMA foreign_key_list(${q(table)})`).all() as Array<{ table: string; from: string; to: string | null }>;
    const refs: Ref[] = [];
    let otherFks = 0;
    for (const table of tables) {
      for (const fk of fks(table)) {
        if (table !== 'revisions' && fk.table.toLowerCase() === 'revisions' && fk.to === 'id') refs.push({ table, column: fk.from });
        else otherFks++;
      }
    }

    // references to revisions that are not there (written with foreign keys off): as many after
    const missingBefore = refs.map((r) => count(`SELECT count(*) FROM ${q(r.table)} c WHERE c.${q(r.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revisions WHERE id = c.${q(r.column)})`));

    // 1. the foreign keys to revisions(id) out of the tables' definitions (their rows are untouched)
    const schemaVersion = db.pragma('schema_version', { simple: true }) as number;
    const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck();
    const edits = [...new Set(refs.map((r) => r.table))].map((table) => {
      const sql = sqlOf.get(table) as string;
      return { table, sql: sql.replace(REFERENCES_REVISION_ID, '') };
    });
    if (edits.length) {
      db.unsafeMode(true);
      try {
        db.pragma('writable_schema = ON');
        const set = db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?");
        for (const e of edits) set.run(e.sql, e.table);
        db.pragma(`schema_version = ${schemaVersion + 1}`);
      } finally {
        db.pragma('writable_schema = OFF');
        db.unsafeMode(false);
      }
    }
    // exactly those clauses went: every other foreign key is as it was, every column still there
    let left = 0;
    for (const table of tables) {
      for (const fk of fks(table)) {
        if (table !== 'revisions' && fk.table.toLowerCase() === 'revisions' && fk.to === 'id') throw new Error(`converting the revision ids failed: ${table}.${fk.from} still references revisions(id); the store is left as it was`);
        left++;
      }
      for (const r of refs.filter((x) => x.table === table)) {
        if (!db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, r.column)) throw new Error(`converting the revision ids failed: ${table}.${r.column} is gone; the store is left as it was`);
      }
    }
    if (left !== otherFks) throw new Error(`converting the revision ids failed: foreign keys ${otherFks} before, ${left} after; the store is left as it was`);

    // 2. the revisions table with its ids in their stored form
    db.exec(`
CREATE TABLE revisions_new (
  n INTEGER PRIMARY KEY,
  id BLOB NOT NULL UNIQUE,
  draft INTEGER NOT NULL REFERENCES revision_drafts(n) ON DELETE CASCADE,
  field INTEGER NOT NULL REFERENCES revision_fields(n),
  parent INTEGER REFERENCES revisions(n),
  merge_parent INTEGER REFERENCES revisions(n),
  author INTEGER NOT NULL REFERENCES revision_authors(n),
  created INTEGER NOT NULL,
  created_text TEXT,
  text_size INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  origin_revision_id TEXT,
  body BLOB
);`);
    const total = count('SELECT count(*) FROM revisions');
    const last = (db.prepare('SELECT max(n) FROM revisions').pluck().get() as number | null) ?? 0;
    const copy = db.prepare(`
INSERT INTO revisions_new (n, id, draft, field, parent, merge_parent, author, created, created_text, text_size, note, origin_revision_id, body)
SELECT n, ${idKeySql('id')}, draft, field, parent, merge_parent, author, created, created_text, text_size, note, origin_revision_id, body
FROM revisions WHERE n > ? AND n <= ?`);
    let done = 0;
    progress?.(done, total);
    for (let from = 0; from < last; from += PAGE) {
      done += copy.run(from, Math.min(last, from + PAGE)).changes;
      progress?.(done, total);
    }
    // nothing lost on the way: every revision there, every id reads back as it was written
    const checks: Array<[string, number, number]> = [
      ['revisions', total, count('SELECT count(*) FROM revisions_new')],
      ['ids kept in 16 bytes', count(`SELECT count(*) FROM revisions WHERE typeof(id) = 'text' AND ${idKeySql('id')} <> id`), count("SELECT count(*) FROM revisions_new WHERE typeof(id) = 'blob'")],
      ['ids read back', total, count(`SELECT count(*) FROM revisions o JOIN revisions_new r ON r.n = o.n WHERE ${idTextSql('r.id')} = o.id`)],
      ['parents', count('SELECT count(*) FROM revisions WHERE parent IS NOT NULL'), count('SELECT count(*) FROM revisions_new WHERE parent IS NOT NULL')],
      ['merge parents', count('SELECT count(*) FROM revisions WHERE merge_parent IS NOT NULL'), count('SELECT count(*) FROM revisions_new WHERE merge_parent IS NOT NULL')],
    ];
    for (const [what, before, after] of checks) {
      if (before !== after) throw new Error(`converting the revision ids failed: ${what} ${before} before, ${after} after; the store is left as it was`);
    }
    db.exec(`
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_by_field ON revisions (draft, field, created);
CREATE INDEX revisions_by_origin ON revisions (origin_revision_id) WHERE origin_revision_id IS NOT NULL;
${refTriggers(refs)}`);
    // 3. every reference the foreign keys guarded still names a revision that is here
    refs.forEach((r, i) => {
      const bad = count(`SELECT count(*) FROM ${q(r.table)} c WHERE c.${q(r.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revisions WHERE id = ${idKeySql(`c.${q(r.column)}`)})`);
      const before = missingBefore[i]!;
      if (bad !== before) throw new Error(`converting the revision ids failed: ${r.table}.${r.column} names ${before} missing revisions before, ${bad} after; the store is left as it was`);
    });
  },
};

/**
 * The triggers that keep `refs` (columns naming a revision by its id text) as their foreign keys
 * did: a new or changed reference must name a revision that is here; a revision that is named
 * cannot be deleted, nor its id changed.
 */
export function refTriggers(refs: readonly Ref[]): string {
  const fail = "SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');";
  const missing = (col: string) => `${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revisions WHERE id = ${idKeySql(col)})`;
  const child = refs.flatMap(({ table, column }) => {
    const name = `${table}_${column}_revision`;
    const col = `NEW.${q(column)}`;
    return [
      `CREATE TRIGGER ${q(`${name}_insert`)} BEFORE INSERT ON ${q(table)} WHEN ${missing(col)} BEGIN ${fail} END;`,
      `CREATE TRIGGER ${q(`${name}_update`)} BEFORE UPDATE OF ${q(column)} ON ${q(table)} WHEN ${missing(col)} BEGIN ${fail} END;`,
    ];
  });
  if (!refs.length) return '';
  const named = refs.map(({ table, column }) => `EXISTS (SELECT 1 FROM ${q(table)} WHERE ${q(column)} = ${idTextSql('OLD.id')})`).join(' OR ');
  return [
    ...child,
    `CREATE TRIGGER revisions_named_delete BEFORE DELETE ON revisions WHEN ${named} BEGIN ${fail} END;`,
    `CREATE TRIGGER revisions_named_update BEFORE UPDATE OF id ON revisions WHEN NEW.id IS NOT OLD.id AND (${named}) BEGIN ${fail} END;`,
  ].join('\n');
}
