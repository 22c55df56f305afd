/**
 * Migration 016 (revision keys, issue 13) on a store written by the code of schema 15
 * (test/fixtures/store-v15.sqlite, made by test/fixtures/make-store-v15.ts with that code: typed
 * sessions in en/fr/ar, a restore, a text import, a draft sent out and returned, merged three ways
 * with a conflict resolved, imported copies that remember their origin ids, two times spelled as
 * another producer may spell them). Every revision's id, draft, field, parents, author,
 * organisation, installation, bundle, origin, note, time, value and text read as before; so do the
 * history pages, the open drafts; a bundle round trip and a three-way merge work on the converted
 * store; a store that would not convert exactly is left as it was, and so is one killed mid-way.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { openStore } from '../main/store/db';
import { LATEST_VERSION, schemaVersion, type UpgradeStep } from '../main/store/migrations';
import { bodyJson, snapshotJson, textOfValue } from '../main/store/revision-body';
import { getRevisionRow, listRevisionRows, setRevisionTime, type RevisionRow } from '../main/store/revisions';
import type { FieldValue } from '../shared/contract';
import { textToDoc } from '../shared/plaintext';
import { fixture, makeServices, tempDir } from './helpers';
import { killUpgradeDuring } from './upgrade-kill';

const V15 = fixture('store-v15.sqlite');

type Old = RevisionRow & { origin_revision_id: string | null };

/** Every revision of a schema-15 store as that code stored it, its value decoded from its body. */
function revisionsAt15(file: string): Map<string, Old> {
  const db = new Database(file, { readonly: true });
  try {
    expect(schemaVersion(db)).toBe(15);
    const body = db.prepare('SELECT body FROM revisions WHERE id = ?').pluck();
    const rows = db
      .prepare(
        'SELECT id, draft_id, field, parent_id, merge_parent_id, author_name, author_org, installation_id, created_at, note, source_bundle_id, origin_revision_id, body FROM revisions',
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

/** Each field's history as the schema-15 code listed it: newest first by (created_at, id). */
function historiesAt15(file: string): Map<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out = new Map<string, string[]>();
    for (const r of db.prepare('SELECT draft_id, field, id FROM revisions ORDER BY draft_id, field, created_at DESC, id DESC').all() as Array<{ draft_id: string; field: string; id: string }>) {
      const k = `${r.draft_id} ${r.field}`;
      out.set(k, [...(out.get(k) ?? []), r.id]);
    }
    return out;
  } finally {
    db.close();
  }
}

const answer = (text: string): FieldValue => ({ kind: 'answer', doc: textToDoc(text) });

describe('migration 016: revision keys', () => {
  it('converts a store written by the schema-15 code: every revision, history page and open draft reads as before', async () => {
    const file = path.join(tempDir(), 'v15.sqlite');
    fs.copyFileSync(V15, file);
    const before = revisionsAt15(file);
    const histories = historiesAt15(file);
    const raw = new Database(file, { readonly: true });
    const heads = raw.prepare('SELECT draft_id, field, revision_id FROM answers').all() as Array<{ draft_id: string; field: string; revision_id: string }>;
    const oldSize = fs.statSync(file).size;
    raw.close();
    // what the fixture holds, so that the comparison means something
    const all = [...before.values()];
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter((r) => r.merge_parent_id).length).toBeGreaterThan(0);
    expect(all.filter((r) => r.origin_revision_id).length).toBeGreaterThan(50);
    expect(all.filter((r) => r.source_bundle_id).length).toBeGreaterThan(100);
    expect(all.filter((r) => r.note).length).toBeGreaterThan(0);
    expect(new Set(all.map((r) => r.installation_id)).size).toBeGreaterThan(1);
    expect(all.filter((r) => !/\.\d{3}Z$/.test(r.created_at)).map((r) => r.created_at).sort()).toEqual(['2021-01-16T06:54:30Z', '2021-01-16T06:55:30.000000Z']);

    const events: UpgradeStep[] = [];
    openStore(file, { onProgress: (p) => events.push(p) }).db.close();
    const counted = events.filter((e): e is Extract<UpgradeStep, { step: 'migrate' }> => e.step === 'migrate' && e.version === 16 && e.total > 0);
    expect(counted.at(-1)).toMatchObject({ done: before.size, total: before.size });
    expect(counted.every((e) => e.pass === 0 && e.passes === 2)).toBe(true); // the first of the two long migrations of this upgrade (016, 017)
    expect(events.at(-1)).toEqual({ step: 'done' });
    expect(fs.existsSync(`${file}.v15.bak`)).toBe(true);

    const s = makeServices(file);
    const db = s.store.db;
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // the old text columns are gone; the id is the one text id left
    const cols = (db.prepare("SELECT name FROM pragma_table_info('revisions')").pluck().all() as string[]).sort();
    expect(cols).toEqual(['author', 'body', 'created', 'created_text', 'draft', 'field', 'id', 'merge_parent', 'n', 'note', 'origin_revision_id', 'parent', 'text_size']);
    expect(db.prepare('SELECT count(*) FROM revisions WHERE created_text IS NOT NULL').pluck().get()).toBe(2);

    // every revision, every column, as before
    for (const [id, b] of before) expect({ origin_revision_id: null, ...getRevisionRow(s.store, id)! }).toEqual(b);
    // every field's history, paged, in the same order
    for (const [k, ids] of histories) {
      const [draftId, field] = k.split(' ') as [string, string];
      const paged: string[] = [];
      for (let before: { createdAt: string; id: string } | undefined, i = 0; i < 100; i++) {
        const page = await invoke(s.handlers, 'fieldHistoryPage', { draftId, field, before, limit: 7 });
        paged.push(...page.saves.map((x) => x.id));
        if (!page.next) break;
        before = page.next;
      }
      expect(paged, k).toEqual(ids);
      // a page that starts at a save (the history panel expanding a session) starts with it
      const mid = ids[Math.floor(ids.length / 2)]!;
      const at = await invoke(s.handlers, 'fieldHistoryPage', { draftId, field, atOrBefore: { createdAt: getRevisionRow(s.store, mid)!.created_at, id: mid }, limit: 3 });
      expect(at.saves.map((x) => x.id)).toEqual(ids.slice(ids.indexOf(mid), ids.indexOf(mid) + 3));
      expect(listRevisionRows(s.store, draftId, field).map((r) => r.id)).toEqual(ids);
    }
    // every draft opens with the same heads and values
    for (const d of new Set(heads.map((h) => h.draft_id))) {
      const open = await invoke(s.handlers, 'getDraft', { draftId: d });
      for (const h of heads.filter((x) => x.draft_id === d)) {
        const f = open.fields[h.field]!;
        expect([f.revisionId, JSON.stringify(f.value), f.text, f.updatedAt !== '', f.authorName]).toEqual([h.revision_id, before.get(h.revision_id)!.value, before.get(h.revision_id)!.text, true, before.get(h.revision_id)!.author_name]);
      }
    }
    s.close();
    expect(fs.statSync(file).size).toBeLessThan(oldSize);
  });

  it('on the converted store: saves, a bundle round trip, and a returned draft merged three ways', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'v15.sqlite');
    fs.copyFileSync(V15, file);
    const M = makeServices(file);
    // the fixture's private key stayed on the machine that made it: this one signs with a new key
    M.store.db.prepare('UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL').run(new Date().toISOString());
    await invoke(M.handlers, 'ensureSigningKey', {});
    const master = (await invoke(M.handlers, 'listDrafts', {})).find((d) => d.title.startsWith('Morocco'))!.id;
    const base = (await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.a']!.revisionId;
    const saved = await invoke(M.handlers, 'saveField', { draftId: master, field: 'I.a', value: answer('After the upgrade.'), baseRevisionId: base });
    expect(getRevisionRow(M.store, saved.revisionId)).toMatchObject({ parent_id: base, draft_id: master, field: 'I.a', text: 'After the upgrade.', source_bundle_id: null });

    // saves within one millisecond are listed newest written first, and a page can start at any of them
    let tie: string | null = null;
    const ties: string[] = [];
    for (let i = 0; i < 3; i++) {
      tie = (await invoke(M.handlers, 'saveField', { draftId: master, field: 'III.b', value: answer(`Tie ${i}.`), baseRevisionId: tie })).revisionId;
      setRevisionTime(M.store, tie, '2030-01-01T00:00:00.000Z');
      ties.unshift(tie);
    }
    expect((await invoke(M.handlers, 'fieldHistoryPage', { draftId: master, field: 'III.b', limit: 10 })).saves.map((x) => x.id)).toEqual(ties);
    const from = await invoke(M.handlers, 'fieldHistoryPage', { draftId: master, field: 'III.b', atOrBefore: { createdAt: '2030-01-01T00:00:00.000Z', id: ties[1]! }, limit: 10 });
    expect(from.saves.map((x) => x.id)).toEqual(ties.slice(1));
    const next = await invoke(M.handlers, 'fieldHistoryPage', { draftId: master, field: 'III.b', before: { createdAt: '2030-01-01T00:00:00.000Z', id: ties[0]! }, limit: 1 });
    expect([next.saves.map((x) => x.id), next.next?.id]).toEqual([[ties[1]], ties[1]]);

    // sent to a department on a fresh store, edited there, sent back, merged
    const D = makeServices(path.join(dir, 'dept.sqlite'));
    await invoke(D.handlers, 'setIdentity', { name: 'Karim Benali', organisation: 'Ministry of the Interior' });
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'm.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file, acceptUnknownSigner: true });
    for (const field of ['I.a', 'I.b', 'II.a']) {
      const theirs = await invoke(D.handlers, 'fieldHistory', { draftId: dept, field });
      const ours = await invoke(M.handlers, 'fieldHistory', { draftId: master, field });
      // ids as they travel: a copy made here of a revision that came from elsewhere goes under its origin id
      const travel = (id: string | null) => (id ? (getRevisionRow(M.store, id)!.origin_revision_id ?? id) : null);
      const same = (h: typeof ours, t: (id: string | null) => string | null) => h.map((x) => [t(x.id), t(x.parentId), t(x.mergeParentId), x.authorName, x.authorOrganisation, x.installationId, x.createdAt, x.text]);
      expect(same(theirs, (id) => id)).toEqual(same(ours, travel));
    }
    const dHead = (await invoke(D.handlers, 'getDraft', { draftId: dept })).fields['I.b']!.revisionId;
    await invoke(D.handlers, 'saveField', { draftId: dept, field: 'I.b', value: answer('The Interior rewrites I.b.'), baseRevisionId: dHead });
    const mHead = (await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.b']!.revisionId;
    await invoke(M.handlers, 'saveField', { draftId: master, field: 'I.b', value: answer('The ministry rewrites I.b too.'), baseRevisionId: mHead });
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
    await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    const conflicts = await invoke(M.handlers, 'listConflicts', { draftId: master });
    expect(conflicts.map((c) => c.field)).toContain('I.b');
    for (const c of conflicts) await invoke(M.handlers, 'resolveConflict', { conflictId: c.id, take: 'theirs' });
    const after = await invoke(M.handlers, 'getDraft', { draftId: master });
    expect(after.fields['I.b']!.text).toBe('The Interior rewrites I.b.');
    const merged = getRevisionRow(M.store, after.fields['I.b']!.revisionId)!;
    expect(merged.parent_id ?? merged.merge_parent_id).not.toBeNull();
    expect(M.store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    M.close();
    D.close();
  });

  it('a store whose revisions would not convert exactly is refused and left as it was', () => {
    const file = path.join(tempDir(), 'v15.sqlite');
    fs.copyFileSync(V15, file);
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    // a parent that is not there (foreign keys were off when it was written)
    raw.prepare("UPDATE revisions SET parent_id = '00000000-0000-7000-8000-00000000dead' WHERE id = (SELECT max(id) FROM revisions)").run();
    raw.close();
    const before = revisionsAt15(file).size;
    expect(() => openStore(file)).toThrow(/parents .* before, .* after; the store is left as it was/);
    expect(revisionsAt15(file).size).toBe(before); // still schema 15, every revision there
  });

  it('SIGKILL in the middle of migration 016 loses no data: the store is as it was, and the next open completes it', async () => {
    const file = path.join(tempDir(), 'v15.sqlite');
    fs.copyFileSync(V15, file);
    // grown to 60,000 revisions the way the schema-15 code stores them (a chain of one field, its first body copied)
    const raw = new Database(file);
    const seed = raw.prepare("SELECT * FROM revisions WHERE field = 'I.a' AND body IS NOT NULL AND substr(body, 1, 1) = x'01' LIMIT 1").get() as Record<string, unknown>;
    const ins = raw.prepare(
      'INSERT INTO revisions (id, draft_id, field, parent_id, merge_parent_id, author_name, author_org, installation_id, created_at, note, source_bundle_id, origin_revision_id, body, text_size) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)',
    );
    raw.transaction(() => {
      let parent = seed.id as string;
      for (let i = 0; i < 60_000; i++) {
        const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        ins.run(id, seed.draft_id, 'I.a', parent, `Author ${i % 7}`, 'Org', 'inst', new Date(Date.UTC(2027, 0, 1) + i * 1000).toISOString(), seed.body, seed.text_size);
        parent = id;
      }
    })();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = revisionsAt15(file);
    const seen = await killUpgradeDuring(file, 16);
    expect(seen).toBeLessThan(before.size);
    const after = new Database(file, { readonly: true });
    expect(schemaVersion(after)).toBe(15);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
    expect(revisionsAt15(file)).toEqual(before);
    const s = makeServices(file);
    expect(schemaVersion(s.store.db)).toBe(LATEST_VERSION);
    for (const [id, b] of [...before].filter((_, i) => i % 251 === 0)) expect({ origin_revision_id: null, ...getRevisionRow(s.store, id)! }).toEqual(b);
    expect(s.store.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(before.size);
    s.close();
  }, 180_000);
});
