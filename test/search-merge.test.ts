/**
 * The search index merges its segments in bounded steps after a catch-up, not inside the commit of
 * an indexing step (store/search-merge.ts): FTS5's automerge is off, a crisis merge only past 64
 * segments, and after a bulk re-index the segments are merged down again, every answer still found.
 */
import { expect, it } from 'vitest';
import { textToDoc } from '../shared/plaintext';
import { makeServices } from './helpers';

const segments = (db: import('better-sqlite3').Database) => db.prepare('SELECT count(DISTINCT segid) FROM answers_fts_idx').pluck().get() as number;

it('a bulk re-index writes many small segments, then the background merges them; every answer is still found', async () => {
  const s = makeServices();
  const db = s.store.db;
  const config = Object.fromEntries((db.prepare('SELECT k, v FROM answers_fts_config').all() as Array<{ k: string; v: unknown }>).map((r) => [r.k, r.v]));
  expect(config).toMatchObject({ automerge: 0, crisismerge: 64 });
  const fields = ['I.a', 'I.b', 'II.a', 'II.b', 'II.c'];
  for (let d = 0; d < 120; d++) {
    const draft = s.drafts.create({ title: `Draft ${d}` });
    for (const f of fields) s.fields.save(draft.id, f, { kind: 'answer', doc: textToDoc(`commune ${d} ${f} ${'mot '.repeat(200)} ${Array.from({ length: 200 }, (_, i) => `w${d}x${i}`).join(' ')}`) }, null);
  }
  s.fields.indexAll();
  db.exec('INSERT OR IGNORE INTO search_pending (answer_rowid) SELECT rowid FROM answers'); // as a bulk import leaves it
  const merged = new Promise<void>((resolve) => {
    // the merging starts once the catch-up is over (a turn later)
    const wait = (): void => void (s.fields.merging ? s.fields.merging.then(resolve) : setImmediate(wait));
    void s.fields.catchUpIndex().then(wait);
  });
  await s.fields.catchUpIndex();
  const before = segments(db);
  await merged;
  const after = segments(db);
  // steps of 5 ms, no merge inside them: a segment each (600 answers, at most 8 a step when fast)
  expect(before).toBeGreaterThanOrEqual(4);
  expect(after).toBeLessThan(before);
  expect(after).toBeLessThanOrEqual(3);
  const r = await s.fields.search('commune');
  expect(r.pendingAnswers).toBe(0);
  expect(r.hits.length).toBe(200); // the page's cap: 600 answers match
  expect((await s.fields.search('w37x199')).hits).toHaveLength(5);
  s.close();
}, 60_000);
