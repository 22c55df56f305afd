/**
 * A save's statements build no temporary table (issue 13, autosave p99). SQLite gathers into an
 * ephemeral table, with a page cache of its own, the rows of a statement that reads the table it
 * inserts into (the search log's trigger before migration 019) and the rows of a RETURNING clause
 * (the draft's time before this change): in a save, the costliest statements after the commit, and
 * the ones whose fresh memory was paged in. Every write a save runs (a first answer and a later one,
 * with the triggers they fire, which EXPLAIN lists with them) is checked here, as SQLite plans it.
 */
import { describe, expect, it, vi } from 'vitest';
import { invoke } from '../main/dispatch';
import { makeServices } from './helpers';
import { answer } from './merge-helpers';

describe("a save's statements", () => {
  it('open no ephemeral table, for a first answer and a later one', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'Plans' });
    const queries = new Set<string>();
    const sql = s.store.sql.bind(s.store);
    vi.spyOn(s.store, 'sql').mockImplementation((q: string) => {
      queries.add(q);
      return sql(q);
    });
    const first = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('Première réponse.'), baseRevisionId: null });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('Deuxième réponse.'), baseRevisionId: first.revisionId });
    const writes = [...queries].filter((q) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(q));
    // the revision, the head (its UPDATE and a first answer's INSERT), the draft's time: all seen
    expect(writes.some((q) => /INSERT INTO revisions\b/.test(q))).toBe(true);
    expect(writes.some((q) => /^UPDATE answers\b/.test(q))).toBe(true);
    expect(writes.some((q) => /^INSERT INTO answers\b/.test(q))).toBe(true);
    expect(writes.some((q) => /^UPDATE drafts\b/.test(q))).toBe(true);
    for (const q of writes) {
      const nulls = Array<null>((q.match(/\?/g) ?? []).length).fill(null);
      const ops = (s.store.db.prepare(`EXPLAIN ${q}`).all(...nulls) as Array<{ opcode: string }>).map((r) => r.opcode);
      expect(ops.length).toBeGreaterThan(0);
      expect(ops.filter((o) => o === 'OpenEphemeral' || o === 'OpenAutoindex'), q).toEqual([]);
    }
    vi.restoreAllMocks();
  });
});
