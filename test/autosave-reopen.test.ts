/**
 * A field reopened while its last save is on its way (left and come back at once, or its save
 * failing): the new editor takes that saver over (registry `hold`) and opens on its newest text,
 * so nothing typed meanwhile waits for that save, and nothing is saved on top of an older text.
 */
import { describe, expect, it } from 'vitest';
import { detach, hold, release, settle, unsaved } from '../renderer/src/autosave/registry';
import { FieldSaver } from '../renderer/src/autosave/saver';

/** A saver whose saves wait until the test lets them through (`next()`), or fail while `failing`. */
function gated() {
  const calls: Array<{ value: string; base: string | null }> = [];
  const gates: Array<() => void> = [];
  const state = { failing: false };
  const create = () =>
    new FieldSaver<string>({
      base: 'r0',
      saved: 'start',
      timers: { set: () => 0, clear: () => {} }, // saves start only when flushed
      classify: (e) => ({ kind: 'error', reason: String(e) }),
      save: async (value, base) => {
        calls.push({ value, base });
        await new Promise<void>((go) => gates.push(go));
        if (state.failing) throw new Error('disk full');
        return { revisionId: `r${calls.length}`, savedAt: '2026-12-05T08:00:00Z' };
      },
    });
  const next = async () => {
    while (!gates.length) await new Promise((r) => setTimeout(r, 0));
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { calls, create, next, state };
}

describe('a field reopened while its save is on its way', () => {
  it('takes over the saver still storing its text, opens on that text, and saves on after it', async () => {
    const g = gated();
    const first = hold('d1/I.a', g.create, true);
    expect(first.adopted).toBe(false);
    first.saver.change('typed before leaving');
    const left = release(first.saver as FieldSaver<unknown>); // leaving: its save starts, and waits
    expect(unsaved<string>('d1/I.a')).toBe(first.saver);

    const again = hold('d1/I.a', g.create, true);
    expect(again.adopted).toBe(true);
    expect(again.saver).toBe(first.saver);
    expect(again.saver.latest).toBe('typed before leaving');
    again.saver.change('typed before leaving, and on after coming back');
    await g.next();
    await left;
    void again.saver.flush();
    await g.next();
    expect(g.calls).toEqual([
      { value: 'typed before leaving', base: 'r0' },
      { value: 'typed before leaving, and on after coming back', base: 'r1' },
    ]);
    // the first editor's release did not dispose of the saver the second one holds
    again.saver.change('and more');
    void again.saver.flush();
    await g.next();
    expect(g.calls.at(-1)).toEqual({ value: 'and more', base: 'r2' });
    await release(again.saver as FieldSaver<unknown>);
    expect(unsaved('d1/I.a')).toBeUndefined();
    await settle('d1'); // nothing of it is left to wait for
  });

  it('takes over a saver whose save failed, with the text it could not store', async () => {
    const g = gated();
    g.state.failing = true;
    const first = hold('d2/I.b', g.create, true);
    first.saver.change('kept despite the error');
    const left = release(first.saver as FieldSaver<unknown>);
    await g.next();
    await left;
    expect(first.saver.failing).toBe(true);
    const again = hold('d2/I.b', g.create, true);
    expect(again.adopted).toBe(true);
    expect(again.saver.latest).toBe('kept despite the error');
    g.state.failing = false;
    void again.saver.flush();
    await g.next();
    expect(g.calls.at(-1)).toEqual({ value: 'kept despite the error', base: 'r0' });
    await release(again.saver as FieldSaver<unknown>);
  });

  it('opens a new saver once the last one has stored everything, or when not adopting', async () => {
    const g = gated();
    const first = hold('d3/I.c', g.create, true);
    first.saver.change('stored');
    const left = release(first.saver as FieldSaver<unknown>);
    const capture = hold('d3/I.c', g.create, false);
    expect(capture.adopted).toBe(false);
    expect(capture.saver).not.toBe(first.saver);
    await g.next();
    await left;
    const later = hold('d3/I.c', g.create, true);
    expect(later.adopted).toBe(false);
    expect(later.saver).not.toBe(first.saver);
    // the released saver was let go: what is changed on it now is never sent
    first.saver.change('after dispose');
    await first.saver.flush();
    expect(g.calls.map((c) => c.value)).toEqual(['stored']);
    await release(capture.saver as FieldSaver<unknown>);
    await release(later.saver as FieldSaver<unknown>);
  });

  it('pendingView is what the editor showed while it is not sent, even when it cannot be saved', async () => {
    const g = gated();
    const s = g.create();
    expect(s.pendingView).toBeUndefined();
    s.change(
      () => {
        throw new Error('lists at most 8 levels');
      },
      () => ({ shown: 'nine levels' }),
    );
    expect(s.pendingView).toEqual({ shown: 'nine levels' });
    expect(s.latest).toBe('start'); // the value before it
    s.change('fixed', () => ({ shown: 'eight levels' }));
    const sent = s.flush();
    expect(s.pendingView).toBeUndefined(); // sent: latest says it
    expect(s.latest).toBe('fixed');
    await g.next();
    await sent;
  });

  it('latest is what was typed, else what is being stored, else what was stored', async () => {
    const g = gated();
    const s = g.create();
    expect(s.latest).toBe('start');
    s.change('one');
    expect(s.latest).toBe('one');
    const sending = s.flush();
    expect(s.latest).toBe('one');
    s.change(() => {
      throw new Error('cannot be built');
    });
    expect(s.latest).toBe('one');
    await g.next();
    await sending;
    s.change('two');
    expect(s.latest).toBe('two');
  });
  it('is not taken over once what is stored was reloaded under it (a contribution accepted meanwhile)', async () => {
    const g = gated();
    const first = hold('d4/II.a', g.create, true);
    first.saver.change('typed while the contribution was being accepted');
    const left = release(first.saver as FieldSaver<unknown>);
    detach('d4'); // DraftView reopens the question on the stored answer
    expect(unsaved('d4/II.a')).toBeUndefined();
    const reopened = hold('d4/II.a', g.create, true);
    expect(reopened.adopted).toBe(false);
    expect(reopened.saver).not.toBe(first.saver);
    await g.next(); // the old saver still saves what it has (and would meet a conflict there)
    await left;
    expect(g.calls).toEqual([{ value: 'typed while the contribution was being accepted', base: 'r0' }]);
    await release(reopened.saver as FieldSaver<unknown>);
  });

  it('a rebase sets aside a save on its way: its outcome moves neither the base nor latest, and its failure is not retried', async () => {
    const g = gated();
    const s = g.create();
    s.change('typed during the capture');
    const sent = s.flush();
    s.rebase(null, ''); // the capture box emptied after its text was captured
    expect(s.latest).toBe('');
    await g.next();
    await sent;
    expect(s.latest).toBe('');
    expect(s.base).toBeNull();
    s.change('next contribution');
    void s.flush();
    await g.next();
    expect(g.calls.at(-1)).toEqual({ value: 'next contribution', base: null });

    g.state.failing = true;
    s.change('also set aside');
    const failing = s.flush();
    s.rebase('r9', 'shown from storage');
    await g.next();
    await failing;
    expect(s.hasUnsaved).toBe(false);
    expect(s.status.state).toBe('idle');
    expect(s.latest).toBe('shown from storage');
  });
});

describe('a saver let go while its save fails', () => {
  it('stays for the close warning while it fails, and is let go once a retry stores its text', async () => {
    const g = gated();
    g.state.failing = true;
    const h = hold('d5/IV.a', g.create, true);
    h.saver.change('stored on the second try');
    const left = release(h.saver as FieldSaver<unknown>);
    await g.next();
    await left;
    expect(unsaved('d5/IV.a')).toBe(h.saver);
    g.state.failing = false;
    void h.saver.flush(); // the retry (its timer, here asked for)
    await g.next();
    expect(h.saver.hasUnsaved).toBe(false);
    expect(unsaved('d5/IV.a')).toBeUndefined();
    // let go: disposed, so nothing more is sent through it
    h.saver.change('after');
    await h.saver.flush();
    expect(g.calls.map((c) => c.value)).toEqual(['stored on the second try', 'stored on the second try']);
  });
});
