/** Loads something from the API, with a reload function and the error if it failed. */
import { useCallback, useEffect, useState } from 'react';

export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): { data: T | null; error: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => fn().then((d) => (setData(d), setError(null)), setError), deps);
  useEffect(() => void reload(), [reload]);
  return { data, error, reload };
}
