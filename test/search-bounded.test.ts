/**
 * A search waits for the index's catch-up a bounded time only (issue 13: the first search after a
 * bulk import of 56,000 answers took 7.5 s), then answers from the index as it stands and says how
 * many answers are still to be indexed; once the index has caught up, the same search finds
 * everything. The CLI's search stays complete. The bounded wait is made tiny here
 * (FieldsOptions.searchWaitMs) rather than the store huge.
 */
import { describe, expect, it } from 'vitest';
import { coreCommands } from '../main/cli/commands/core';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { writeRevision } from '../main/services/fields';
import { searchIndexBehind } from '../main/store/revisions';
import { makeServices } from './helpers';
import { answer, save } from './merge-helpers';

const FIELDS = ['I.a', 'I.b', 'I.c', 'I.d', 'I.e', 'II.a', 'II.b', 'II.c', 'II.d', 'III.a'];

/** A bulk write as an import leaves it: 60 drafts of 10 answers, every answer logged and none indexed. */
function bulkBacklog(s: Services): void {
  for (let i = 0; i < 60; i++) {
    const d = s.drafts.create({ title: `Draft ${i}` });
    s.store.tx(() => {
      for (const f of FIELDS) writeRevision(s.store, { draftId: d.id, field: f, value: answer(`Réponse ${i} ${f} coordination marqueur${i}`), parentId: null });
    });
  }
}
const pendingInStore = (s: Services) => s.store.db.prepare('SELECT count(*) FROM search_pending').pluck().get() as number;
const search = (s: Services, query: string) => invoke(s.handlers, 'search', { query });

describe('a search during a catch-up', () => {
  it('answers after a bounded wait with how many answers are left, and finds everything once the index has caught up', async () => {
    const s = makeServices(undefined, { fields: { searchWaitMs: 0 } });
    bulkBacklog(s);
    expect(pendingInStore(s)).toBe(600);
    // no time to wait: the least step of the catch-up (8 answers), then the index as it stands
    const first = await search(s, 'coordination');
    expect(first.pendingAnswers).toBe(592);
    expect(first.pendingAnswers).toBe(pendingInStore(s));
    expect(first.hits).toHaveLength(8);
    const rare = await search(s, 'marqueur59');
    expect(rare.pendingAnswers).toBeGreaterThan(0);
    expect(rare.hits).toEqual([]); // not indexed yet
    // the background catch-up goes on; the same search then finds everything, and says so
    s.fields.catchUpIndex();
    await expect.poll(() => searchIndexBehind(s.store), { timeout: 30_000 }).toBe(false);
    const later = await search(s, 'marqueur59');
    expect(later.pendingAnswers).toBe(0);
    expect(later.hits.map((h) => h.field).sort()).toEqual([...FIELDS].sort());
    expect(later.hits.every((h) => h.draftTitle === 'Draft 59')).toBe(true);
    const all = await search(s, 'coordination');
    expect(all).toMatchObject({ pendingAnswers: 0 });
    expect(all.hits).toHaveLength(200); // the top 200 of 600 matches
  });

  it('searching again (as the app does while answers are pending) also completes the index, without the background', async () => {
    const s = makeServices(undefined, { fields: { searchWaitMs: 0 } });
    bulkBacklog(s);
    let r = await search(s, 'marqueur0');
    let searches = 1;
    const seen = [r.pendingAnswers];
    while (r.pendingAnswers > 0) {
      r = await search(s, 'marqueur0');
      seen.push(r.pendingAnswers);
      searches++;
    }
    expect(searches).toBeGreaterThan(1);
    // each search moved the catch-up on
    expect(seen.every((n, i) => i === 0 || n < seen[i - 1]!)).toBe(true);
    expect(r.hits).toHaveLength(10);
    expect(pendingInStore(s)).toBe(0);
  });

  it('with the default wait, a small backlog is caught up before the answer; with none, nothing is pending', async () => {
    const s = makeServices();
    expect(await search(s, 'coordination')).toEqual({ hits: [], pendingAnswers: 0 });
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Maroc' })).id;
    await save(s, d, 'I.a', answer('La coordination interministérielle.'));
    expect(pendingInStore(s)).toBe(1);
    const r = await search(s, 'coordination');
    expect(r.pendingAnswers).toBe(0);
    expect(r.hits.map((h) => h.field)).toEqual(['I.a']);
    expect(await search(s, 'coordination')).toMatchObject({ pendingAnswers: 0 });
  });

  it('the CLI search waits for the whole catch-up: complete results, as scripts expect', async () => {
    const s = makeServices(undefined, { fields: { searchWaitMs: 0 } });
    bulkBacklog(s);
    const out: string[] = [];
    await coreCommands.search!.run({ services: s, io: { out: (x) => void out.push(x), err: () => {} }, args: [] }, ['marqueur59'], { json: true });
    const hits = JSON.parse(out.join('\n')) as Array<{ field: string }>;
    expect(hits.map((h) => h.field).sort()).toEqual([...FIELDS].sort());
    expect(pendingInStore(s)).toBe(0);
  });
});
