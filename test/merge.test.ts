import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../shared/contract';
import { docText, type Doc } from '../shared/doc';
import { textToDoc, docToText } from '../shared/plaintext';
import { mergeValues } from '../main/merge/values';
import { noteFromText } from '../shared/note';
import { fillPlaces, lcsPairs, merge3 } from '../main/merge/sequence';

const A = (text: string): FieldValue => ({ kind: 'answer', doc: textToDoc(text) });
const textOf = (v: FieldValue | null) => (v && v.kind === 'answer' ? docToText(v.doc) : null);

describe('three-way merge of values', () => {
  const base = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health');

  it('what only one side changed applies', () => {
    const ours = A('Coordination is chaired by the MFA since 2018.\n\n- Interior\n- Labour\n- Health');
    expect(mergeValues(base, ours, base)).toMatchObject({ outcome: 'ours', value: ours });
    expect(mergeValues(base, base, ours)).toMatchObject({ outcome: 'theirs', value: ours });
  });

  it('both sides making the same change take it once', () => {
    const same = A('Coordination is chaired by the Head of Government.\n\n- Interior\n- Labour\n- Health');
    expect(mergeValues(base, same, structuredClone(same))).toMatchObject({ outcome: 'same', value: same });
  });

  it('both sides changing the same paragraph differently is a conflict', () => {
    const ours = A('Coordination is chaired by the MFA (Directorate of Consular Affairs).\n\n- Interior\n- Labour\n- Health');
    const theirs = A('Coordination is chaired by the Ministry in charge of Moroccans Abroad.\n\n- Interior\n- Labour\n- Health');
    expect(mergeValues(base, ours, theirs)).toMatchObject({ outcome: 'conflict' });
  });

  it('deleted on one side and changed on the other is a conflict; deleted and untouched deletes', () => {
    const changed = A('Coordination is chaired by the MFA.\n\n- Interior (DGSN)\n- Labour\n- Health');
    expect(mergeValues(base, null, changed)).toMatchObject({ outcome: 'conflict', reason: expect.stringMatching(/deleted/) });
    expect(mergeValues(base, changed, null)).toMatchObject({ outcome: 'conflict' });
    expect(mergeValues(base, base, null)).toMatchObject({ outcome: 'theirs', value: null });
    // a paragraph removed on one side and edited on the other
    const removed = A('- Interior\n- Labour\n- Health');
    const edited = A('Coordination is chaired by the MFA and the Interior.\n\n- Interior\n- Labour\n- Health');
    expect(mergeValues(base, removed, edited)).toMatchObject({ outcome: 'conflict' });
  });

  it('non-overlapping edits on both sides merge: a bullet added at the end, the first paragraph edited', () => {
    const ours = A('Coordination is chaired by the MFA, with a permanent secretariat.\n\n- Interior\n- Labour\n- Health');
    const theirs = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Education');
    const m = mergeValues(base, ours, theirs);
    expect(m.outcome).toBe('merged');
    expect(textOf((m as { value: FieldValue }).value)).toBe('Coordination is chaired by the MFA, with a permanent secretariat.\n\n- Interior\n- Labour\n- Health\n- Education');
  });

  it('lists edited on both sides: different items merge, the same item conflicts', () => {
    const ours = A('Coordination is chaired by the MFA.\n\n- Interior (DGSN)\n- Labour\n- Health');
    const theirs = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health and social protection');
    const m = mergeValues(base, ours, theirs);
    expect(m.outcome).toBe('merged');
    expect(textOf((m as { value: FieldValue }).value)).toBe('Coordination is chaired by the MFA.\n\n- Interior (DGSN)\n- Labour\n- Health and social protection');
    const theirs2 = A('Coordination is chaired by the MFA.\n\n- Interior and Police\n- Labour\n- Health');
    expect(mergeValues(base, ours, theirs2).outcome).toBe('conflict');
    // a nested sub-item belongs to its top-level item
    const nestedO = A('Coordination is chaired by the MFA.\n\n- Interior\n  - Border unit\n- Labour\n- Health');
    const nestedT = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n  - ANAPEC\n- Health');
    expect(textOf((mergeValues(base, nestedO, nestedT) as { value: FieldValue }).value)).toBe(
      'Coordination is chaired by the MFA.\n\n- Interior\n  - Border unit\n- Labour\n  - ANAPEC\n- Health',
    );
  });

  it('both sides inserting different text at the same place keep both, ours first; the same text once', () => {
    const ours = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Justice');
    const theirs = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Education');
    expect(textOf((mergeValues(base, ours, theirs) as { value: FieldValue }).value)).toBe('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Justice\n- Education');
    const theirs2 = A('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Justice\n- Education');
    expect(textOf((mergeValues(base, ours, theirs2) as { value: FieldValue }).value)).toBe('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Health\n- Justice\n- Education');
  });

  it('a field written on both sides for the first time: the same text once, different texts both (ours first)', () => {
    expect(mergeValues(null, A('x'), A('x')).outcome).toBe('same');
    expect(textOf((mergeValues(null, A('x'), A('y')) as { value: FieldValue }).value)).toBe('x\n\ny');
  });

  it('objectives merge status and note separately; notes merge per paragraph like answers', () => {
    const N = noteFromText;
    const b: FieldValue = { kind: 'objective', status: 'planned', note: N('Plan adopted.') };
    expect(mergeValues(b, { ...b, status: 'in_progress' }, { ...b, note: N('Plan adopted in 2019.') })).toEqual({
      outcome: 'merged',
      value: { kind: 'objective', status: 'in_progress', note: N('Plan adopted in 2019.') },
    });
    expect(mergeValues(b, { ...b, status: 'in_progress' }, { ...b, status: 'achieved' }).outcome).toBe('conflict');
    expect(mergeValues(b, { ...b, note: N('a') }, { ...b, note: N('b') }).outcome).toBe('conflict');
    const p: FieldValue = { kind: 'principle', note: N('n') };
    expect(mergeValues(p, { kind: 'principle', note: N('o') }, p)).toMatchObject({ outcome: 'ours' });
    expect(mergeValues(p, { kind: 'principle', note: N('o') }, { kind: 'principle', note: N('t') }).outcome).toBe('conflict');
    // different paragraphs of one note: both kept
    const two: FieldValue = { kind: 'principle', note: N('First.\n\nSecond.') };
    const merged = mergeValues(two, { kind: 'principle', note: N('First, ours.\n\nSecond.') }, { kind: 'principle', note: N('First.\n\nSecond, theirs.') });
    expect(merged).toEqual({ outcome: 'merged', value: { kind: 'principle', note: N('First, ours.\n\nSecond, theirs.') } });
  });
});

