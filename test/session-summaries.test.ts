/**
 * Kept session summaries (issue 11, migration 014): a history listed from kept summaries must be
 * exactly the history worked out from the texts (same sessions, words added and removed, size,
 * preview), on a store written by the code of schema 13 (test/fixtures/store-v13.sqlite, made by
 * test/fixtures/make-store-v13.ts with that code: typed sessions in en/fr/ar, a restore, a text
 * import, a returned draft merged three ways with conflicts resolved and edits on top of the
 * merge, a department's draft imported as a new draft), and after saves and imports that extend or
 * split sessions already kept. Nothing is back-filled when the store is migrated.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { forgetSummaries } from '../main/history/field-sessions';
import { SESSION_GAP_MS } from '../main/history/sessions';
import type { Services } from '../main/services';
import { schemaVersion } from '../main/store/migrations';
import { getRevisionRow, setRevisionTime } from '../main/store/revisions';
import { fixture, makeServices, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { busiestField, fieldsOf, recomputed, splitOldSession, type Compared } from './session-helpers';
import { idTextSql } from '../main/store/revision-id';

/** A field's sessions through the service, page by page (`limit` per page). */
async function listed(s: Services, draftId: string, field: string, limit: number): Promise<Compared[]> {
  const out: Compared[] = [];
  let before: { createdAt: string; id: string } | undefined;
  do {
    const r = await invoke(s.handlers, 'fieldSessions', { draftId, field, before, limit });
    out.push(...r.sessions.map(({ kind: _k, broughtBy: _b, current: _c, ...x }) => x));
    before = r.next ?? undefined;
  } while (before);
  return out;
}

/** How many summaries the store keeps, once the writes queued by the calls before are done. */
async function kept(s: Services): Promise<number> {
  await new Promise((r) => setImmediate(r));
  return s.store.db.prepare('SELECT count(*) FROM session_summaries').pluck().get() as number;
}

/** Checks every field of the store; returns how many sessions there are and how many have ended (may be kept). */
async function expectAllEqual(s: Services, limit: number) {
  let sessions = 0;
  let ended = 0;
  for (const { draftId, field } of fieldsOf(s)) {
    const want = recomputed(s, draftId, field);
    expect(await listed(s, draftId, field, limit), `${draftId} ${field}`).toEqual(want);
    sessions += want.length;
    ended += want.filter((x, i) => i > 0 || Date.now() - Date.parse(x.end) > SESSION_GAP_MS).length;
  }
  return { sessions, ended };
}

