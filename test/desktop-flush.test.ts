import { describe, expect, it } from 'vitest';
import { installDesktopFlush } from '../renderer/src/autosave/desktop';
import { hold, installWindowFlush, release } from '../renderer/src/autosave/registry';
import { FieldSaver } from '../renderer/src/autosave/saver';
import type { DesktopBridge } from '../shared/desktop';

describe('Electron close flush in the renderer', () => {
  it('saves pending typing when the desktop bridge asks before closing, and unsubscribes', async () => {
    const saved: string[] = [];
    const saver = new FieldSaver<string>({
      base: 'r0',
      saved: 'start',
      classify: (e) => ({ kind: 'error', reason: String(e) }),
      onStatus: () => undefined,
      save: async (value) => {
        await new Promise((r) => setTimeout(r, 20));
        saved.push(value);
        return { revisionId: 'r1', savedAt: '2020-01-01T10:00:00Z' };
      },
    });
    hold('d/I.a', () => saver, false);
    let onClose: (() => Promise<void> | void) | null = null;
    let unsubscribed = false;
    const desktop: DesktopBridge = {
      onBeforeClose(flush) {
        onClose = flush;
        return () => void (unsubscribed = true);
      },
    };
    const uninstall = installDesktopFlush({ desktop } as unknown as Window);
    saver.change('typed just before closing');
    expect(saved).toEqual([]);
    await onClose!();
    expect(saved).toEqual(['typed just before closing']); // the window closes only after this
    uninstall();
    expect(unsubscribed).toBe(true);
    await release(saver as FieldSaver<unknown>);
  });

  it('does nothing in browser mode (no bridge)', () => {
    expect(() => installDesktopFlush({} as Window)()).not.toThrow();
  });
});

describe('closing with text at risk', () => {
  /** A window stand-in with real DOM events (EventTarget), for installWindowFlush. */
  function fakeWindow() {
    const win = new EventTarget() as EventTarget & { document: EventTarget & { visibilityState: string } };
    win.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    return win as unknown as Window;
  }
  const beforeUnload = (win: Window) => {
    const e = new Event('beforeunload', { cancelable: true });
    win.dispatchEvent(e);
    return e.defaultPrevented;
  };

  it('objects when a save failed, even though closing starts a retry (which shows "saving")', async () => {
    let fail = true;
    const timers = { set: () => 0, clear: () => {} }; // retries only when asked
    const saver = new FieldSaver<string>({
      base: 'r0',
      saved: 'start',
      timers,
      classify: (e) => ({ kind: 'error', reason: String(e) }),
      save: async () => {
        if (fail) throw new Error('the application is not reachable');
        return { revisionId: 'r1', savedAt: '2020-01-01T10:00:00Z' };
      },
    });
    hold('d/I.b', () => saver, false);
    const win = fakeWindow();
    const uninstall = installWindowFlush(win);
    saver.change('texte en danger');
    await saver.flush();
    expect(saver.status.state).toBe('error');
    expect(beforeUnload(win)).toBe(true);
    expect(saver.status.state).toBe('saving'); // the close started a retry...
    expect(beforeUnload(win)).toBe(true); // ...and it still objects while that retry is on its way
    fail = false;
    await saver.flush();
    expect(saver.status.state).toBe('saved');
    expect(beforeUnload(win)).toBe(false);
    uninstall();
    await release(saver as FieldSaver<unknown>);
  });
});