describe('a very long answer', () => {
  it('66,000 paragraphs (as many as a document may hold) changed at both ends are paired in bounded memory (was: an LCS table of n×m cells, "Invalid typed array length"; at 30,000, 3.6 GB)', () => {
    const n = 66_000;
    const base = Array.from({ length: n }, (_, i) => `p${i}`);
    const side = [...base];
    side[0] = 'p0 amended';
    side[n - 1] = 'last amended';
    side.splice(n / 2, 1, 'middle amended', 'middle added');
    const pairs = lcsPairs(base, side);
    expect(pairs).toHaveLength(n - 3);
    expect(pairs.every(([i, j]) => base[i] === side[j])).toBe(true);
    expect(pairs.slice(n / 2 - 2, n / 2)).toEqual([[n / 2 - 1, n / 2 - 1], [n / 2 + 1, n / 2 + 2]]);
  });
});

describe('sequence merge', () => {
  const k = (x: string) => x;
  const clean = (m: ReturnType<typeof merge3<string>>) => (m.places.length ? null : m.chunks.flatMap((c) => ('items' in c ? c.items : [])));
  it('applies an insertion before a replaced range that starts at the same point', () => {
    expect(clean(merge3(['a', 'b'], ['a', 'x', 'b'], ['a', 'B'], k))).toEqual(['a', 'x', 'B']);
    expect(clean(merge3(['a', 'b', 'c'], ['a', 'c'], ['a', 'b', 'c', 'd'], k))).toEqual(['a', 'c', 'd']);
    expect(clean(merge3(['a', 'b', 'c'], ['A', 'b', 'c'], ['a', 'b', 'C'], k))).toEqual(['A', 'b', 'C']);
    expect(clean(merge3(['a', 'b'], ['A', 'b'], ['a', 'B'], k))).toEqual(['A', 'B']);
  });
  it('a place is only the items both sides changed: adjacent changes of one side merge around it', () => {
    const m = merge3(['a', 'b', 'c', 'd'], ['a', 'B1', 'C1', 'd'], ['a', 'B2', 'c', 'd'], k);
    expect(m.places).toEqual([{ s: 1, e: 2, base: ['b'], ours: ['B1'], theirs: ['B2'] }]);
    expect(m.chunks).toEqual([{ items: ['a'] }, { place: m.places[0] }, { items: ['C1', 'd'] }]);
  });
});

