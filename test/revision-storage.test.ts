/**
 * Revisions that don't multiply the store (issue 13, migration 013): values are stored deflated,
 * as changes of their parent's snapshot when that is smaller, without their text; every reader
 * gets exactly the JSON and text it got before. A store written by the code of schema 12
 * (test/fixtures/store-v12.sqlite, made by test/fixtures/make-store-v12.ts with that code) is
 * converted in pages and reads the same, through the services.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { valueText } from '../main/services/values';
import { LATEST_VERSION, migrate, schemaVersion } from '../main/store/migrations';
import { PAGE } from '../main/store/migrations/013_compact_revisions';
import { bodyHeader, DEPTH, textSize } from '../main/store/revision-body';
import { compactRevisions } from '../main/store/revision-compaction';
import { idKey } from '../main/store/revision-id';
import { getRevisionRow, listRevisionMeta, listRevisionRows, shownText, syncSearchIndex } from '../main/store/revisions';
import { normaliseForSearch } from '../main/store/search-text';
import type { FieldValue } from '../shared/contract';
import { noteFromText } from '../shared/note';
import { fixture, makeServices, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

const long = (s: string) => Array.from({ length: 40 }, (_, i) => `${s} ${i}.`).join('\n\n');
const stored = (db: Database.Database, id: string) => db.prepare('SELECT body, text_size FROM revisions WHERE id = ?').get(idKey(id)) as { body: Buffer; text_size: number };

describe('compact revision storage', () => {
  it('stores values compactly and without their text, and reads back the same JSON and text', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Compact' })).id;
    const values: FieldValue[] = [
      answer(long('La coordination est assurée par le ministère chargé de la migration')),
      answer(`${long('La coordination est assurée par le ministère chargé de la migration')} Une phrase de plus.`),
      answer(long('تتولى وزارة الشؤون الخارجية تنسيق الاستعراض الوطني 😀')),
      answer(''),
    ];
    const ids: string[] = [];
    for (const v of values) ids.push(await save(s, d, 'I.a', v));
    ids.push(await save(s, d, 'III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('Plan adopté.') }));
    // a save stores its value as it came, listed to be encoded once saves pause (revision-compaction.ts)
    for (const [i, id] of ids.entries()) expect(stored(s.store.db, id).body.subarray(1).toString('utf8')).toBe(JSON.stringify(i < values.length ? values[i] : { kind: 'objective', status: 'planned', note: noteFromText('Plan adopté.') }));
    expect(s.store.db.prepare('SELECT count(*) FROM revisions_to_compact').pluck().get()).toBe(ids.length);
    expect(compactRevisions(s.store)).toBe(ids.length);
    expect(s.store.db.prepare('SELECT count(*) FROM revisions_to_compact').pluck().get()).toBe(0);
    const cols = (s.store.db.prepare('PRAGMA table_info(revisions)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).not.toContain('value');
    expect(cols).not.toContain('text');
    expect(cols).toEqual(expect.arrayContaining(['body', 'text_size']));
    // the first is a snapshot, the second a small change of it (a sentence added), the third different
    expect(bodyHeader(stored(s.store.db, ids[0]!).body)).toEqual({ baseId: null, depth: 0 });
    expect(bodyHeader(stored(s.store.db, ids[1]!).body)).toEqual({ baseId: ids[0], depth: 1 });
    expect(stored(s.store.db, ids[1]!).body.length).toBeLessThan(60);
    for (const [i, v] of values.entries()) {
      const json = JSON.stringify(v);
      const row = stored(s.store.db, ids[i]!);
      if (json.length > 1000) expect(row.body.length).toBeLessThan(json.length / 3);
      expect(row.text_size).toBe([...valueText(v)].length); // characters, an emoji counts one
      const r = await invoke(s.handlers, 'getRevision', { revisionId: ids[i]! });
      expect(r.value).toEqual(v);
      expect(r.text).toBe(valueText(v));
      expect(getRevisionRow(s.store, ids[i]!)!.value).toBe(json);
    }
    expect(listRevisionRows(s.store, d, 'I.a').map((r) => r.value)).toEqual(values.map((v) => JSON.stringify(v)).reverse());
    const meta = listRevisionMeta(s.store, d, 'I.a');
    expect(meta.map((m) => m.size)).toEqual(values.map((v) => [...valueText(v)].length).reverse());
    expect((await invoke(s.handlers, 'getDraft', { draftId: d })).fields['I.a']!.text).toBe('');
    expect(textSize('a😀b')).toBe(3);
  });

  it('keeps a long typing session small: deltas of few snapshots, a new snapshot after DEPTH deltas', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Typing' })).id;
    let text = long('Le ministère coordonne la revue nationale avec les régions');
    const ids: string[] = [];
    for (let i = 0; i < DEPTH + 6; i++) {
      text = `${text.slice(0, 900)} mot${i}${text.slice(900)}`; // typed in the middle
      ids.push(await save(s, d, 'I.a', answer(text)));
    }
    s.fields.compactBeforeClose(); // what saves leave once they pause (revision-compaction.ts)
    const headers = ids.map((id) => bodyHeader(stored(s.store.db, id).body));
    expect(headers[0]).toEqual({ baseId: null, depth: 0 });
    expect(headers.slice(1, DEPTH + 1).every((h) => h.baseId === ids[0])).toBe(true);
    expect(headers[DEPTH]!.depth).toBe(DEPTH);
    expect(headers[DEPTH + 1]).toEqual({ baseId: null, depth: 0 });
    const bytes = ids.reduce((n, id) => n + stored(s.store.db, id).body.length, 0);
    const raw = ids.reduce((n, id) => n + Buffer.byteLength(getRevisionRow(s.store, id)!.text), 0);
    expect(bytes).toBeLessThan(raw / 20);
    expect((await invoke(s.handlers, 'getDraft', { draftId: d })).fields['I.a']!.text).toBe(valueText(answer(text)));
  });

  it('converts a store written by the code of schema 12, in pages: every revision reads as it did', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    fs.copyFileSync(fixture('store-v12.sqlite'), file);
    const raw = new Database(file, { readonly: true });
    expect(schemaVersion(raw)).toBe(12);
    const before = raw.prepare('SELECT id, draft_id, field, parent_id, value, text, author_name, created_at FROM revisions ORDER BY id').all() as Array<{ id: string; draft_id: string; field: string; value: string; text: string }>;
    const maxPerField = raw.prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM revisions GROUP BY draft_id, field)').pluck().get() as number;
    const search = raw.prepare('SELECT rowid, text FROM answers_fts ORDER BY rowid').all();
    raw.close();
    expect(maxPerField).toBeGreaterThan(PAGE); // the conversion crosses pages within one field's chain
    expect(new Set(before.map((b) => b.text)).size).toBeGreaterThan(100);

    const pages = (db: Database.Database) => db.pragma('page_count', { simple: true }) as number;
    const oldPages = pages(new Database(fixture('store-v12.sqlite'), { readonly: true }));
    const s = makeServices(file);
    expect(schemaVersion(s.store.db)).toBe(LATEST_VERSION);
    // rewritten once after the conversion: the space the old columns took is given back
    expect(pages(s.store.db)).toBeLessThan(oldPages * 0.75);
    expect(s.store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const b of before) {
      const r = getRevisionRow(s.store, b.id)!;
      expect(r.value).toBe(b.value);
      expect(r.text).toBe(b.text);
      expect(stored(s.store.db, b.id).text_size).toBe([...b.text].length);
    }
    // most of the long field's history became changes of a few snapshots
    const heads = before.filter((b) => b.field === 'I.a').map((b) => bodyHeader(stored(s.store.db, b.id).body));
    expect(heads.filter((h) => h.baseId !== null).length).toBeGreaterThan(heads.length / 2);
    // the search index (rebuilt after migration 015 from the same answers: their text as written,
    // matched by the same normalised words) and the history through the services
    syncSearchIndex(s.store);
    const shown = s.store.db.prepare('SELECT rowid, shown FROM answers_fts ORDER BY rowid').all() as Array<{ rowid: number; shown: Uint8Array }>;
    // (the old index's words through today's rule: search-text.ts may fold more than it did)
    const renormalised = (search as Array<{ rowid: number; text: string }>).map((r) => ({ rowid: r.rowid, text: normaliseForSearch(r.text) }));
    expect(shown.map((r) => ({ rowid: r.rowid, text: normaliseForSearch(shownText(r.shown)) }))).toEqual(renormalised);
    const [draftId] = before.map((b) => b.draft_id);
    const detail = await invoke(s.handlers, 'getDraft', { draftId: draftId! });
    for (const [f, st] of Object.entries(detail.fields)) {
      const head = before.find((b) => b.id === st.revisionId)!;
      expect([f, st.value]).toEqual([head.field, JSON.parse(head.value)]);
    }
    const page = await invoke(s.handlers, 'fieldHistoryPage', { draftId: draftId!, field: 'I.a', limit: 10 });
    expect(page.saves.length).toBe(10);
    expect((await invoke(s.handlers, 'search', { query: 'nommée' })).hits.map((r) => r.field)).toContain('I.b');
    // and the store keeps working: a save on top of a converted revision, found by search
    await save(s, draftId!, 'II.a', answer('نص جديد بعد التحويل'));
    expect((await invoke(s.handlers, 'search', { query: 'التحويل' })).hits.map((r) => r.field)).toEqual(['II.a']);
  });

  it('a store made at schema 12 in this test converts the same way', () => {
    const db = new Database(path.join(tempDir(), 'made.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, 12);
    db.prepare(`INSERT INTO drafts (id, title, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id) VALUES ('d', 'D', 't', 1, 'x', 'x', 'A', 'B', 'i')`).run();
    const ins = db.prepare(`INSERT INTO revisions (id, draft_id, field, parent_id, value, text, author_name, author_org, installation_id, created_at) VALUES (?, 'd', 'I.a', ?, ?, ?, 'A', 'B', 'i', ?)`);
    const rows: Array<{ id: string; value: string; text: string }> = [];
    let text = 'Début.';
    db.exec('BEGIN');
    for (let i = 0; i < PAGE * 2 + 7; i++) {
      text += ` mot ${i} مرحبا`;
      const v = JSON.stringify(answer(text));
      const id = `rev-${i}`; // ids that are not UUIDs (tests and old stores have some)
      ins.run(id, i ? `rev-${i - 1}` : null, v, valueText(answer(text)), `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`);
      rows.push({ id, value: v, text: valueText(answer(text)) });
    }
    db.exec('COMMIT');
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const s = { sql: (q: string) => db.prepare(q) } as unknown as Parameters<typeof getRevisionRow>[0];
    for (const r of rows) {
      const got = getRevisionRow(s, r.id)!;
      expect([got.value, got.text]).toEqual([r.value, r.text]);
    }
    const total = db.prepare('SELECT sum(length(body)) FROM revisions').pluck().get() as number;
    expect(total).toBeLessThan(rows.reduce((n, r) => n + Buffer.byteLength(r.text), 0) / 10);
    db.close();
  });
});
