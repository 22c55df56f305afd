import { useCallback, useEffect, useState } from 'react';

/** Loads data with a call; `reload` runs it again. Errors are kept for <ErrorText>. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const load = useCallback(fn, deps);
  const reload = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [load]);
  useEffect(() => void reload(), [reload]);
  return { data, error, reload, setError };
}

/** Tells the other panels (sidebar counts, review bar) that consolidation data changed. */
export const CHANGED = 'gcm:consolidation-changed';
export function announceChange(): void {
  window.dispatchEvent(new Event(CHANGED));
}
export function useOnChange(fn: () => void): void {
  useEffect(() => {
    window.addEventListener(CHANGED, fn);
    return () => window.removeEventListener(CHANGED, fn);
  }, [fn]);
}
