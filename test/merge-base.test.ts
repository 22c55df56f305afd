/**
 * The base of a three-way merge is a LOWEST common ancestor (found by the simulation,
 * test/consolidation-sim.test.ts; its seed 1023 fails on the code before the fix): after a
 * department merged the master again, the nearest common ancestor by hops was an older one, and
 * merging against it shows what both sides already share as one side's change: a paragraph a side
 * deleted after the real base comes back.
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { RevisionGraph } from '../main/merge/graph';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import type { IncomingRevision } from '../shared/merge-incoming';
import { makeServices } from './helpers';
import { answer, importAsNewDraft } from './merge-helpers';

describe('the base of a merge', () => {
  it('is the lowest common ancestor, not the nearest by hops', () => {
    // x <- y <- y1 <- y2 <- t ; x <- t2 <- t (merge parent) ; y <- ours
    const g = new RevisionGraph();
    g.add('x', null, null);
    g.add('y', 'x', null);
    g.add('y1', 'y', null);
    g.add('y2', 'y1', null);
    g.add('t2', 'x', null);
    g.add('t', 'y2', 't2');
    g.add('ours', 'y', null);
    expect(g.commonAncestor('ours', 't')).toBe('y');
  });

  it('a paragraph deleted after the real base stays deleted', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of the Interior' });
    const rev = (id: string, parentId: string | null, text: string, mergeParentId: string | null = null): IncomingRevision => ({
      id,
      parentId,
      mergeParentId,
      value: answer(text),
      authorName: 'Amina',
      authorOrganisation: 'Ministère des Affaires étrangères',
      installationId: 'ministry',
      createdAt: new Date().toISOString(),
      note: null,
    });
    const [x, y, y1, y2, t2, t, ours] = Array.from({ length: 7 }, () => uuidv7());
    const X = rev(x!, null, 'A.\n\nB.');
    const Y = rev(y!, x!, 'A.\n\nB.\n\nC.');
    // the department's copy: it deleted C. after Y
    const copy = await importAsNewDraft(s, [{ field: 'I.a', head: ours!, revisions: [X, Y, rev(ours!, y!, 'A.\n\nB.')] }], 'Copy');
    // the master: Y's line went on (D., E.), and an old branch from X (Z.) was merged into it
    const master = [X, Y, rev(y1!, y!, 'A.\n\nB.\n\nC.\n\nD.'), rev(y2!, y1!, 'A.\n\nB.\n\nC.\n\nD.\n\nE.'), rev(t2!, x!, 'Z.\n\nA.\n\nB.'), rev(t!, y2!, 'Z.\n\nA.\n\nB.\n\nC.\n\nD.\n\nE.', t2!)];
    const r = mergeReturnedDraft(s.store, copy, { fields: [{ field: 'I.a', head: t!, revisions: master }], baseRevisions: {} }, { bundleId: uuidv7() });
    expect(r.fields[0]).toMatchObject({ outcome: 'merged', baseRevisionId: y });
    const d = await invoke(s.handlers, 'getDraft', { draftId: copy });
    expect(d.fields['I.a']!.text).toBe('Z.\nA.\nB.\nD.\nE.');
  });
});
