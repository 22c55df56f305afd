import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHODS, contract } from '../shared/contract';
import { dispatch } from '../main/dispatch';
import { makeServices, storeSnapshot } from './helpers';

describe('contract', () => {
  it('declares an input and an output schema for every call the services implement', () => {
    const s = makeServices();
    expect(Object.keys(s.handlers).sort()).toEqual([...METHODS].sort());
    for (const m of METHODS) {
      expect(typeof contract[m].input.safeParse).toBe('function');
      expect(typeof contract[m].output.safeParse).toBe('function');
    }
  });

  it('rejects random malformed payloads with an error envelope, never a crash, and writes nothing', async () => {
    const s = makeServices();
    const draft = await dispatch(s.handlers, 'createDraft', { title: 'Fuzz target' });
    expect(draft.ok).toBe(true);
    const before = storeSnapshot(s);
    const writing = new Set(['createDraft', 'renameDraft', 'duplicateDraft', 'deleteDraft', 'restoreDraft', 'saveField', 'restoreRevision', 'setIdentity', 'setSetting', 'importTemplate']);
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), async (method, payload) => {
        const r = await dispatch(s.handlers, method, payload);
        if (!r.ok) {
          expect(['invalid_input', 'not_found', 'conflict', 'bad_file']).toContain(r.error.code);
          expect(r.error.message.length).toBeGreaterThan(0);
          rejected++;
        } else {
          // Random input accepted by a writing call would change the store; none may be accepted.
          expect(writing.has(method)).toBe(false);
        }
      }),
      { numRuns: 1500 },
    );
    expect(rejected).toBeGreaterThan(500);
    expect(storeSnapshot(s)).toBe(before);
  });

  it('rejects structured near-miss payloads (wrong types, extra keys, bad ids) with specific messages', async () => {
    const s = makeServices();
    const d = await dispatch(s.handlers, 'createDraft', { title: 'x' });
    const draftId = (d as { value: { id: string } }).value.id;
    const cases: Array<[string, unknown, RegExp]> = [
      ['saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'heading' }] } }, baseRevisionId: null }, /saveField: value/],
      ['saveField', { draftId, field: 'I.a', value: { kind: 'answer', doc: '<p>x</p>' }, baseRevisionId: null }, /saveField/],
      ['saveField', { draftId: 'not-a-uuid', field: 'I.a', value: { kind: 'principle', note: '' }, baseRevisionId: null }, /draftId: not a valid id/],
      ['saveField', { draftId, field: 'I.a; DROP', value: { kind: 'principle', note: '' }, baseRevisionId: null }, /field: not a field id/],
      ['createDraft', { title: 'x', admin: true }, /createDraft/],
      ['renameDraft', { draftId, title: 42 }, /title/],
      ['nonexistentMethod', {}, /unknown method/],
      ['__proto__', {}, /unknown method/],
      ['toString', {}, /unknown method/],
    ];
    for (const [m, p, re] of cases) {
      const r = await dispatch(s.handlers, m, p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(re);
    }
  });
});
