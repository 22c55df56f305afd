import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * One user action at a time (export, pull, dismiss, …): `busy` while it runs (to disable its
 * button), and what it threw, cleared when the next run starts (for ErrorText).
 * A button disabled while it has the focus loses it to the page (Chromium moves it to <body>):
 * a keyboard or screen-reader user was left at the top of the page after every refusal. When the
 * action ends with the focus nowhere, it goes back to what had it when the action began.
 */
export function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<unknown>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focused = useRef<HTMLElement | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    focused.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    if (busy) return;
    const el = focused.current;
    focused.current = null;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (el && lost && el.isConnected && !(el as HTMLButtonElement).disabled) el.focus();
  }, [busy]);
  return { busy, error, run };
}
