import { useCallback, useState } from 'react';

/**
 * One user action at a time (export, pull, dismiss, …): `busy` while it runs (to disable its
 * button), and what it threw, cleared when the next run starts (for ErrorText).
 */
export function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<unknown>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
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
  return { busy, error, run };
}
