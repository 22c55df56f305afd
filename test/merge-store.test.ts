import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import type { Services } from '../main/services';
import { getHead, parseValue } from '../main/store/revisions';
import { docToText } from '../shared/plaintext';
import { makeServices, storeSnapshot } from './helpers';
import { answer, fieldRecords, headsOf, importAsNewDraft, save } from './merge-helpers';
import { noteFromText, valueDoc } from '../shared/note';

const text = (s: Services, draftId: string, field: string) => {
  const v = parseValue(getHead(s.store, draftId, field)!.value);
  return docToText(valueDoc(v));
};

async function twoSides() {
  const M = makeServices();
  const D = makeServices();
  await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
  await invoke(D.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of the Interior' });
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
  await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health'));
  await save(M, master, 'I.b', answer('The Department of Global Affairs.'));
  await save(M, master, 'I.c', answer('Ministries of the Interior and Labour.'));
  await save(M, master, 'II.a', answer('Legal framework: law 02-03.'));
  await save(M, master, 'III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('Plan adopted.') });
  const baseRevisions = headsOf(M, master);
  const dept = await importAsNewDraft(D, fieldRecords(M, master), 'Morocco — Interior part');
  const incoming = () => ({ fields: fieldRecords(D, dept), baseRevisions });
  return { M, D, master, dept, incoming, baseRevisions };
}

describe('merging a returned draft', () => {
  it('fast-forwards, keeps ours, merges cleanly, takes new fields and lists conflicts — nothing overwritten, both sides in history', async () => {
    const { M, D, master, dept, incoming, baseRevisions } = await twoSides();
    // only the department changed I.b; only the ministry changed I.c
    const deptIb = await save(D, dept, 'I.b', answer('The Department of Global Affairs, with the Interior.'));
    await save(M, master, 'I.c', answer('Ministries of the Interior, Labour and Health.'));
    // both changed I.a, in different places: the department added a bullet, the ministry edited the first paragraph
    await save(D, dept, 'I.a', answer('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Education'));
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA, with a permanent secretariat.\n\n- Interior\n- Labour\n- Health'));
    // both changed II.a's only paragraph differently
    const theirsIIa = await save(D, dept, 'II.a', answer('Legal framework: law 02-03 and law 27-14 on trafficking.'));
    const oursIIa = await save(M, master, 'II.a', answer('Legal framework: law 02-03 (1 Nov 2003).'));
    // objective: status on one side, note on the other
    await save(D, dept, 'III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('Plan adopted in 2019.') });
    await save(M, master, 'III.a/objective/5', { kind: 'objective', status: 'in_progress', note: noteFromText('Plan adopted.') });
    // a field only the department wrote
    const deptIe = await save(D, dept, 'I.e', answer('Unions and migrant associations were consulted.'));

    const bundleId = uuidv7();
    const r = mergeReturnedDraft(M.store, master, incoming(), { bundleId, from: 'Ministry of the Interior' });
    const by = Object.fromEntries(r.fields.map((f) => [f.field, f]));
    expect(by['I.b']).toMatchObject({ outcome: 'fast-forward', revisionId: deptIb, baseRevisionId: baseRevisions['I.b'] });
    expect(by['I.c']!.outcome).toBe('up-to-date');
    expect(by['I.a']!.outcome).toBe('merged');
    expect(by['II.a']).toMatchObject({ outcome: 'conflict', baseRevisionId: baseRevisions['II.a'] });
    expect(by['III.a/objective/5']!.outcome).toBe('merged');
    expect(by['I.e']).toMatchObject({ outcome: 'new', revisionId: deptIe });

    expect(text(M, master, 'I.b')).toBe('The Department of Global Affairs, with the Interior.');
    expect(text(M, master, 'I.c')).toBe('Ministries of the Interior, Labour and Health.');
    expect(text(M, master, 'I.a')).toBe('Coordination is chaired by the MFA, with a permanent secretariat.\n\n- Interior\n- Labour\n- Health\n- Education');
    expect(parseValue(getHead(M.store, master, 'III.a/objective/5')!.value)).toEqual({ kind: 'objective', status: 'in_progress', note: noteFromText('Plan adopted in 2019.') });
    // conflict: ours stays current, theirs is kept as a revision with its author, the conflict is listed
    expect(getHead(M.store, master, 'II.a')!.revision_id).toBe(oursIIa);
    const theirs = await invoke(M.handlers, 'getRevision', { revisionId: theirsIIa });
    expect(theirs).toMatchObject({ authorName: 'Karim', authorOrganisation: 'Ministry of the Interior', draftId: master });
    const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    expect(c).toMatchObject({ field: 'II.a', sourceBundleId: bundleId, currentRevisionId: oursIIa });
    expect(c!.ours!.text).toBe('Legal framework: law 02-03 (1 Nov 2003).');
    expect(c!.theirs!.text).toBe('Legal framework: law 02-03 and law 27-14 on trafficking.');
    expect(c!.base!.text).toBe('Legal framework: law 02-03.');
    // the merge revision joins both histories
    const merged = await invoke(M.handlers, 'getRevision', { revisionId: by['I.a']!.revisionId });
    expect(merged.mergeParentId).not.toBeNull();
    expect(merged.note).toMatch(new RegExp(`merged from bundle ${bundleId} \\(Ministry of the Interior\\)`));

    // the same bundle again changes nothing at all
    const before = storeSnapshot(M);
    const again = mergeReturnedDraft(M.store, master, incoming(), { bundleId, from: 'Ministry of the Interior' });
    expect(again.revisionsAdded).toBe(0);
    expect(storeSnapshot(M)).toBe(before);

    // resolving: combine by hand; the resolution has theirs as merge parent, so the next return is up to date
    const res = await invoke(M.handlers, 'resolveConflict', { conflictId: c!.id, value: answer('Legal framework: law 02-03 (1 Nov 2003) and law 27-14 on trafficking.') });
    const resolved = await invoke(M.handlers, 'getRevision', { revisionId: res.revisionId });
    expect(resolved).toMatchObject({ parentId: oursIIa, mergeParentId: theirsIIa });
    expect(await invoke(M.handlers, 'listConflicts', { draftId: master })).toEqual([]);
    await expect(invoke(M.handlers, 'resolveConflict', { conflictId: c!.id, take: 'ours' })).rejects.toThrow(/already resolved/);
    const third = mergeReturnedDraft(M.store, master, incoming(), { bundleId: uuidv7() });
    expect(third.fields.find((f) => f.field === 'II.a')!.outcome).toBe('up-to-date');
  });

  it('a field deleted (emptied) on one side and changed on the other is a conflict', async () => {
    const { M, D, master, dept, incoming } = await twoSides();
    await save(D, dept, 'I.b', answer(''));
    await save(M, master, 'I.b', answer('The Department of Global Affairs (DAG).'));
    const r = mergeReturnedDraft(M.store, master, incoming(), { bundleId: uuidv7() });
    expect(r.fields.find((f) => f.field === 'I.b')!.outcome).toBe('conflict');
    expect(text(M, master, 'I.b')).toBe('The Department of Global Affairs (DAG).');
    const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    const took = await invoke(M.handlers, 'resolveConflict', { conflictId: c!.id, take: 'theirs' });
    expect(text(M, master, 'I.b')).toBe('');
    expect((await invoke(M.handlers, 'fieldHistory', { draftId: master, field: 'I.b' })).map((h) => h.id)).toContain(took.revisionId);
  });

  it('refuses a returned draft that does not fit, with nothing changed', async () => {
    const { M, D, master, dept, incoming } = await twoSides();
    await save(D, dept, 'I.b', answer('x'));
    const before = storeSnapshot(M);
    const good = incoming();
    const unknownField = { ...good, fields: [{ ...good.fields[0]!, field: 'IX.z' }] };
    expect(() => mergeReturnedDraft(M.store, master, unknownField, { bundleId: uuidv7() })).toThrow(/does not have|not a field id/);
    const orphan = structuredClone(good);
    const f = orphan.fields.find((x) => x.field === 'I.b')!;
    f.revisions[f.revisions.length - 1]!.parentId = uuidv7(); // a parent neither side has
    expect(() => mergeReturnedDraft(M.store, master, orphan, { bundleId: uuidv7() })).toThrow(/neither in the bundle nor in this draft/);
    expect(() => mergeReturnedDraft(M.store, uuidv7(), good, { bundleId: uuidv7() })).toThrow(/no draft with id/);
    expect(() => mergeReturnedDraft(M.store, master, { fields: 'nope' }, { bundleId: uuidv7() })).toThrow(/not valid/);
    expect(storeSnapshot(M)).toBe(before);
  });

  it('merging into an approved draft reopens it as a new version and keeps the approved one intact', async () => {
    const { M, D, master, dept, incoming } = await twoSides();
    await invoke(M.handlers, 'setReviewRules', { approverNotSubmitter: false }); // one person submits and approves here
    await invoke(M.handlers, 'reviewTransition', { draftId: master, action: 'submit' });
    await invoke(M.handlers, 'reviewTransition', { draftId: master, action: 'approve' });
    await save(D, dept, 'I.b', answer('Changed by the department.'));
    mergeReturnedDraft(M.store, master, incoming(), { bundleId: uuidv7() });
    const d = await invoke(M.handlers, 'getDraft', { draftId: master });
    expect(d.status).toBe('in_progress');
    expect(d.fields['I.b']!.text).toBe('Changed by the department.');
    const v1 = await invoke(M.handlers, 'getDraftVersion', { draftId: master, version: 1 });
    expect(v1.fields['I.b']!.text).toBe('The Department of Global Affairs.');
  });
});

/** Random edits of unique paragraphs on both sides of a real exchange. */
const editArb = fc.record({ op: fc.constantFrom('del', 'rep', 'ins'), at: fc.nat(20) });
function edit(base: string[], edits: Array<{ op: string; at: number }>, tag: string): string[] {
  const out = [...base];
  edits.forEach((e, n) => {
    const i = out.length ? e.at % (out.length + (e.op === 'ins' ? 1 : 0)) : 0;
    if (e.op === 'ins' || !out.length) out.splice(i, 0, `${tag} ${n}`);
    else if (e.op === 'del') out.splice(i, 1);
    else out.splice(i, 1, `${tag} ${n}`);
  });
  return out;
}
const asText = (blocks: string[]) => blocks.map((b, i) => (i % 2 ? `- ${b}` : b)).join('\n\n');

describe('merge property in the store: no text is ever lost', () => {
  it('after merging, either the answer holds every block either side added, or it holds ours at the places with theirs in history and a conflict listed', async () => {
    const { M, D } = await twoSides();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), async (n, eo, et) => {
        runs++;
        const base = Array.from({ length: n }, (_, i) => `base block ${i}`);
        const master = (await invoke(M.handlers, 'createDraft', { title: `p${runs}` })).id;
        await save(M, master, 'I.a', answer(asText(base)));
        const baseRevisions = headsOf(M, master);
        const dept = await importAsNewDraft(D, fieldRecords(M, master), `p${runs}`);
        const o = edit(base, eo, 'ours');
        const t = edit(base, et, 'theirs');
        const oursRev = await save(M, master, 'I.a', answer(asText(o)));
        const theirsRev = await save(D, dept, 'I.a', answer(asText(t)));
        const r = mergeReturnedDraft(M.store, master, { fields: fieldRecords(D, dept), baseRevisions }, { bundleId: uuidv7() });
        const f = r.fields[0]!;
        const now = text(M, master, 'I.a');
        if (f.outcome === 'conflict') {
          // ours stays at the places; the rest is merged in a revision on top of ours
          const head = getHead(M.store, master, 'I.a')!.revision_id;
          if (head !== oursRev) expect((await invoke(M.handlers, 'getRevision', { revisionId: head })).parentId).toBe(oursRev);
          for (const added of o.filter((b) => !base.includes(b))) expect(now).toContain(added);
          const hist = (await invoke(M.handlers, 'fieldHistory', { draftId: master, field: 'I.a' })).map((h) => h.id);
          expect(hist).toEqual(expect.arrayContaining([oursRev, theirsRev]));
          expect((await invoke(M.handlers, 'getRevision', { revisionId: theirsRev })).text).toBe(t.join('\n'));
          expect((await invoke(M.handlers, 'listConflicts', { draftId: master })).map((c) => c.theirs!.revisionId)).toEqual([theirsRev]);
        } else {
          for (const added of [...o, ...t].filter((b) => !base.includes(b))) expect(now).toContain(added);
        }
      }),
      { numRuns: 40 },
    );
  });
});
