/**
 * Place-by-place merge (issue 12): non-overlapping changes of both sides always apply; a conflict
 * is only where both changed the same paragraph or list item; each place is decided on its own,
 * and no decision ever undoes a change only one side made. Real stores on both sides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { unitText } from '../main/merge/doc';
import { fieldMerge, resolvedValue, type Decision } from '../main/merge/places';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import type { Services } from '../main/services';
import { getHead, parseValue } from '../main/store/revisions';
import type { FieldValue, PlaceChoice } from '../shared/contract';
import { docToText, textToDoc } from '../shared/plaintext';
import { cli, makeServices } from './helpers';
import { answer, fieldRecords, headsOf, importAsNewDraft, save } from './merge-helpers';

const text = (s: Services, draftId: string, field = 'I.a') => {
  const v = parseValue(getHead(s.store, draftId, field)!.value);
  return v.kind === 'answer' ? docToText(v.doc) : v.note;
};

const P1 = 'The national coordination mechanism was set up in 2018.';
const P2 = 'It meets twice a year under the Ministry of Foreign Affairs.';
const P3 = 'Civil society takes part in its working groups.';

async function returned(master: string[], dept: string[]) {
  const M = makeServices();
  const D = makeServices();
  await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
  await invoke(D.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of the Interior' });
  const m = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
  await save(M, m, 'I.a', answer([P1, P2, P3].join('\n\n')));
  const baseRevisions = headsOf(M, m);
  const d = await importAsNewDraft(D, fieldRecords(M, m), 'Morocco — Interior');
  const oursRev = await save(M, m, 'I.a', answer(master.join('\n\n')));
  const theirsRev = await save(D, d, 'I.a', answer(dept.join('\n\n')));
  const report = mergeReturnedDraft(M.store, m, { fields: fieldRecords(D, d), baseRevisions }, { bundleId: uuidv7(), from: 'Ministry of the Interior' });
  const [c] = await invoke(M.handlers, 'listConflicts', { draftId: m });
  return { M, m, report, c: c!, oursRev, theirsRev };
}

const P2m = 'It meets twice a year under the Ministry of Foreign Affairs, with a permanent secretariat.';
const P2d = 'It meets twice a year under the Ministry of Foreign Affairs and the Interior.';
const P3m = 'Civil society and migrant associations take part in its working groups.';

describe('paragraph 2 changed on both sides, paragraph 3 only by the ministry', () => {
  it('the conflict is paragraph 2 alone; the ministry’s paragraph 3 is merged already; "take theirs" keeps it', async () => {
    const { M, m, report, c, oursRev, theirsRev } = await returned([P1, P2m, P3m], [P1, P2d, P3]);
    expect(report.fields[0]).toMatchObject({ outcome: 'conflict' });
    expect(c.places).toHaveLength(1);
    expect(c.places[0]).toMatchObject({ kind: 'paragraph', choice: null });
    expect(docToText(c.places[0]!.base)).toBe(P2);
    expect(docToText(c.places[0]!.ours)).toBe(P2m);
    expect(docToText(c.places[0]!.theirs)).toBe(P2d);
    expect(c.segments!.map((x) => ('place' in x ? `[${x.place}]` : docToText(x.doc)))).toEqual([P1, '[0]', P3m]);
    expect(text(M, m)).toBe([P1, P2m, P3m].join('\n\n'));

    const r = await invoke(M.handlers, 'resolveConflict', { conflictId: c.id, take: 'theirs' });
    expect(text(M, m)).toBe([P1, P2d, P3m].join('\n\n'));
    expect(await invoke(M.handlers, 'getRevision', { revisionId: r.revisionId })).toMatchObject({ mergeParentId: theirsRev, note: 'merge conflict resolved: place 1: theirs' });
    expect((await invoke(M.handlers, 'fieldHistory', { draftId: m, field: 'I.a' })).map((h) => h.id)).toEqual(expect.arrayContaining([oursRev, theirsRev]));
  });

  it('the department’s change elsewhere is applied at once, in a revision on top of ours', async () => {
    const P1d = 'The national coordination mechanism was set up by decree in 2018.';
    const { M, m, c, oursRev } = await returned([P1, P2m, P3m], [P1d, P2d, P3]);
    expect(text(M, m)).toBe([P1d, P2m, P3m].join('\n\n'));
    const merged = await invoke(M.handlers, 'getRevision', { revisionId: c.mergedRevisionId! });
    expect(merged).toMatchObject({ parentId: oursRev, mergeParentId: null });
    expect(merged.note).toMatch(/did not overlap; 1 place waits for a decision/);
    // "both" keeps the two versions of paragraph 2, ours first
    const r = await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'both' });
    expect(r.revisionId).not.toBeNull();
    expect(text(M, m)).toBe([P1d, P2m, P2d, P3m].join('\n\n'));
  });

  it('places are decided one by one, a decision can change until the last one, and an edit since the merge is kept', async () => {
    const A1 = 'Amina’s first paragraph.';
    const { M, m, c } = await returned([A1, P2m, P3m], ['First paragraph by Karim.', P2d, 'Third paragraph by Karim.']);
    expect(c.places).toHaveLength(3);
    const one = await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'theirs' });
    expect(one.revisionId).toBeNull();
    expect(one.conflict.places.map((p) => p.choice)).toEqual(['theirs', null, null]);
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'ours' });
    await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 1, choice: 'edit', edited: textToDoc('It meets twice a year (MFA and Interior).') });
    // the ministry goes on writing meanwhile: a new last paragraph
    await save(M, m, 'I.a', answer([A1, P2m, P3m, 'A new closing paragraph.'].join('\n\n')));
    expect((await invoke(M.handlers, 'listConflicts', { draftId: m }))[0]!.places.map((p) => p.choice)).toEqual(['ours', 'edit', null]);
    await expect(invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 3, choice: 'ours' })).rejects.toThrow(/has 3 places; there is no place 4/);
    await expect(invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 2, choice: 'edit' })).rejects.toThrow(/edited text/);
    const last = await invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 2, choice: 'theirs' });
    expect(last.revisionId).not.toBeNull();
    expect(text(M, m)).toBe([A1, 'It meets twice a year (MFA and Interior).', 'Third paragraph by Karim.', 'A new closing paragraph.'].join('\n\n'));
    expect(await invoke(M.handlers, 'listConflicts', { draftId: m })).toEqual([]);
    await expect(invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'ours' })).rejects.toThrow(/already resolved/);
  });

  it('an edit of the same place since the merge is never overwritten: that decision is refused', async () => {
    const { M, m, c } = await returned([P1, P2m, P3m], [P1, P2d, P3]);
    await save(M, m, 'I.a', answer([P1, 'Paragraph two rewritten again by the ministry.', P3m].join('\n\n')));
    const before = text(M, m);
    await expect(invoke(M.handlers, 'decideConflictPlace', { conflictId: c.id, place: 0, choice: 'theirs' })).rejects.toThrow(/edited at the same place since the merge/);
    expect(text(M, m)).toBe(before);
    expect((await invoke(M.handlers, 'listConflicts', { draftId: m }))[0]!.places[0]!.choice).toBeNull(); // the refused decision left nothing
  });

  it('on the CLI: conflicts list shows each place; conflicts resolve --place N decides one', async () => {
    const { M, m, c } = await returned(['Amina’s first paragraph.', P2m, P3m], ['Karim’s first paragraph.', P2d, P3]);
    const file = M.store.file;
    M.close();
    const list = await cli(file, 'conflicts', 'list', m);
    expect(list.out).toMatch(/place 1 \(paragraph\): to decide/);
    expect(list.out).toMatch(/place 2 \(paragraph\): to decide/);
    const one = await cli(file, 'conflicts', 'resolve', c.id, '--place', '2', '--take', 'both');
    expect(one).toMatchObject({ code: 0, out: 'place 2 decided; 1 place still to decide' });
    expect((await cli(file, 'conflicts', 'resolve', c.id, '--take', 'both')).err).toMatch(/--take both is for one place/);
    expect((await cli(file, 'conflicts', 'resolve', c.id, '--place', '0', '--take', 'ours')).err).toMatch(/--place must be a place number/);
    const two = await cli(file, 'conflicts', 'resolve', c.id, '--place', '1', '--text', 'Written by hand.');
    expect(two.code).toBe(0);
    expect((await cli(file, 'answer', 'get', m, 'I.a')).out).toBe(['Written by hand.', P2m, P2d, P3m].join('\n\n'));
  });
});

describe('the whole answer by hand on the CLI after an edit since the merge', () => {
  it('conflicts resolve --text is refused over the newer text; with --base naming the current revision it is written', async () => {
    const { M, m, c } = await returned([P1, P2m, P3m], [P1, P2d, P3]);
    await save(M, m, 'I.a', answer([P1, 'Edited since the merge.', P3m].join('\n\n')));
    const current = (await invoke(M.handlers, 'getDraft', { draftId: m })).fields['I.a']!.revisionId;
    const file = M.store.file;
    M.close();
    const stale = await cli(file, 'conflicts', 'resolve', c.id, '--text', 'Written from the merge.');
    expect(stale.code).not.toBe(0);
    expect((await cli(file, 'answer', 'get', m, 'I.a')).out).toBe([P1, 'Edited since the merge.', P3m].join('\n\n'));
    expect((await cli(file, 'conflicts', 'resolve', c.id, '--take', 'ours', '--base', current)).err).toMatch(/--base goes with --text or --file/);
    const fresh = await cli(file, 'conflicts', 'resolve', c.id, '--text', 'Written from the current text.', '--base', current);
    expect(fresh.code, fresh.err).toBe(0);
    expect((await cli(file, 'answer', 'get', m, 'I.a')).out).toBe('Written from the current text.');
  });
});

describe('notes of objectives and principles', () => {
  it('a note is decided place by place; the status only one side set applies; statuses set differently on both sides are decided as a whole', () => {
    const note = (t: string) => textToDoc(t);
    const b: FieldValue = { kind: 'objective', status: 'planned', note: note('Plan adopted.\n\nBudget pending.') };
    const o: FieldValue = { kind: 'objective', status: 'in_progress', note: note('Plan adopted in 2019.\n\nBudget pending.') };
    const t: FieldValue = { kind: 'objective', status: 'planned', note: note('Plan adopted by decree.\n\nBudget voted in 2020.') };
    const m = fieldMerge(b, o, t)!;
    expect(m.docs.places).toHaveLength(1);
    expect(resolvedValue(m, all(1, 'theirs'))).toEqual({ kind: 'objective', status: 'in_progress', note: note('Plan adopted by decree.\n\nBudget voted in 2020.') });
    expect(fieldMerge(b, o, { ...t, status: 'achieved' })).toBeNull();
  });
});

/** Random documents of unique paragraphs; each side edits some of them. */
const docArb = fc.array(fc.stringMatching(/^[a-z]{3,8}( [a-z]{3,8}){2,6}$/), { minLength: 1, maxLength: 10 }).map((ps) => ps.map((p, i) => `${i} ${p}`));
const A = (ps: string[]): FieldValue => ({ kind: 'answer', doc: textToDoc(ps.join('\n\n')) });
const paras = (v: FieldValue) => (v.kind === 'answer' ? docToText(v.doc).split('\n\n').filter(Boolean) : []);
const all = (n: number, choice: PlaceChoice) => new Map<number, Decision>(Array.from({ length: n }, (_, i) => [i, { choice, edited: null }]));

