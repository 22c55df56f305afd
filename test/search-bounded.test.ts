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

/** A bulk write as an import leaves it: `drafts` drafts of 10 answers, every answer logged and none indexed. */
function bulkBacklog(s: Services, drafts: number): void {
  for (let i = 0; i < drafts; i++) {
    const d = s.drafts.create({ title: `Draft ${i}` });
    s.store.tx(() => {
      for (const f of FIELDS) writeRevision(s.store, { draftId: d.id, field: f, value: answer(`Réponse ${i} ${f} coordination marqueur${i}`), parentId: null });
    });
  }
}
const pendingInStore = (s: Services) => s.store.db.prepare('SELECT count(*) FROM search_pending').pluck().get() as number;
const search = (s: Services, query: string) => invoke(s.handlers, 'search', { query });

describe('a search during a catch-up', () => {
  it('answers after a bounded wait with how many answers are left, starts the catch-up, and finds everything once the index has caught up', async () => {
    const s = makeServices(undefined, { fields: { searchWaitMs: 0 } });
    bulkBacklog(s, 60);
    expect(pendingInStore(s)).toBe(600);
    // no time to wait: the index as it stands (nothing indexed), and how much is left
    const first = await search(s, 'coordination');
    expect(first).toEqual({ hits: [], pendingAnswers: 600 });
    const rare = await search(s, 'marqueur59');
    expect(rare.pendingAnswers).toBeGreaterThan(0);
    expect(rare.hits).toEqual([]); // not indexed yet
    // the search started the catch-up in the background (no host here: nothing else did);
    // once it is done, the same search finds everything, and says so
    await expect.poll(() => searchIndexBehind(s.store), { timeout: 30_000 }).toBe(false);
    const later = await search(s, 'marqueur59');
    expect(later.pendingAnswers).toBe(0);
    expect(later.hits.map((h) => h.field).sort()).toEqual([...FIELDS].sort());
    expect(later.hits.every((h) => h.draftTitle === 'Draft 59')).toBe(true);
    const all = await search(s, 'coordination');
    expect(all).toMatchObject({ pendingAnswers: 0 });
    expect(all.hits).toHaveLength(200); // the top 200 of 600 matches
  });

  it('waits for the catch-up for its bounded time, then answers with part of the backlog indexed; searching again (as the app does) ends complete', async () => {
    const s = makeServices(undefined, { fields: { searchWaitMs: 20 } });
    bulkBacklog(s, 120);
    let r = await search(s, 'marqueur0');
    // some indexed while the search waited, not all 1,200 answers (about 130 µs each)
    expect(r.pendingAnswers).toBeGreaterThan(0);
    expect(r.pendingAnswers).toBeLessThan(1200);
    expect(pendingInStore(s)).toBeLessThanOrEqual(r.pendingAnswers); // the catch-up goes on after the answer
    const seen = [r.pendingAnswers];
    while (r.pendingAnswers > 0) {
      r = await search(s, 'marqueur0');
      seen.push(r.pendingAnswers);
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((n, i) => i === 0 || n <= seen[i - 1]!)).toBe(true);
    expect(r.hits).toHaveLength(10);
    expect(pendingInStore(s)).toBe(0);
  });

  it('while a search waits for the catch-up, other calls (a save) are answered between its steps', async () => {
    const s = makeServices();
    bulkBacklog(s, 120);
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Maroc' })).id;
    let settled = false;
    const searching = search(s, 'marqueur0').then((r) => ((settled = true), r));
    await new Promise((r) => setImmediate(r)); // after the catch-up's first step
    const saved = await invoke(s.handlers, 'saveField', { draftId: d, field: 'I.a', value: answer('La coordination.'), baseRevisionId: null });
    expect(saved.unchanged).toBe(false);
    expect(settled).toBe(false); // the search is still waiting, the save was not
    expect(pendingInStore(s)).toBeGreaterThan(0);
    const r = await searching;
    expect(r.hits).toHaveLength(10);
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
    bulkBacklog(s, 60);
    const out: string[] = [];
    await coreCommands.search!.run({ services: s, io: { out: (x) => void out.push(x), err: () => {} }, args: [] }, ['marqueur59'], { json: true });
    const hits = JSON.parse(out.join('\n')) as Array<{ field: string }>;
    expect(hits.map((h) => h.field).sort()).toEqual([...FIELDS].sort());
    expect(pendingInStore(s)).toBe(0);
  });
});
