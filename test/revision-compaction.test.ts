/**
 * Saves store their value as it came and are encoded once saves pause (issue 13, autosave near the
 * limit: main/store/revision-compaction.ts, migration 018). What is checked: the save's own commit
 * holds the value as sent; the encoding happens by itself after a pause and on close; a run of
 * saves becomes deltas of few snapshots; every value reads back the same before and after, from
 * any connection; a revision written on top of a save not yet encoded (a merge, an import) is
 * never based on it; a delta's base is always a snapshot.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { writeRevision } from '../main/services/fields';
import { bodyHeader } from '../main/store/revision-body';
import { compactionBehind, compactRevisions } from '../main/store/revision-compaction';
import { idKey, idTextSql } from '../main/store/revision-id';
import { getRevisionRow, listRevisionRows } from '../main/store/revisions';
import { makeServices, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

const paragraphs = (lead: string, n: number) => Array.from({ length: n }, (_, i) => `${lead} ${i} : la coordination nationale, تنسيق الاستعراض الوطني, the regions.`).join('\n\n');
const formatOf = (db: Database.Database, id: string) => (db.prepare('SELECT body FROM revisions WHERE id = ?').pluck().get(idKey(id)) as Buffer)[0];
const pending = (db: Database.Database) => db.prepare('SELECT count(*) FROM revisions_to_compact').pluck().get() as number;

/** Every delta in the store is based on a revision stored as a snapshot (format 1). */
function deltasOnSnapshots(db: Database.Database): void {
  const rows = db.prepare(`SELECT ${idTextSql('id')} AS id, body FROM revisions`).all() as Array<{ id: string; body: Buffer }>;
  const format = new Map(rows.map((r) => [r.id, r.body[0]]));
  for (const r of rows) {
    if (r.body[0] === 0 || r.body[0] === 1) continue;
    expect(format.get(bodyHeader(r.body).baseId!), `base of ${r.id}`).toBe(1);
  }
}

