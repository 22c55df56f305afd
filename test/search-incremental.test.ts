/**
 * Search that catches up incrementally (issue 13, migration 008): the full-text index is brought up
 * to date from a log of moved heads, in bounded batches, and always equals an index rebuilt from
 * every current answer; a bulk import is indexed in the background; a store written before 008
 * has its unindexed answers logged by the migration.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import type { Services } from '../main/services';
import { writeRevision } from '../main/services/fields';
import { listHeads, searchIndexBehind, shownText, syncSearchIndex } from '../main/store/revisions';
import { normaliseForSearch } from '../main/store/search-text';
import { fixture, makeServices, tempDir } from './helpers';
import { answer, fieldRecords, headsOf, importAsNewDraft, save } from './merge-helpers';
import { writePre008Store } from './pre-008-store';

/** The index, row by row, must be what indexing every current answer from scratch gives. */
function expectIndexExact(s: Services) {
  syncSearchIndex(s.store);
  expect(searchIndexBehind(s.store)).toBe(false);
  const drafts = s.store.db.prepare('SELECT id FROM drafts').pluck().all() as string[];
  const want = new Map<number, string>();
  for (const d of drafts) {
    for (const h of listHeads(s.store, d)) {
      const rowid = s.store.db.prepare('SELECT rowid FROM answers WHERE draft_id = ? AND field = ?').pluck().get(d, h.field) as number;
      if (h.text.trim()) want.set(rowid, h.text);
    }
  }
  // the index keeps each answer's text as written (what snippets are cut from; deflated), and matches its normalised words
  const rows = s.store.db.prepare('SELECT rowid, shown FROM answers_fts').raw().all() as Array<[number, Uint8Array]>;
  expect(rows.every(([, t]) => t instanceof Uint8Array)).toBe(true);
  const got = new Map(rows.map(([r, t]) => [r, shownText(t)]));
  expect(got).toEqual(want);
  const matches = s.store.db.prepare('SELECT rowid FROM answers_fts WHERE answers_fts MATCH ?').pluck();
  for (const [rowid, text] of want) {
    const words = [...new Set(normaliseForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 5);
    for (const w of words) expect(matches.all(`"${w}"`), `${rowid} ${w}`).toContain(rowid);
  }
}

const found = async (s: Services, q: string) => (await invoke(s.handlers, 'search', { query: q })).hits.map((r) => `${r.draftTitle}/${r.field}`).sort();

describe('incremental search index', () => {
  it('re-indexes only the answers whose head moved, and equals a full rebuild after saves, restores, duplicates, merges and trash', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Maroc' })).id;
    await save(s, d, 'I.a', answer('La coordination interministérielle.'));
    await save(s, d, 'I.b', answer('التنسيق بين الوزارات'));
    await save(s, d, 'II.a', answer('Legal framework: law 02-03.'));
    expect(syncSearchIndex(s.store)).toBe(3);
    expect(syncSearchIndex(s.store)).toBe(0); // nothing moved, nothing scanned
    await save(s, d, 'I.a', answer('La coordination est assurée.'));
    await save(s, d, 'I.a', answer('La coordination est assurée par le ministère.')); // logged once
    expect(syncSearchIndex(s.store)).toBe(1);
    expect(await found(s, 'ministère')).toEqual(['Maroc/I.a']);
    expect(await found(s, 'interministérielle')).toEqual([]); // the old text is gone from the index
    expect(await found(s, 'الوزارات')).toEqual(['Maroc/I.b']);
    const hist = await invoke(s.handlers, 'fieldHistory', { draftId: d, field: 'I.a' });
    await invoke(s.handlers, 'restoreRevision', { draftId: d, field: 'I.a', revisionId: hist[hist.length - 1]!.id, baseRevisionId: hist[0]!.id });
    expect(await found(s, 'interministérielle')).toEqual(['Maroc/I.a']);
    await save(s, d, 'II.a', answer(''));
    expect(await found(s, 'framework')).toEqual([]);
    await invoke(s.handlers, 'duplicateDraft', { draftId: d, title: 'Copie' });
    expect(await found(s, 'الوزارات')).toEqual(['Copie/I.b', 'Maroc/I.b']);
    await invoke(s.handlers, 'deleteDraft', { draftId: d });
    expect(await found(s, 'الوزارات')).toEqual(['Copie/I.b']);
    expectIndexExact(s);

    const D = makeServices(path.join(tempDir(), 'd.sqlite'));
    const base = headsOf(s, (await invoke(s.handlers, 'listDrafts', {}))[0]!.id);
    const master = (await invoke(s.handlers, 'listDrafts', {}))[0]!.id;
    const dept = await importAsNewDraft(D, fieldRecords(s, master), 'Dept');
    expectIndexExact(D);
    await save(D, dept, 'I.b', answer('Le ministère de l’Intérieur coordonne.'));
    await save(D, dept, 'I.c', answer('Nouvelle réponse xylophonique.'));
    mergeReturnedDraft(s.store, master, { fields: fieldRecords(D, dept), baseRevisions: base }, { bundleId: uuidv7(), from: 'Dept' });
    expect(await found(s, 'xylophonique')).toEqual(['Copie/I.c']);
    expect(await found(s, 'Intérieur')).toEqual(['Copie/I.b']);
    expectIndexExact(s);
  });

  it('catches up in bounded batches, and in the background after a bulk write', async () => {
    const s = makeServices();
    const fields = ['I.a', 'I.b', 'I.c', 'I.d', 'I.e', 'II.a', 'II.b', 'II.c', 'II.d', 'III.a'];
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const d = s.drafts.create({ title: `Draft ${i}` });
      ids.push(d.id);
      s.store.tx(() => {
        for (const f of fields) writeRevision(s.store, { draftId: d.id, field: f, value: answer(`Réponse ${i} ${f} coordination`), parentId: null });
      });
    }
    const pending = () => s.store.db.prepare('SELECT count(*) FROM search_pending').pluck().get() as number;
    expect(pending()).toBe(600);
    expect(syncSearchIndex(s.store, { batch: 250, maxBatches: 1 })).toBe(250);
    expect(pending()).toBe(350);
    s.fields.catchUpIndex();
    await expect.poll(() => searchIndexBehind(s.store), { timeout: 30_000 }).toBe(false);
    expect(pending()).toBe(0);
    expect((await invoke(s.handlers, 'search', { query: 'coordination' })).hits.length).toBe(200); // the top 200 of 600 matches
    expectIndexExact(s);
  });

  it('catches up in steps bounded in time, committed without waiting for the disk, the store left at synchronous=FULL', () => {
    const s = makeServices();
    const d = s.drafts.create({ title: 'Bulk' });
    const fields = ['I.a', 'I.b', 'I.c', 'I.d', 'I.e', 'II.a', 'II.b', 'II.c', 'II.d', 'III.a'];
    s.store.tx(() => {
      for (let r = 0; r < 30; r++) for (const f of fields) writeRevision(s.store, { draftId: d.id, field: `${f}`, value: answer(`Réponse ${r} ${f} coordination`), parentId: listHeads(s.store, d.id).find((h) => h.field === f)?.revision_id ?? null });
    });
    const pending = () => s.store.db.prepare('SELECT count(*) FROM search_pending').pluck().get() as number;
    expect(pending()).toBe(10);
    // no time at all: still moves on (at least 8), and stops there
    expect(syncSearchIndex(s.store, { maxMs: 0 })).toBe(8);
    expect(pending()).toBe(2);
    expect(s.store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL again for the saves
    expect(syncSearchIndex(s.store, { maxMs: 1000 })).toBe(2);
    expect(s.store.db.pragma('synchronous', { simple: true })).toBe(2);
    expectIndexExact(s);
  });

  it('in a running host, a call that wrote answers (not a save) starts the catch-up as soon as it is answered', async () => {
    const s = makeServices();
    s.startMaintenance();
    // (no save here: a save starts the catch-up itself 2 s after it)
    // a bulk write by another path than a save (an import, a merge): logged, not indexed
    const text = await invoke(s.handlers, 'importText', { text: 'I.a Coordination\nLa commission xylophonique coordonne.\n', fileName: 'x.txt' });
    // indexed well before the 5 s sweep would (the catch-up of a handful of answers takes milliseconds)
    await expect.poll(() => searchIndexBehind(s.store), { timeout: 1500, interval: 20 }).toBe(false);
    expect((await invoke(s.handlers, 'search', { query: 'xylophonique' })).hits.map((r) => r.draftId)).toContain(text.draft.id);
    expectIndexExact(s);
  });

  it('a store written before 008 has its unindexed answers logged, and found', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    writePre008Store(file, [
      ['I.a', answer('Texte ancien jamais indexé.')],
      ['I.b', answer('نص قديم')],
    ]);
    const s = makeServices(file);
    expect(searchIndexBehind(s.store)).toBe(true);
    expect(await found(s, 'indexé')).toEqual(['Old/I.a']);
    expect(await found(s, 'قديم')).toEqual(['Old/I.b']);
    expectIndexExact(s);
  });

  it('a store from before 015 has its index rebuilt from its answers: the same matches, snippets cut from the text as written', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    for (const ext of ['', '-wal', '-shm']) if (fs.existsSync(fixture(`store-v12.sqlite${ext}`))) fs.copyFileSync(fixture(`store-v12.sqlite${ext}`), file + ext);
    const raw = new Database(file, { readonly: true });
    const words = [...new Set((raw.prepare('SELECT text FROM answers_fts').pluck().all() as string[]).join(' ').match(/[\p{L}]{5,}/gu) ?? [])].slice(0, 40);
    expect(words.length).toBeGreaterThan(10);
    const before = new Map(words.map((w) => [w, (raw.prepare('SELECT rowid FROM answers_fts WHERE answers_fts MATCH ? ORDER BY rowid').pluck().all(`"${w}"*`) as number[]).join()]));
    raw.close();
    const s = makeServices(file);
    expect(searchIndexBehind(s.store)).toBe(true); // rebuilt by the catch-up, not at open
    syncSearchIndex(s.store);
    // the old index's words, through today's rule (search-text.ts may fold more than it did)
    for (const w of words) expect((s.store.db.prepare('SELECT rowid FROM answers_fts WHERE answers_fts MATCH ? ORDER BY rowid').pluck().all(`"${normaliseForSearch(w)}"*`) as number[]).join(), w).toBe(before.get(w));
    expectIndexExact(s);
    for (const w of words.slice(0, 10)) {
      for (const hit of (await invoke(s.handlers, 'search', { query: w })).hits) {
        const text = (await invoke(s.handlers, 'getDraft', { draftId: hit.draftId })).fields[hit.field]!.text!;
        expect(text.replace(/\s+/g, ' ')).toContain(hit.context!.parts.map((p) => p.text).join(''));
        expect(hit.context!.parts.some((p) => p.hit)).toBe(true);
      }
    }
  });

  it('rows indexed with their text as plain text (before it was deflated) still give snippets, and are deflated once re-indexed', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Maroc' })).id;
    await save(s, d, 'I.a', answer('La coordination interministérielle est assurée.'));
    syncSearchIndex(s.store);
    // as the code before wrote it: the text itself in `shown`
    const rowid = s.store.db.prepare("SELECT rowid FROM answers WHERE field = 'I.a'").pluck().get() as number;
    s.store.tx(() => {
      s.store.db.prepare('DELETE FROM answers_fts WHERE rowid = ?').run(rowid);
      s.store.db.prepare('INSERT INTO answers_fts (rowid, text, shown) VALUES (?, ?, ?)').run(rowid, normaliseForSearch('La coordination interministérielle est assurée.'), 'La coordination interministérielle est assurée.');
    });
    const [hit] = (await invoke(s.handlers, 'search', { query: 'interministerielle' })).hits;
    expect(hit!.snippet).toContain('interministérielle');
    await save(s, d, 'I.a', answer('La coordination interministérielle est assurée par le ministère.'));
    expectIndexExact(s);
  });
});
