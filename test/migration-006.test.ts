import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { migrate } from '../main/store/migrations';
import { getRevisionRow, type RevisionRow } from '../main/store/revisions';
import { noteFromText } from '../shared/note';
import { makeServices, tempDir } from './helpers';

const TEMPLATE = { id: 'arab-region-2020', version: '1.0.0' };

/** A store as the app wrote it before migration 006: notes are plain strings. */
function storeAtVersion5(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, 5);
  const draft = '01890000-0000-7000-8000-000000000001';
  db.prepare(
    `INSERT INTO drafts (id, title, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id)
     VALUES (?, 'Maroc — revue 2020', ?, ?, '2021-03-01T10:00:00.000Z', '2021-03-01T10:05:00.000Z', 'Amina', 'MAE', 'inst')`,
  ).run(draft, TEMPLATE.id, TEMPLATE.version);
  const rev = db.prepare(
    `INSERT INTO revisions (id, draft_id, field, parent_id, value, text, author_name, author_org, installation_id, created_at, note)
     VALUES (?, ?, ?, ?, ?, ?, 'Amina', 'MAE', 'inst', ?, NULL)`,
  );
  const head = db.prepare('INSERT INTO answers (draft_id, field, revision_id, updated_at) VALUES (?, ?, ?, ?)');
  const obj1 = 'Plan adopted.';
  const obj2 = 'Plan adopted in 2019.\nSigned by two ministries.\n\nSecond paragraph: - not a list item';
  const principle = 'يتمحور حول الإنسان';
  const answer = { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Coordination.' }] }] } };
  const ids = ['01890000-0000-7000-8000-0000000000a1', '01890000-0000-7000-8000-0000000000a2', '01890000-0000-7000-8000-0000000000a3', '01890000-0000-7000-8000-0000000000a4'];
  rev.run(ids[0], draft, 'III.a/objective/5', null, JSON.stringify({ kind: 'objective', status: 'planned', note: obj1 }), obj1, '2021-03-01T10:00:00.000Z');
  rev.run(ids[1], draft, 'III.a/objective/5', ids[0], JSON.stringify({ kind: 'objective', status: 'in_progress', note: obj2 }), obj2, '2021-03-01T10:01:00.000Z');
  rev.run(ids[2], draft, 'III.b/principle/a', null, JSON.stringify({ kind: 'principle', note: principle }), principle, '2021-03-01T10:02:00.000Z');
  rev.run(ids[3], draft, 'I.a', null, JSON.stringify(answer), 'Coordination.', '2021-03-01T10:03:00.000Z');
  head.run(draft, 'III.a/objective/5', ids[1], '2021-03-01T10:01:00.000Z');
  head.run(draft, 'III.b/principle/a', ids[2], '2021-03-01T10:02:00.000Z');
  head.run(draft, 'I.a', ids[3], '2021-03-01T10:03:00.000Z');
  const before = db.prepare('SELECT id, draft_id, field, parent_id, author_name, created_at FROM revisions ORDER BY id').all();
  const answerRow = db.prepare('SELECT value, text FROM revisions WHERE id = ?').get(ids[3]);
  db.close();
  return { draft, ids, obj1, obj2, principle, answer, before, answerRow };
}

describe('migration 006: named versions, notes as documents', () => {
  it('converts every stored note revision to a document in place, keeping ids, parents, authors and times', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = storeAtVersion5(file);
    const s = makeServices(file);
    expect(fs.existsSync(`${file}.v5.bak`)).toBe(true); // the pre-migration copy

    const db = s.store.db;
    const meta = ({ id, draft_id, field, parent_id, author_name, created_at }: RevisionRow) => ({ id, draft_id, field, parent_id, author_name, created_at });
    expect((db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all() as string[]).map((id) => meta(getRevisionRow(s.store, id)!))).toEqual(old.before);
    // values are read through the store (stored compactly since migration 013)
    const value = (id: string) => JSON.parse(getRevisionRow(s.store, id)!.value);
    expect(value(old.ids[0]!)).toEqual({ kind: 'objective', status: 'planned', note: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Plan adopted.' }] }] } });
    expect(value(old.ids[1]!).note).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Plan adopted in 2019.' }, { type: 'hardBreak' }, { type: 'text', text: 'Signed by two ministries.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Second paragraph: - not a list item' }] },
      ],
    });
    expect(value(old.ids[2]!)).toEqual({ kind: 'principle', note: noteFromText(old.principle) });
    // answers are untouched, byte for byte
    const answerNow = getRevisionRow(s.store, old.ids[3]!)!;
    expect({ value: answerNow.value, text: answerNow.text }).toEqual(old.answerRow);
    // no note is left as a string
    expect((db.prepare('SELECT id FROM revisions').pluck().all() as string[]).filter((id) => typeof JSON.parse(getRevisionRow(s.store, id)!.value).note === 'string')).toEqual([]);

    // through the services: the draft, the history and search see the documents
    const d = await invoke(s.handlers, 'getDraft', { draftId: old.draft });
    expect(d.fields['III.a/objective/5']!.value).toEqual({ kind: 'objective', status: 'in_progress', note: noteFromText(old.obj2) });
    expect(d.fields['III.a/objective/5']!.text).toBe('Plan adopted in 2019.\nSigned by two ministries.\nSecond paragraph: - not a list item');
    expect((await invoke(s.handlers, 'fieldHistory', { draftId: old.draft, field: 'III.a/objective/5' })).map((r) => r.id)).toEqual([old.ids[1], old.ids[0]]);
    expect((await invoke(s.handlers, 'search', { query: 'ministries' })).hits.map((h) => h.field)).toEqual(['III.a/objective/5']);
    expect((await invoke(s.handlers, 'search', { query: 'الإنسان' })).hits.map((h) => h.field)).toEqual(['III.b/principle/a']);
  });

  it('creates named_versions with text ids and per-field revision pointers', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 6);
    const cols = (t: string) => db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string; type: string; pk: number }>;
    expect(cols('named_versions').find((c) => c.pk === 1)).toMatchObject({ name: 'id', type: 'TEXT' });
    expect(cols('named_versions').map((c) => c.name)).toEqual(expect.arrayContaining(['draft_id', 'label', 'kind', 'author_name', 'author_org', 'installation_id', 'created_at']));
    expect(cols('named_version_fields').map((c) => c.name)).toEqual(['version_id', 'field', 'revision_id']);
    db.prepare("INSERT INTO drafts (id,title,template_id,template_version,created_at,updated_at,created_by_name,created_by_org,installation_id) VALUES ('d','t','x','1.0.0','a','a','n','o','i')").run();
    const ins = db.prepare("INSERT INTO named_versions (id, draft_id, label, kind, author_name, author_org, installation_id, created_at) VALUES (?, 'd', ?, ?, 'n', 'o', 'i', 'now')");
    expect(() => ins.run('v1', 'x', 'whenever')).toThrow(/CHECK/);
    expect(() => ins.run('v1', '', 'manual')).toThrow(/CHECK/);
    ins.run('v1', 'Sent to the ministry', 'manual');
    expect(() => db.prepare("INSERT INTO named_version_fields VALUES ('v1', 'I.a', 'missing')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('the contract still takes a plain-string note (older clients and bundles) and stores a document', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Review' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'III.b/principle/c', value: { kind: 'principle', note: 'Line one\nline two' }, baseRevisionId: null });
    const got = await invoke(s.handlers, 'getDraft', { draftId: d.id });
    expect(got.fields['III.b/principle/c']!.value).toEqual({ kind: 'principle', note: noteFromText('Line one\nline two') });
  });
});
