/**
 * The contract's call names without its schemas (shared/contract/method-names.ts) are the contract's
 * calls, once each; the services answer every one of them, those loaded on first use included
 * (main/services/on-demand.ts), and such a call works before anything else loaded them.
 */
import { describe, expect, it } from 'vitest';
import { dispatch, invoke } from '../main/dispatch';
import { METHODS } from '../shared/contract';
import { callOf, loadedCall, METHOD_NAMES } from '../shared/contract/method-names';
import { makeServices } from './helpers';

describe('the names of the contract’s calls', () => {
  it('are the contract’s calls, each once', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    expect([...METHOD_NAMES].sort()).toEqual([...METHODS].sort());
  });

  it('each has a handler in the services, and a call loaded on first use answers', async () => {
    const s = makeServices();
    try {
      for (const m of METHODS) expect(typeof s.handlers[m], m).toBe('function');
      expect(await invoke(s.handlers, 'getIdentity', {})).toBeNull();
      const id = await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
      expect(id).toMatchObject({ name: 'Amina', organisation: 'MFA', fingerprint: expect.any(String) });
      expect(await invoke(s.handlers, 'trustList', {})).toEqual([]);
      expect((await s.loaded()).interchange).toBeDefined();
    } finally {
      s.close();
    }
  });

  it('after a group’s first call, its calls resolve without a promise; a name that is no call never does', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'nope']) {
      expect(await callOf(name), name).toBeNull();
      expect(loadedCall(name), name).toBeUndefined();
    }
    const before = METHOD_NAMES.filter((m) => loadedCall(m));
    const fresh = METHOD_NAMES.find((m) => !loadedCall(m))!;
    const r = await dispatch({} as never, fresh, { certainly: 'not this call’s input' });
    expect(r.ok).toBe(false); // refused by the schema (or its handler is missing): either way through the schema lookup
    expect(loadedCall(fresh)).toBe(await callOf(fresh));
    expect(METHOD_NAMES.filter((m) => loadedCall(m)).length).toBeGreaterThan(before.length);
  });
});
