/**
 * When the window's page stops (a crash, killed, out of memory), it is reloaded: saves are at most
 * a second old. A page that stops again and again (say, on load) is not reloaded forever: each
 * reload waits longer, and after MAX_RELOADS stops within RECENT_MS the user decides. Pure.
 */
export const MAX_RELOADS = 3;
export const RECENT_MS = 5 * 60 * 1000;
export const RELOAD_DELAYS_MS = [500, 3000, 10_000];

export type CrashDecision = { reloadInMs: number } | { giveUp: true; stops: number };

/** `stops`: the times the page stopped, oldest first, including this one. */
export function afterPageStopped(stops: readonly number[], now: number): CrashDecision {
  const recent = stops.filter((t) => now - t <= RECENT_MS).length;
  if (recent > MAX_RELOADS) return { giveUp: true, stops: recent };
  return { reloadInMs: RELOAD_DELAYS_MS[Math.min(recent, RELOAD_DELAYS_MS.length) - 1]! };
}