describe('a block that reaches both sides by different routes', () => {
  const k = (x: string) => x;
  const clean = (m: ReturnType<typeof merge3<string>>) => (m.places.length ? null : m.chunks.flatMap((c) => ('items' in c ? c.items : [])));
  // seed 1067 of the simulation: the department appended X (a restore); the master had it in the middle (a merge)
  it('inserted identically on both sides at different places: kept once, where ours has it', () => {
    expect(clean(merge3(['a', 'c'], ['a', 'c', 'X'], ['A', 'X', 'c'], k))).toEqual(['A', 'c', 'X']);
    expect(clean(merge3(['a', 'c'], ['X', 'a', 'c'], ['a', 'c', 'X'], k))).toEqual(['X', 'a', 'c']);
  });
  it('moved to different places on both sides: kept once; moved on one side only: moved', () => {
    expect(clean(merge3(['X', 'a', 'b'], ['a', 'b', 'X'], ['a', 'X', 'b'], k))).toEqual(['a', 'b', 'X']);
    expect(clean(merge3(['X', 'a', 'b'], ['X', 'a', 'b', 'c'], ['a', 'b', 'X'], k))).toEqual(['a', 'b', 'c', 'X']);
  });
  it('moved on one side and removed on the other: removed (seed 1067, a round later); edited on the other: a place, and the moved copy stays', () => {
    expect(clean(merge3(['a', 'X', 'c'], ['a', 'c'], ['a', 'c', 'X'], k))).toEqual(['a', 'c']);
    expect(clean(merge3(['a', 'X', 'c'], ['a', 'c', 'X'], ['a', 'c'], k))).toEqual(['a', 'c']);
    const m = merge3(['a', 'X', 'c'], ['a', 'X2', 'c'], ['a', 'c', 'X'], k);
    expect(m.places).toEqual([{ s: 1, e: 2, base: ['X'], ours: ['X2'], theirs: [] }]);
    expect(m.chunks[m.chunks.length - 1]).toEqual({ items: ['c', 'X'] });
  });
  it('a block a side really holds twice stays twice', () => {
    expect(clean(merge3(['a'], ['X', 'a', 'X'], ['a', 'X'], k))).toEqual(['X', 'a', 'X']);
  });
  it('where ours holds it in a place both sides changed, theirs keeps its copy: whichever the user takes, the block stays', () => {
    const m = merge3(['a', 'b'], ['a', 'X'], ['X', 'a', 'B'], k);
    expect(m.places).toEqual([{ s: 1, e: 2, base: ['b'], ours: ['X'], theirs: ['B'] }]);
    expect(m.chunks[0]).toEqual({ items: ['X', 'a'] });
  });
  it('in answers: the paragraph the department appended and the master holds in the middle is there once', () => {
    const base = A('q4 Pathways widened.\n\nq13 The committee met twice.');
    const ours = A('q4 Pathways widened.\n\nq13 The committee met twice.\n\nq9 Le comité s’est réuni.');
    const theirs = A('q4 Pathways widened, updated in March.\n\nq9 Le comité s’est réuni.\n\nq13 The committee met twice.');
    const m = mergeValues(base, ours, theirs);
    expect(m.outcome).toBe('merged');
    expect(textOf((m as { value: FieldValue }).value)).toBe('q4 Pathways widened, updated in March.\n\nq13 The committee met twice.\n\nq9 Le comité s’est réuni.');
  });
});

describe('merge property: blocks that travel by two routes', () => {
  // each side removes, moves, adds fresh blocks and adds blocks from a pool both sides may add (a restore, a merge)
  type Op = { op: 'del' | 'move' | 'fresh' | 'shared'; at: number; to: number; pick: number };
  const opArb = fc.record({ op: fc.constantFrom<Op['op']>('del', 'move', 'fresh', 'shared'), at: fc.nat(20), to: fc.nat(20), pick: fc.nat(3) });
  const side = (base: string[], ops: Op[], tag: string) => {
    const out = [...base];
    ops.forEach((o, n) => {
      const i = out.length ? o.at % out.length : 0;
      if ((o.op === 'del' || o.op === 'move') && out.length) {
        const [x] = out.splice(i, 1);
        if (o.op === 'move') out.splice(o.to % (out.length + 1), 0, x!);
      } else if (o.op === 'fresh') out.splice(o.to % (out.length + 1), 0, `${tag}${n}`);
      else if (o.op === 'shared' && !out.includes(`shared ${o.pick}`)) out.splice(o.to % (out.length + 1), 0, `shared ${o.pick}`);
    });
    return out;
  };
  it('a clean merge holds each block once, exactly where the paragraph-set model says; a place never loses what the side taken added', () => {
    let clean = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(opArb, { maxLength: 5 }), fc.array(opArb, { maxLength: 5 }), (n, eo, et) => {
        const base = Array.from({ length: n }, (_, i) => `base ${i}`);
        const [o, t] = [side(base, eo, 'ours '), side(base, et, 'theirs ')];
        const m = merge3(base, o, t, (x) => x);
        const [B, O, T] = [new Set(base), new Set(o), new Set(t)];
        const added = (S: Set<string>) => [...S].filter((x) => !B.has(x));
        for (const take of ['ours', 'theirs'] as const) {
          const out = fillPlaces(m, () => take, (x) => x);
          for (const x of added(take === 'ours' ? O : T)) expect(out, `${take} lost ${x}`).toContain(x);
        }
        if (m.places.length) return true;
        clean++;
        const out = fillPlaces(m, () => undefined, (x) => x);
        expect(new Set(out).size, `a block twice: ${out}`).toBe(out.length);
        const want = new Set([...[...O].filter((x) => T.has(x)), ...added(O), ...added(T)]);
        expect([...out].sort()).toEqual([...want].sort());
        return true;
      }),
      { numRuns: 600 },
    );
    expect(clean).toBeGreaterThan(100);
  });
});

