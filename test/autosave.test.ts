import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FieldSaver, type ErrorKind, type SaveStatus } from '../renderer/src/autosave/saver';

class Conflict extends Error {
  constructor(public current: string) {
    super('changed elsewhere');
  }
}
const classify = (e: unknown): ErrorKind =>
  e instanceof Conflict ? { kind: 'conflict', currentRevisionId: e.current, reason: e.message } : { kind: 'error', reason: (e as Error).message };

function setup(opts: { fail?: number; conflictAt?: number } = {}) {
  const calls: Array<{ value: string; base: string | null }> = [];
  const statuses: SaveStatus[] = [];
  let n = 0;
  const saver = new FieldSaver<string>({
    base: 'r0',
    saved: 'start',
    classify,
    onStatus: (s) => statuses.push(s),
    save: async (value, base) => {
      calls.push({ value, base });
      n++;
      if (opts.conflictAt === n) throw new Conflict('rX');
      if (opts.fail && n <= opts.fail) throw new Error('disk full');
      return { revisionId: `r${n}`, savedAt: `2020-01-01T10:4${n}:00Z` };
    },
  });
  return { saver, calls, statuses };
}

describe('autosave scheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, 600 ms after the last keystroke, on top of the base revision', async () => {
    const { saver, calls, statuses } = setup();
    saver.change('a');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('ab');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('abc');
    await vi.advanceTimersByTimeAsync(599);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([{ value: 'abc', base: 'r0' }]);
    expect(saver.base).toBe('r1');
    expect(statuses.at(-1)).toEqual({ state: 'saved', at: '2020-01-01T10:41:00Z' });
    expect(saver.hasUnsaved).toBe(false);
  });

  it('the next save builds on the revision just written', async () => {
    const { saver, calls } = setup();
    saver.change('one');
    await vi.advanceTimersByTimeAsync(600);
    saver.change('two');
    await saver.flush();
    expect(calls.map((c) => c.base)).toEqual(['r0', 'r1']);
  });

  it('flush saves at once (blur, question change, close)', async () => {
    const { saver, calls } = setup();
    saver.change('typed');
    await saver.flush();
    expect(calls).toEqual([{ value: 'typed', base: 'r0' }]);
  });

  it('does not save a value equal to the stored one', async () => {
    const { saver, calls } = setup();
    saver.change('start');
    await saver.flush();
    expect(calls).toEqual([]);
  });

  it('keeps the text and retries with growing waits after errors', async () => {
    const { saver, calls, statuses } = setup({ fail: 2 });
    saver.change('important');
    await saver.flush();
    expect(statuses.at(-1)).toEqual({ state: 'error', reason: 'disk full', retryInMs: 1000 });
    expect(saver.hasUnsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses.at(-1)).toEqual({ state: 'error', reason: 'disk full', retryInMs: 2000 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.value === 'important' && c.base === 'r0')).toBe(true);
    expect(statuses.at(-1)?.state).toBe('saved');
  });

  it('edits typed during a save are saved after it, never lost', async () => {
    let release!: () => void;
    const calls: string[] = [];
    const saver = new FieldSaver<string>({
      base: null,
      classify,
      save: (value) => {
        calls.push(value);
        return new Promise((r) => {
          release = () => r({ revisionId: `r${calls.length}`, savedAt: 'now' });
        });
      },
    });
    saver.change('first');
    const f = saver.flush();
    saver.change('first and more');
    await vi.advanceTimersByTimeAsync(600);
    release();
    await f;
    await vi.advanceTimersByTimeAsync(0);
    release();
    await saver.flush();
    expect(calls).toEqual(['first', 'first and more']);
    expect(saver.hasUnsaved).toBe(false);
  });

  it('stops on a conflict, keeps the text, and saves it on top of the current revision once resolved', async () => {
    const { saver, calls, statuses } = setup({ conflictAt: 1 });
    saver.change('mine');
    await saver.flush();
    expect(statuses.at(-1)).toEqual({ state: 'conflict', currentRevisionId: 'rX', reason: 'changed elsewhere' });
    saver.change('mine, edited');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1); // nothing overwritten while unresolved
    await saver.resolveConflict('rX');
    expect(calls.at(-1)).toEqual({ value: 'mine, edited', base: 'rX' });
    expect(statuses.at(-1)?.state).toBe('saved');
  });

  it('resolving with the other version replaces the pending value', async () => {
    const { saver, calls } = setup({ conflictAt: 1 });
    saver.change('mine');
    await saver.flush();
    await saver.resolveConflict('rX', 'merged');
    expect(calls.at(-1)).toEqual({ value: 'merged', base: 'rX' });
  });
});

describe('lazy values', () => {
  it('computes a lazy value once per save, not per change, and reports a value that cannot be built', async () => {
    let builds = 0;
    const statuses: SaveStatus[] = [];
    const calls: string[] = [];
    const saver = new FieldSaver<string>({
      base: null,
      classify,
      onStatus: (s) => statuses.push(s),
      save: async (v) => {
        calls.push(v);
        return { revisionId: 'r1', savedAt: 'now' };
      },
    });
    for (const v of ['a', 'ab', 'abc']) saver.change(() => (builds++, v));
    await saver.flush();
    expect(builds).toBe(1);
    expect(calls).toEqual(['abc']);
    saver.change(() => {
      throw new Error('lists nested 9 deep (max 8)');
    });
    await saver.flush();
    expect(statuses.at(-1)).toEqual({ state: 'invalid', reason: 'lists nested 9 deep (max 8)' });
    expect(calls).toEqual(['abc']);
    expect(saver.hasUnsaved).toBe(true);
  });
});