describe('saved revisions encoded once saves pause', () => {
  it("a save's commit keeps the value as sent; it is encoded by itself once saves pause, and reads the same", async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Encoded later' })).id;
    let text = paragraphs('Début', 25);
    const saved: Array<[string, string]> = [];
    for (let i = 0; i < 40; i++) {
      text = `${text.slice(0, 300 + i * 7)} mot${i} ${text.slice(300 + i * 7)}`; // typed in the middle
      const v = answer(text);
      saved.push([await save(s, d, 'II.c', v), JSON.stringify(v)]);
    }
    // as sent: the JSON itself after a format byte, listed to be encoded
    const [lastId, lastJson] = saved.at(-1)!;
    const body = s.store.db.prepare('SELECT body FROM revisions WHERE id = ?').pluck().get(idKey(lastId)) as Buffer;
    expect(body[0]).toBe(0);
    expect(body.subarray(1).toString('utf8')).toBe(lastJson);
    expect(pending(s.store.db)).toBe(40);
    const history = listRevisionRows(s.store, d, 'II.c').map((r) => r.value);
    // saves pause: the fields service encodes them by itself (after its idle delay, in short steps)
    await expect.poll(() => pending(s.store.db), { timeout: 20_000, interval: 100 }).toBe(0);
    expect(compactionBehind(s.store)).toBe(false);
    const headers = saved.map(([id]) => bodyHeader(s.store.db.prepare('SELECT body FROM revisions WHERE id = ?').pluck().get(idKey(id)) as Buffer));
    expect(headers[0]).toEqual({ baseId: null, depth: 0 });
    expect(headers.slice(1).every((h) => h.baseId === saved[0]![0])).toBe(true); // a run of saves: deltas of its first
    const bytes = s.store.db.prepare('SELECT sum(length(body)) FROM revisions').pluck().get() as number;
    expect(bytes).toBeLessThan(saved.reduce((n, [, j]) => n + j.length, 0) / 10);
    // the same values, the same history, from this connection and from a new one
    expect(listRevisionRows(s.store, d, 'II.c').map((r) => r.value)).toEqual(history);
    const other = makeServices(s.store.file);
    for (const [id, json] of saved) expect(getRevisionRow(other.store, id)!.value).toBe(json);
    deltasOnSnapshots(s.store.db);
  }, 60_000);

  it('saves that arrive as requests (the event loop turning between them) are encoded a few at a time, not only once saves pause: a body encoded long after its save leaves its page mostly empty for good', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Typed for an hour without a pause' })).id;
    let text = paragraphs('Début', 25);
    let most = 0;
    const saved: Array<[string, string]> = [];
    for (let i = 0; i < 60; i++) {
      text = `${text.slice(0, 300 + i * 7)} mot${i} ${text.slice(300 + i * 7)}`;
      const v = answer(text);
      saved.push([await save(s, d, 'II.c', v), JSON.stringify(v)]);
      // the next request comes on a later turn of the event loop, well before a 2 s pause
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      most = Math.max(most, pending(s.store.db));
    }
    // was 60: nothing encoded until saves paused for 2 s
    expect(most).toBeLessThanOrEqual(4);
    deltasOnSnapshots(s.store.db);
    // what was encoded reads back as saved
    for (const [id, json] of saved) expect(getRevisionRow(s.store, id)!.value).toBe(json);
  });

  it('a revision written on a save not yet encoded (a merge) is not based on it, and everything still reads back once encoded', async () => {
    const file = path.join(tempDir(), 'merge.sqlite');
    const s = makeServices(file);
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Merge on a save' })).id;
    const first = await save(s, d, 'I.a', answer(paragraphs('Premier', 20)));
    const second = await save(s, d, 'I.a', answer(`${paragraphs('Premier', 20)} Une phrase.`));
    expect(formatOf(s.store.db, second)).toBe(0);
    // what a merge or an import does: a revision written with its encoding, on the saved head
    const mergedValue = answer(`${paragraphs('Premier', 20)} Une phrase. Et la contribution de la région.`);
    const merged = s.store.tx(() => writeRevision(s.store, { draftId: d, field: 'I.a', value: mergedValue, parentId: second, mergeParentId: first, note: 'merged' })).revisionId;
    expect(formatOf(s.store.db, merged)).toBe(1); // a snapshot: a save as sent is no base
    const next = await save(s, d, 'I.a', answer(`${paragraphs('Premier', 20)} Une phrase. Et la contribution de la région. Fin.`));
    expect(compactRevisions(s.store)).toBe(3); // first, second, next
    expect(formatOf(s.store.db, next)).toBeGreaterThan(1); // a delta of the merged snapshot
    expect(bodyHeader(s.store.db.prepare('SELECT body FROM revisions WHERE id = ?').pluck().get(idKey(next)) as Buffer).baseId).toBe(merged);
    deltasOnSnapshots(s.store.db);
    expect(getRevisionRow(s.store, merged)!.value).toBe(JSON.stringify(mergedValue));
    expect(getRevisionRow(s.store, merged)!.merge_parent_id).toBe(first);
    expect(pending(s.store.db)).toBe(0);
    expect(compactRevisions(s.store)).toBe(0);
  });

  it('a store closed before saves paused is encoded on close; one killed before is encoded at the next start', async () => {
    const file = path.join(tempDir(), 'close.sqlite');
    const s = makeServices(file);
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Close' })).id;
    const ids = [await save(s, d, 'I.a', answer(paragraphs('Un', 10))), await save(s, d, 'I.a', answer(paragraphs('Un', 11)))];
    s.close();
    const db = new Database(file, { readonly: true });
    expect(pending(db)).toBe(0);
    expect(ids.map((id) => formatOf(db, id))).toEqual([1, expect.any(Number)]);
    expect(formatOf(db, ids[1]!)).toBeGreaterThan(1);
    db.close();
    // a host started on a store with a save left as sent (a crash before it was encoded): written
    // here as a save writes it, without the save's own pause timer
    const h = makeServices(file);
    const laterValue = answer(paragraphs('Un', 12));
    const later = h.store.tx(() => writeRevision(h.store, { draftId: d, field: 'I.a', value: laterValue, parentId: ids[1]!, raw: true })).revisionId;
    expect(formatOf(h.store.db, later)).toBe(0);
    h.startMaintenance();
    await expect.poll(() => pending(h.store.db), { timeout: 20_000, interval: 100 }).toBe(0);
    expect(formatOf(h.store.db, later)).toBeGreaterThan(1);
    expect(getRevisionRow(h.store, later)!.value).toBe(JSON.stringify(laterValue));
  }, 60_000);
});
