/** The shared history-page API: metadata only, newest first, paged by cursor, the same rows as the full listing. */
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { listRevisionMeta, listRevisionRows } from '../main/store/revisions';
import { textToDoc } from '../shared/plaintext';
import { makeServices } from './helpers';

describe('listRevisionMeta', () => {
  it('pages a field history newest first without values, matching the full listing', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'T', country: 'Morocco' });
    let base: string | null = null;
    const texts: string[] = [];
    for (let i = 0; i < 25; i++) {
      const text = `version ${i} ${'x'.repeat(i)}`;
      texts.push(text);
      base = (await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(text) }, baseRevisionId: base })).revisionId;
    }
    await invoke(h, 'saveField', { draftId: d.id, field: 'I.b', value: { kind: 'answer', doc: textToDoc('other') }, baseRevisionId: null });

    const pages: string[][] = [];
    let before: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = listRevisionMeta(s.store, d.id, 'I.a', { before, limit: 10 });
      if (!page.length) break;
      expect(page.every((r) => !('value' in r) && !('text' in r))).toBe(true);
      pages.push(page.map((r) => r.id));
      const last = page[page.length - 1]!;
      before = { createdAt: last.created_at, id: last.id };
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(listRevisionRows(s.store, d.id, 'I.a').map((r) => r.id));
    const newest = listRevisionMeta(s.store, d.id, 'I.a', { limit: 1 })[0]!;
    expect(newest.size).toBe(texts[24]!.length);
    expect(newest.parent_id).toBe(listRevisionRows(s.store, d.id, 'I.a')[1]!.id);
  });

  it('a cursor is exclusive as `before`, inclusive as `atOrBefore`, whatever its id ends with', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'T', country: 'Morocco' });
    let base: string | null = null;
    for (let i = 0; i < 5; i++) base = (await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc(`v${i}`) }, baseRevisionId: base })).revisionId;
    const all = listRevisionMeta(s.store, d.id, 'I.a').map((r) => r.id);
    const third = listRevisionMeta(s.store, d.id, 'I.a')[2]!;
    const cursor = { createdAt: third.created_at, id: third.id };
    expect(listRevisionMeta(s.store, d.id, 'I.a', { before: cursor }).map((r) => r.id)).toEqual(all.slice(3));
    expect(listRevisionMeta(s.store, d.id, 'I.a', { atOrBefore: cursor }).map((r) => r.id)).toEqual(all.slice(2));
    // the same through the API's page call
    const page = await invoke(h, 'fieldHistoryPage', { draftId: d.id, field: 'I.a', atOrBefore: cursor, limit: 2 });
    expect(page.saves.map((r) => r.id)).toEqual(all.slice(2, 4));
    expect(page.next).toEqual({ createdAt: expect.any(String), id: all[3] });
  });
});
