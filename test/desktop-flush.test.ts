import { describe, expect, it } from 'vitest';
import { installDesktopFlush } from '../renderer/src/autosave/desktop';
import { register } from '../renderer/src/autosave/registry';
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
    const unregister = register(saver as FieldSaver<unknown>, 'd/I.a');
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
    unregister();
  });

  it('does nothing in browser mode (no bridge)', () => {
    expect(() => installDesktopFlush({} as Window)()).not.toThrow();
  });
});