describe('kept session summaries equal a full recomputation', () => {
  it('on a store written at schema 13: nothing back-filled, kept on first reading, the same when read back from the store', async () => {
    const file = path.join(tempDir(), 'v13.sqlite');
    fs.copyFileSync(fixture('store-v13.sqlite'), file);
    const raw = new Database(file, { readonly: true });
    expect(schemaVersion(raw)).toBe(13);
    const shape = raw.prepare('SELECT count(*) AS n, count(merge_parent_id) AS merges, count(source_bundle_id) AS imported, sum(note LIKE \'restored from%\') AS restored, sum(note LIKE \'imported from%\') AS texts FROM revisions').get() as Record<string, number>;
    const onMerge = raw.prepare('SELECT count(*) FROM revisions r JOIN revisions p ON p.id = r.parent_id WHERE p.merge_parent_id IS NOT NULL').pluck().get() as number;
    raw.close();
    // the fixture has what the grouping must get right
    expect(shape.merges).toBeGreaterThan(0);
    expect(shape.imported).toBeGreaterThan(100);
    expect(shape.restored).toBeGreaterThan(0);
    expect(shape.texts).toBeGreaterThan(0);
    expect(onMerge).toBeGreaterThan(0);

    const s = makeServices(file);
    expect(schemaVersion(s.store.db)).toBeGreaterThanOrEqual(14);
    expect(await kept(s)).toBe(0); // nothing worked out at first open
    const { sessions, ended } = await expectAllEqual(s, 7); // first reading: worked out from texts, then kept
    expect(sessions).toBeGreaterThan(100);
    expect(ended).toBeGreaterThan(100);
    expect(await kept(s)).toBe(ended); // every session that ended (a field's newest may go on while its last save is recent)

    // read back from the store, not from this process's memory, and still equal
    forgetSummaries(s.store);
    expect((await expectAllEqual(s, 50)).sessions).toBe(sessions);
    // (and the kept rows are what is shown: a changed row shows, so the store is really read)
    const some = s.store.db.prepare('SELECT first_id FROM session_summaries LIMIT 1').pluck().get() as string;
    const row = getRevisionRow(s.store, some)!;
    const where = { draftId: row.draft_id, field: row.field };
    s.store.db.prepare('UPDATE session_summaries SET words_added = 9999 WHERE first_id = ?').run(some);
    forgetSummaries(s.store);
    expect((await listed(s, where.draftId, where.field, 500)).find((x) => x.firstRevisionId === some)!.wordsAdded).toBe(9999);
    s.close();
  });

  it('stays equal when sessions already kept are extended by saves or split by imported saves, and keeps only sessions that ended', async () => {
    const file = path.join(tempDir(), 'v13.sqlite');
    fs.copyFileSync(fixture('store-v13.sqlite'), file);
    const s = makeServices(file);
    await expectAllEqual(s, 40);
    const busiest = busiestField(s);
    const before = await kept(s);

    // a save now: a new session, the newest of its field, not kept (it may go on)
    await save(s, busiest.draftId, busiest.field, answer('A new sentence typed today.'));
    await save(s, busiest.draftId, busiest.field, answer('A new sentence typed today, and more.'));
    const now = await listed(s, busiest.draftId, busiest.field, 40);
    expect(now[0]!.saves).toBe(2);
    expect(now).toEqual(recomputed(s, busiest.draftId, busiest.field));
    expect(await kept(s)).toBe(before);
    // that session goes on: the page follows it
    await save(s, busiest.draftId, busiest.field, answer('A new sentence typed today, and more, and more.'));
    expect((await listed(s, busiest.draftId, busiest.field, 40))[0]!.saves).toBe(3);

    // a save imported from another installation, dated inside a kept session of 3+ saves: it splits it
    const old = recomputed(s, busiest.draftId, busiest.field).filter((x) => x.saves >= 3 && x.note === null).at(-1)!;
    expect(s.store.db.prepare('SELECT count(*) FROM session_summaries WHERE first_id = ? AND last_id = ?').pluck().get(old.firstRevisionId, old.lastRevisionId)).toBe(1);
    const target = splitOldSession(s, busiest, '01a00000-0000-7000-8000-000000000001');
    expect(target).toEqual(old);
    forgetSummaries(s.store);
    const split = await listed(s, busiest.draftId, busiest.field, 40);
    expect(split).toEqual(recomputed(s, busiest.draftId, busiest.field));
    expect(split.length).toBe(now.length + 2); // one session became three
    // the older part of the split session was kept again for its new extent
    const older = split.find((x) => x.firstRevisionId === target!.firstRevisionId)!;
    expect(older.lastRevisionId).not.toBe(target!.lastRevisionId);
    await kept(s);
    expect(s.store.db.prepare('SELECT last_id FROM session_summaries WHERE first_id = ?').pluck().get(target!.firstRevisionId)).toBe(older.lastRevisionId);
    forgetSummaries(s.store);
    await expectAllEqual(s, 9);
    s.close();
  });

  it('a session ended by a save is kept once saves pause, off the save (a history typed in the app opens from kept summaries)', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina El Idrissi', organisation: 'MAE' });
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Typed' })).id;
    for (const t of ['La stratégie', 'La stratégie nationale', 'La stratégie nationale d’immigration']) await save(s, d, 'I.a', answer(t));
    expect(await kept(s)).toBe(0);
    await invoke(s.handlers, 'setIdentity', { name: 'Karim Benali', organisation: 'MoI' });
    await save(s, d, 'I.a', answer('La stratégie nationale d’immigration et d’asile')); // ends Amina's session
    expect(await kept(s)).toBe(0); // not in the save
    await expect.poll(() => kept(s), { timeout: 20_000, interval: 200 }).toBe(1);
    const row = s.store.db.prepare('SELECT * FROM session_summaries').get() as { words_added: number; size: number };
    expect([row.words_added, row.size]).toEqual([4, 'La stratégie nationale d’immigration'.length]);
    forgetSummaries(s.store);
    expect(await listed(s, d, 'I.a', 10)).toEqual(recomputed(s, d, 'I.a'));
    expect(await kept(s)).toBe(1); // Karim's session may go on: not kept
    s.close();
  });

  it('a read-only (damaged) store lists the same sessions without keeping anything', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'R' })).id;
    await save(s, d, 'I.a', answer('One.'));
    for (const id of s.store.db.prepare(`SELECT ${idTextSql('id')} FROM revisions`).pluck().all() as string[]) setRevisionTime(s.store, id, '2021-01-01T00:00:00.000Z');
    await save(s, d, 'I.a', answer('One. Two.'));
    (s.store as unknown as { _damaged: string })._damaged = 'test';
    expect(await listed(s, d, 'I.a', 10)).toEqual(recomputed(s, d, 'I.a'));
    expect(await kept(s)).toBe(0);
    (s.store as unknown as { _damaged: string | null })._damaged = null;
    forgetSummaries(s.store);
    await listed(s, d, 'I.a', 10);
    expect(await kept(s)).toBe(1); // the older session, ended; the newest may go on
  });
});