describe('merge properties (fast-check)', () => {
  it('non-overlapping edits on both sides: the merge contains both sides’ edits and nothing else changes', () => {
    fc.assert(
      fc.property(docArb, fc.array(fc.nat(), { maxLength: 10 }), (base, picks) => {
        // each base paragraph is left alone, edited by ours, edited by theirs, or removed by one side
        const who = base.map((_, i) => (picks[i] ?? 0) % 5);
        const ours = base.flatMap((p, i) => (who[i] === 1 ? [`${p} edited by ours`] : who[i] === 3 ? [] : [p]));
        const theirs = base.flatMap((p, i) => (who[i] === 2 ? [`${p} edited by theirs`] : who[i] === 4 ? [] : [p]));
        const expected = base.flatMap((p, i) => (who[i] === 1 ? [`${p} edited by ours`] : who[i] === 2 ? [`${p} edited by theirs`] : who[i]! >= 3 ? [] : [p]));
        const m = fieldMerge(A(base), A(ours), A(theirs))!;
        expect(m.docs.places).toEqual([]);
        expect(paras(resolvedValue(m, new Map()))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('overlapping edits: one place per paragraph both changed; all ours gives ours exactly, all theirs theirs, both keeps both', () => {
    fc.assert(
      fc.property(docArb, fc.array(fc.boolean(), { maxLength: 10 }), (base, pick) => {
        const both = base.map((_, i) => pick[i] ?? false);
        const ours = base.map((p, i) => (both[i] ? `${p} as ours wrote it` : p));
        const theirs = base.map((p, i) => (both[i] ? `${p} as theirs wrote it` : p));
        const m = fieldMerge(A(base), A(ours), A(theirs))!;
        const n = both.filter(Boolean).length;
        expect(m.docs.places).toHaveLength(n);
        expect(paras(resolvedValue(m, all(n, 'ours')))).toEqual(ours);
        expect(paras(resolvedValue(m, all(n, 'theirs')))).toEqual(theirs);
        expect(paras(resolvedValue(m, all(n, 'both')))).toEqual(base.flatMap((p, i) => (both[i] ? [ours[i]!, theirs[i]!] : [p])));
      }),
      { numRuns: 300 },
    );
  });

  it('any edits: whatever is decided at the places, every paragraph only one side added is in the result', () => {
    const edits = fc.array(fc.record({ op: fc.constantFrom('del', 'rep', 'ins'), at: fc.nat(20) }), { maxLength: 4 });
    const edit = (base: string[], es: Array<{ op: string; at: number }>, tag: string) => {
      const out = [...base];
      es.forEach((e, n) => {
        const i = out.length ? e.at % (out.length + (e.op === 'ins' ? 1 : 0)) : 0;
        if (e.op === 'ins' || !out.length) out.splice(i, 0, `${tag} wrote paragraph ${n}`);
        else if (e.op === 'del') out.splice(i, 1);
        else out.splice(i, 1, `${out[i]} changed by ${tag} ${n}`);
      });
      return out;
    };
    fc.assert(
      fc.property(docArb, edits, edits, fc.constantFrom<PlaceChoice>('ours', 'theirs', 'both'), (base, eo, et, choice) => {
        const o = edit(base, eo, 'ours');
        const t = edit(base, et, 'theirs');
        const m = fieldMerge(A(base), A(o), A(t))!;
        const res = paras(resolvedValue(m, all(m.docs.places.length, choice)));
        for (const [side, mine] of [['ours', o], ['theirs', t]] as const) {
          const keptHere = choice === 'both' || choice === side;
          for (const added of mine.filter((p) => !base.includes(p))) {
            const placed = m.docs.places.some((p) => (side === 'ours' ? p.ours : p.theirs).some((u) => unitText(u) === added));
            if (!placed || keptHere) expect(res).toContain(added);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