/** Random edits of a list of unique blocks: delete, replace with a new block, insert a new block. */
type Edit = { op: 'del' | 'rep' | 'ins'; at: number };
const editArb = fc.record({ op: fc.constantFrom<Edit['op']>('del', 'rep', 'ins'), at: fc.nat(30) });

function applyEdits(base: string[], edits: Edit[], tag: string): { out: string[]; added: string[]; removed: string[] } {
  const out = [...base];
  const added: string[] = [];
  edits.forEach((e, n) => {
    const i = out.length ? e.at % (out.length + (e.op === 'ins' ? 1 : 0)) : 0;
    const fresh = `${tag}${n} نص ${n}`;
    if (e.op === 'ins' || !out.length) {
      out.splice(i, 0, fresh);
      added.push(fresh);
    } else if (e.op === 'del') out.splice(i, 1);
    else {
      out.splice(i, 1, fresh);
      added.push(fresh);
    }
  });
  const removed = base.filter((b) => !out.includes(b));
  return { out, added: added.filter((a) => out.includes(a)), removed };
}

/** Blocks of even length are bullet items (consecutive ones form one list), the others paragraphs. */
function asDoc(blocks: string[]): Doc {
  const content: Doc['content'] = [];
  for (const b of blocks) {
    const p = { type: 'paragraph' as const, content: [{ type: 'text' as const, text: b }] };
    const last = content[content.length - 1];
    if (b.length % 2) content.push(p);
    else if (last && last.type === 'bulletList') last.content.push({ type: 'listItem', content: [p] });
    else content.push({ type: 'bulletList', content: [{ type: 'listItem', content: [p] }] });
  }
  return { type: 'doc', content };
}

describe('merge property: no text is ever lost', () => {
  it('a clean merge contains every block either side added and none either side removed; a conflict keeps ours at its places', () => {
    let clean = 0;
    let conflicts = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(editArb, { maxLength: 4 }), fc.array(editArb, { maxLength: 4 }), (n, eo, et) => {
        const base = Array.from({ length: n }, (_, i) => `base ${i}${i % 3 ? '' : '.'}`);
        const o = applyEdits(base, eo, 'ours ');
        const t = applyEdits(base, et, 'theirs ');
        const m = mergeValues({ kind: 'answer', doc: asDoc(base) }, { kind: 'answer', doc: asDoc(o.out) }, { kind: 'answer', doc: asDoc(t.out) });
        if (m.outcome === 'conflict') {
          conflicts++;
          // ours is kept at each place; everything else either side did is applied
          const text = m.partial && m.partial.kind === 'answer' ? docText(m.partial.doc).split('\n') : [];
          for (const a of o.added) expect(text).toContain(a);
          return true;
        }
        clean++;
        const text = m.value && m.value.kind === 'answer' ? docText(m.value.doc).split('\n') : [];
        for (const a of [...o.added, ...t.added]) expect(text).toContain(a);
        for (const r of [...o.removed, ...t.removed]) expect(text).not.toContain(r);
        for (const b of base) if (!o.removed.includes(b) && !t.removed.includes(b)) expect(text).toContain(b);
        return true;
      }),
      { numRuns: 400 },
    );
    expect(clean).toBeGreaterThan(100); // the property is not vacuous: many random edit pairs merge cleanly
    expect(conflicts).toBeGreaterThan(10);
  });
});
