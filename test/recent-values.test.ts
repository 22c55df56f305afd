/**
 * A save compares with the field's head and encodes against its snapshot from the values the
 * connection wrote or read last (main/store/recent-values.ts, issue 13), not from the store. What
 * it writes must read back exactly from a connection that never had them in memory, and a head
 * moved by another connection must be compared and built on as it is in the store.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { bodyHeader } from '../main/store/revision-body';
import { idKey } from '../main/store/revision-id';
import { getRevisionRow } from '../main/store/revisions';
import type { FieldValue } from '../shared/contract';
import { makeServices, tempDir } from './helpers';
import { answer } from './merge-helpers';

const paragraphs = (lead: string, n: number) => Array.from({ length: n }, (_, i) => `${lead} ${i}: la coordination nationale, تنسيق الاستعراض الوطني, the regions.`).join('\n\n');

describe('saves against remembered values', () => {
  it('every value saved reads back exactly from a fresh connection, across snapshots and deltas', async () => {
    const file = path.join(tempDir(), 'recent.sqlite');
    const s = makeServices(file);
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Recent' })).id;
    const saved = new Map<string, FieldValue>();
    let base: string | null = null;
    let text = paragraphs('Début', 30);
    for (let i = 0; i < 150; i++) {
      // typed changes here and there, a rewrite now and then, and an unchanged save
      text = i % 37 === 36 ? paragraphs(`Réécrit ${i}`, 20 + (i % 7)) : `${text.slice(0, (i * 97) % text.length)} mot${i} ${text.slice((i * 97) % text.length)}`;
      const v = answer(text);
      const r: { revisionId: string; unchanged: boolean } = await invoke(s.handlers, 'saveField', { draftId: d, field: 'II.c', value: v, baseRevisionId: base });
      expect(r.unchanged).toBe(false);
      saved.set(r.revisionId, v);
      base = r.revisionId;
      if (i % 50 === 10) expect(await invoke(s.handlers, 'saveField', { draftId: d, field: 'II.c', value: v, baseRevisionId: base })).toMatchObject({ unchanged: true, revisionId: base });
    }
    // as saved (not yet encoded: revision-compaction.ts), read from another connection
    const early = makeServices(file);
    for (const [id, v] of saved) expect(getRevisionRow(early.store, id)!.value).toBe(JSON.stringify(v));
    const pending = () => s.store.db.prepare('SELECT count(*) FROM revisions_to_compact').pluck().get();
    expect(pending()).toBe(saved.size);
    early.close(); // a connection closing encodes what is left (revision-compaction.ts), whoever saved it
    expect(pending()).toBe(0);
    const kinds = new Set([...saved.keys()].map((id) => bodyHeader(s.store.db.prepare('SELECT body FROM revisions WHERE id = ?').pluck().get(idKey(id)) as Buffer).baseId === null));
    expect(kinds).toEqual(new Set([true, false])); // both snapshots and deltas were written
    s.close();
    const fresh = makeServices(file);
    for (const [id, v] of saved) expect(getRevisionRow(fresh.store, id)!.value).toBe(JSON.stringify(v));
  });

  it('a head moved by another connection is compared and built on as stored, and a stale base is still a conflict', async () => {
    const file = path.join(tempDir(), 'two.sqlite');
    const one = makeServices(file);
    const two = makeServices(file);
    const d = (await invoke(one.handlers, 'createDraft', { title: 'Two' })).id;
    const v1 = answer(paragraphs('First', 12));
    const v2 = answer(paragraphs('Second', 12));
    const v3 = answer(`${paragraphs('Second', 12)} And a third.`);
    const r1 = await invoke(one.handlers, 'saveField', { draftId: d, field: 'II.c', value: v1, baseRevisionId: null });
    // the other connection moves the head: the first one never wrote or read that revision
    const r2 = await invoke(two.handlers, 'saveField', { draftId: d, field: 'II.c', value: v2, baseRevisionId: r1.revisionId });
    await expect(invoke(one.handlers, 'saveField', { draftId: d, field: 'II.c', value: v3, baseRevisionId: r1.revisionId })).rejects.toMatchObject({
      code: 'conflict',
      details: { currentRevisionId: r2.revisionId },
    });
    // the head's value is the other connection's, not the one this connection wrote last
    expect(await invoke(one.handlers, 'saveField', { draftId: d, field: 'II.c', value: v2, baseRevisionId: r2.revisionId })).toMatchObject({ unchanged: true, revisionId: r2.revisionId });
    const back = await invoke(one.handlers, 'saveField', { draftId: d, field: 'II.c', value: v1, baseRevisionId: r2.revisionId });
    expect(back.unchanged).toBe(false);
    const r3 = await invoke(one.handlers, 'saveField', { draftId: d, field: 'II.c', value: v3, baseRevisionId: back.revisionId });
    const r4 = await invoke(two.handlers, 'saveField', { draftId: d, field: 'II.c', value: v2, baseRevisionId: r3.revisionId });
    expect(r4.unchanged).toBe(false);
    one.close();
    two.close();
    const fresh = makeServices(file);
    const history = [r1.revisionId, r2.revisionId, back.revisionId, r3.revisionId, r4.revisionId].map((id) => getRevisionRow(fresh.store, id)!);
    expect(history.map((r) => r.value)).toEqual([v1, v2, v1, v3, v2].map((v) => JSON.stringify(v)));
    expect(history.map((r) => r.parent_id)).toEqual([null, r1.revisionId, r2.revisionId, back.revisionId, r3.revisionId]);
  });
});
