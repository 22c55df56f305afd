/**
 * Runs `fn` once the browser is idle (at the latest after `timeout` ms); returns a cancel function
 * (for an effect's clean-up). For work that makes a later action faster, never for what is shown.
 */
export function whenIdle(fn: () => void, timeout = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => fn(), { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 200);
  return () => clearTimeout(id);
}
