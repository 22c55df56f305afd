/**
 * Migration 017 (revision ids in 16 bytes, issue 13) on a store written by the code of schema 16
 * (test/fixtures/store-v16.sqlite, made by test/fixtures/make-store-v16.ts with that code: the
 * schema-15 fixture upgraded, saves in en/fr/ar, and a chain of revisions whose ids are an
 * upper-case UUID, a made-up id and a UUID with spaces). Every revision's id, parents, author,
 * time, value and text read back as before, the history pages, the open drafts and search work,
 * the odd ids survive byte for byte; the references that foreign keys guarded are still guarded;
 * a store killed mid-way is as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { openStore } from '../main/store/db';
import { LATEST_VERSION, schemaVersion, type UpgradeStep } from '../main/store/migrations';
import { bodyJson, snapshotJson, textOfValue } from '../main/store/revision-body';
import { idKey, idText } from '../main/store/revision-id';
import { getRevisionRow, insertRevision, listRevisionRows, revisionExists, setHead, type RevisionRow } from '../main/store/revisions';
import { fixture, makeServices, tempDir } from './helpers';
import { killUpgradeDuring } from './upgrade-kill';

const V16 = fixture('store-v16.sqlite');
const ODD = ['0190C3A1-7E4B-7A3C-9F00-0123456789AB', 'rev:elsewhere/42', ' 0190c3a1-7e4b-7a3c-9f00-0123456789ac '];

type Old = RevisionRow & { origin_revision_id: string | null };

/** Every revision of a schema-16 store as that code stored it (ids as text), its value decoded from its body. */
function revisionsAt16(file: string): Map<string, Old> {
  const db = new Database(file, { readonly: true });
  try {
    expect(schemaVersion(db)).toBe(16);
    const body = db.prepare('SELECT body FROM revisions WHERE id = ?').pluck();
    const rows = db
      .prepare(
        `SELECT r.id, d.id AS draft_id, f.name AS field, p.id AS parent_id, m.id AS merge_parent_id, a.name AS author_name, a.org AS author_org, a.installation_id,
           coalesce(r.created_text, strftime('%Y-%m-%dT%H:%M:%S', r.created / 1000, 'unixepoch') || printf('.%03dZ', r.created % 1000)) AS created_at,
           r.note, a.source_bundle_id, r.origin_revision_id, r.body
         FROM revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field JOIN revision_authors a ON a.n = r.author
         LEFT JOIN revisions p ON p.n = r.parent LEFT JOIN revisions m ON m.n = r.merge_parent`,
      )
      .all() as Array<Omit<Old, 'value' | 'text'> & { body: Buffer }>;
    return new Map(
      rows.map(({ body: b, ...r }) => {
        const value = bodyJson(b, (id) => snapshotJson(body.get(id) as Buffer)).toString('utf8');
        return [r.id, { ...r, value, text: textOfValue(value) }];
      }),
    );
  } finally {
    db.close();
  }
}

/** Each field's history as the schema-16 code listed it: newest first by (created, n). */
function historiesAt16(file: string): Map<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out = new Map<string, string[]>();
    const rows = db
      .prepare('SELECT d.id AS draft_id, f.name AS field, r.id FROM revisions r JOIN revision_drafts d ON d.n = r.draft JOIN revision_fields f ON f.n = r.field ORDER BY d.id, f.name, r.created DESC, r.n DESC')
      .all() as Array<{ draft_id: string; field: string; id: string }>;
    for (const r of rows) {
      const k = `${r.draft_id} ${r.field}`;
      out.set(k, [...(out.get(k) ?? []), r.id]);
    }
    return out;
  } finally {
    db.close();
  }
}

const copyOfV16 = () => {
  const file = path.join(tempDir(), 'v16.sqlite');
  fs.copyFileSync(V16, file);
  return file;
};

describe('revision ids in their stored form', () => {
  it('one id, one stored form: canonical lower-case UUIDs as 16 bytes, anything else as written', () => {
    const u = '01a23905-a073-70be-941e-b1fbf8ad5376';
    expect(idKey(u)).toEqual(Buffer.from('01a23905a07370be941eb1fbf8ad5376', 'hex'));
    for (const id of [u.toUpperCase(), ` ${u}`, `${u}\n`, u.replace(/-/g, ''), '01a23905-a073-70be-941e-b1fbf8ad537g', 'rev:elsewhere/42', '']) expect(idKey(id)).toBe(id);
    for (const id of [u, u.toUpperCase(), 'rev:elsewhere/42']) expect(idText(idKey(id))).toBe(id);
  });
});

describe('migration 017: revision ids in 16 bytes', () => {
  it('converts a store written by the schema-16 code: every revision, history page, open draft and search as before', async () => {
    const file = copyOfV16();
    const before = revisionsAt16(file);
    const histories = historiesAt16(file);
    const raw = new Database(file, { readonly: true });
    const heads = raw.prepare('SELECT draft_id, field, revision_id FROM answers').all() as Array<{ draft_id: string; field: string; revision_id: string }>;
    const refsBefore = raw.prepare('SELECT count(*) FROM merge_conflicts').pluck().get() as number;
    raw.close();
    const oldSize = fs.statSync(file).size;
    // what the fixture holds, so that the comparison means something
    const all = [...before.values()];
    expect(all.length).toBeGreaterThan(380);
    expect(all.filter((r) => r.merge_parent_id).length).toBeGreaterThan(1);
    expect(all.filter((r) => r.origin_revision_id).length).toBeGreaterThan(50);
    expect(all.filter((r) => ODD.includes(r.id)).map((r) => r.id).sort()).toEqual([...ODD].sort());
    expect(before.get(ODD[1]!)!.parent_id).toBe(ODD[0]);
    expect(before.get(ODD[2]!)!.parent_id).toBe(ODD[1]);
    expect(heads.map((h) => h.revision_id)).toContain(ODD[2]);
    expect(refsBefore).toBeGreaterThan(0);

    const events: UpgradeStep[] = [];
    openStore(file, { onProgress: (p) => events.push(p) }).db.close();
    // the upgraded file is smaller (measured before the search index is rebuilt by the catch-up,
    // which a change of the search words' rule brings too: main/store/search-reindex.ts)
    expect(fs.statSync(file).size).toBeLessThan(oldSize);
    const counted = events.filter((e): e is Extract<UpgradeStep, { step: 'migrate' }> => e.step === 'migrate' && e.version === 17 && e.total > 0);
    expect(counted.at(-1)).toMatchObject({ done: before.size, total: before.size });
    expect(counted.every((e) => e.pass === 0 && e.passes === 1)).toBe(true); // the one long migration of this upgrade
    expect(events.map((e) => e.step)).toEqual(expect.arrayContaining(['backup', 'vacuum', 'done']));
    expect(fs.existsSync(`${file}.v16.bak`)).toBe(true);

    const s = makeServices(file);
    const db = s.store.db;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // the app's ids are kept in 16 bytes; the three others byte for byte as they were written
    expect(db.prepare("SELECT count(*) FROM revisions WHERE typeof(id) = 'blob' AND length(id) = 16").pluck().get()).toBe(before.size - ODD.length);
    expect((db.prepare("SELECT hex(id) FROM revisions WHERE typeof(id) = 'text' ORDER BY n").pluck().all() as string[])).toEqual(ODD.map((id) => Buffer.from(id, 'utf8').toString('hex').toUpperCase()));

    // every revision, every column, as before
    for (const [id, b] of before) expect({ origin_revision_id: null, ...getRevisionRow(s.store, id)! }, id).toEqual(b);
    for (const id of ODD) expect(revisionExists(s.store, id)).toBe(true);
    expect(revisionExists(s.store, ODD[0]!.toLowerCase())).toBe(false); // not the upper-case one's twin
    // every field's history, paged, in the same order
    for (const [k, ids] of histories) {
      const [draftId, field] = k.split(' ') as [string, string];
      const paged: string[] = [];
      for (let cursor: { createdAt: string; id: string } | undefined, i = 0; i < 100; i++) {
        const page = await invoke(s.handlers, 'fieldHistoryPage', { draftId, field, before: cursor, limit: 7 });
        paged.push(...page.saves.map((x) => x.id));
        if (!page.next) break;
        cursor = page.next;
      }
      expect(paged, k).toEqual(ids);
      expect(listRevisionRows(s.store, draftId, field).map((r) => r.id)).toEqual(ids);
    }
    // the whole history of the field with the odd ids, parents as written
    const master = heads.find((h) => h.revision_id === ODD[2])!.draft_id;
    const hist = await invoke(s.handlers, 'fieldHistory', { draftId: master, field: 'I.b' });
    expect(ODD.map((id) => hist.find((h) => h.id === id)).map((h) => [h?.id, h?.parentId, h?.mergeParentId])).toEqual([
      [ODD[0], before.get(ODD[0]!)!.parent_id, null],
      [ODD[1], ODD[0], null],
      [ODD[2], ODD[1], before.get(ODD[2]!)!.merge_parent_id],
    ]);
    expect(before.get(ODD[2]!)!.merge_parent_id).not.toBeNull();
    // every draft opens with the same heads and values
    for (const d of new Set(heads.map((h) => h.draft_id))) {
      const open = await invoke(s.handlers, 'getDraft', { draftId: d });
      for (const h of heads.filter((x) => x.draft_id === d)) {
        const f = open.fields[h.field]!;
        const b = before.get(h.revision_id)!;
        expect([f.revisionId, JSON.stringify(f.value), f.text, f.authorName]).toEqual([h.revision_id, b.value, b.text, b.author_name]);
      }
    }
    // search: the answer whose head has an odd id, and answers in each language
    expect((await invoke(s.handlers, 'search', { query: 'ailleurs' })).hits.map((h) => [h.draftId, h.field])).toEqual([[master, 'I.b']]);
    expect((await invoke(s.handlers, 'search', { query: 'ministère' })).hits.length).toBeGreaterThan(0);
    expect((await invoke(s.handlers, 'search', { query: 'الوزارة' })).hits.length).toBeGreaterThan(0);
    // conflicts still list with their revisions
    expect(db.prepare('SELECT count(*) FROM merge_conflicts').pluck().get()).toBe(refsBefore);
    s.close();
  });

  it('on the converted store: new saves kept in 16 bytes, odd ids still usable, and every reference still checked', async () => {
    const file = copyOfV16();
    const s = makeServices(file);
    const db = s.store.db;
    const master = db.prepare("SELECT id FROM drafts WHERE title LIKE 'Morocco%'").pluck().get() as string;
    expect((await invoke(s.handlers, 'getDraft', { draftId: master })).fields['I.b']!.revisionId).toBe(ODD[2]);
    const head = (await invoke(s.handlers, 'getDraft', { draftId: master })).fields['I.a']!.revisionId;
    const saved = await invoke(s.handlers, 'saveField', { draftId: master, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Après 017.' }] }] } }, baseRevisionId: head });
    expect(db.prepare('SELECT typeof(id), length(id) FROM revisions WHERE id = ?').raw().get(idKey(saved.revisionId))).toEqual(['blob', 16]);
    expect(getRevisionRow(s.store, saved.revisionId)).toMatchObject({ parent_id: head, text: 'Après 017.' });
    // an upper-case id and its lower-case twin are two revisions, as before; the same id twice is refused
    const before1Text = getRevisionRow(s.store, ODD[1]!)!.text;
    const twin: RevisionRow = { ...getRevisionRow(s.store, ODD[0]!)!, id: ODD[0]!.toLowerCase(), parent_id: null, merge_parent_id: null };
    insertRevision(s.store, twin);
    expect(getRevisionRow(s.store, twin.id)!.id).toBe(twin.id);
    expect(getRevisionRow(s.store, ODD[0]!)!.id).toBe(ODD[0]);
    expect(() => insertRevision(s.store, twin)).toThrow(/UNIQUE/);
    expect(() => insertRevision(s.store, { ...twin, id: ODD[1]! })).toThrow(/UNIQUE/);
    // heads moved back: to a revision with an odd id, and to the one before the save
    setHead(s.store, master, 'I.b', ODD[1]!, new Date().toISOString());
    expect((await invoke(s.handlers, 'getDraft', { draftId: master })).fields['I.b']!.text).toBe(before1Text);
    setHead(s.store, master, 'I.a', head, new Date().toISOString());

    // what the foreign keys to revisions(id) refused is still refused, foreign keys on or off
    const missing = '01a23905-0000-7000-8000-00000000dead';
    const answerRow = db.prepare('SELECT rowid FROM answers WHERE draft_id = ? AND field = ?').pluck().get(master, 'I.b') as number;
    const conflict = db.prepare('SELECT id FROM merge_conflicts LIMIT 1').pluck().get() as string;
    for (const fk of ['ON', 'OFF']) {
      db.pragma(`foreign_keys = ${fk}`);
      expect(() => db.prepare('UPDATE answers SET revision_id = ? WHERE rowid = ?').run(missing, answerRow)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare('UPDATE answers SET revision_id = ? WHERE rowid = ?').run(ODD[0]!.toLowerCase() + 'x', answerRow)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare('UPDATE merge_conflicts SET resolved_revision_id = ? WHERE id = ?').run(missing, conflict)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO named_version_fields SELECT id, 'Z.z', ? FROM named_versions LIMIT 1").run(missing)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO answers (draft_id, field, revision_id, updated_at) VALUES (?, 'X.z', ?, 'now')").run(master, missing)).toThrow(/FOREIGN KEY/);
      // a revision that is named cannot be deleted
      expect(() => db.prepare('DELETE FROM revisions WHERE id = ?').run(idKey(ODD[1]!))).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare('DELETE FROM revisions WHERE id = ?').run(idKey(saved.revisionId))).not.toThrow(); // named by nothing (the head moved on)
    }
    db.pragma('foreign_keys = ON');
    // references to revisions that are here are taken, in either stored form
    db.prepare('UPDATE answers SET revision_id = ? WHERE rowid = ?').run(ODD[2], answerRow);
    db.prepare('UPDATE merge_conflicts SET resolved_revision_id = ? WHERE id = ?').run(head, conflict);
    const blobbed = db.prepare("SELECT revision_id FROM answers WHERE revision_id GLOB '[0-9a-f]*' LIMIT 1").pluck().get() as string;
    db.prepare('UPDATE answers SET revision_id = ? WHERE rowid = ?').run(blobbed, answerRow);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    s.close();
  });

  it('SIGKILL in the middle of migration 017 loses no data: the store is as it was, and the next open completes it', async () => {
    const file = copyOfV16();
    // grown to 60,000 revisions the way the schema-16 code stores them (a chain of one field, one body copied)
    const raw = new Database(file);
    const seed = raw.prepare("SELECT * FROM revisions WHERE body IS NOT NULL AND substr(body, 1, 1) = x'01' LIMIT 1").get() as Record<string, unknown>;
    const ins = raw.prepare('INSERT INTO revisions (id, draft, field, parent, author, created, text_size, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    raw.transaction(() => {
      let parent = seed.n as number;
      for (let i = 0; i < 60_000; i++) {
        const id = i % 1000 === 0 ? `EXT-${i}` : `01a23905-0000-7000-8000-${String(i).padStart(12, '0')}`;
        parent = Number(ins.run(id, seed.draft, seed.field, parent, seed.author, Date.UTC(2027, 0, 1) + i * 1000, seed.text_size, seed.body).lastInsertRowid);
      }
    })();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = revisionsAt16(file);
    const seen = await killUpgradeDuring(file, 17);
    expect(seen).toBeLessThan(before.size);
    const after = new Database(file, { readonly: true });
    expect(schemaVersion(after)).toBe(16);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(after.prepare("SELECT count(*) FROM pragma_foreign_key_list('answers') WHERE \"table\" = 'revisions'").pluck().get()).toBe(1); // the schema too
    after.close();
    expect(revisionsAt16(file)).toEqual(before);
    const s = makeServices(file);
    expect(schemaVersion(s.store.db)).toBe(LATEST_VERSION);
    for (const [id, b] of [...before].filter(([id], i) => i % 251 === 0 || id.startsWith('EXT-'))) expect({ origin_revision_id: null, ...getRevisionRow(s.store, id)! }).toEqual(b);
    expect(s.store.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(before.size);
    s.close();
  }, 180_000);
});
