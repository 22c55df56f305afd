/**
 * Blocks that reached the two sides by different routes (a restore from history on one side, a
 * merge on the other, a paragraph moved) show in the hunks as the same block added at two points,
 * or removed at one point and added at another. Applied as they are, they would keep the block
 * twice, or bring back a block one side removed. Where every hunk involved settles without a
 * decision, the block is kept once (where ours has it) or removed (when a side removed it and the
 * other only moved it). Where a hunk involved is in a place the user decides, nothing is dropped, so
 * whichever side the user takes, the block is still there: a visible place beats a silent drop.
 */
import type { Sided } from './sequence';

const counts = (keys: readonly string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

export interface SideKeys {
  base: readonly string[];
  ours: readonly string[];
  theirs: readonly string[];
}

/** Every hunk with the needless copies dropped (an insertion left empty goes), or null when none is. */
export function keepMovedOnce<T>(clusters: Array<Array<Sided<T>>>, settles: (c: Array<Sided<T>>) => boolean, keys: SideKeys, key: (x: T) => string): Array<Sided<T>> | null {
  const n = [counts(keys.base), counts(keys.ours), counts(keys.theirs)] as const;
  const once = (k: string, side: 0 | 1) => n[side + 1]!.get(k) === 1;
  const clusterOf = new Map<Sided<T>, number>();
  clusters.forEach((c, i) => {
    if (settles(c)) for (const h of c) clusterOf.set(h, i);
  });
  const settled = [...clusterOf.keys()];
  /** the settled cluster where ours added the block */
  const oursAdded = new Map<string, number>();
  for (const h of settled) if (h.side === 0) for (const x of h.items) oursAdded.set(key(x), clusterOf.get(h)!);
  /** a side removed the block, settled: it held it nowhere, and its hunk over the block's base place settles */
  const removedBy = (k: string, side: 0 | 1) => {
    const at = keys.base.indexOf(k);
    return !n[side + 1]!.has(k) && n[0].get(k) === 1 && settled.some((h) => h.side === side && h.s <= at && at < h.e);
  };
  const needless = (x: T, h: Sided<T>) => {
    const k = key(x);
    if (!once(k, h.side)) return false;
    if (removedBy(k, h.side === 0 ? 1 : 0)) return true; // moved on one side, removed on the other
    return h.side === 1 && once(k, 0) && oursAdded.has(k) && oursAdded.get(k) !== clusterOf.get(h); // added on both sides
  };
  let dropped = false;
  const out: Array<Sided<T>> = [];
  for (const h of clusters.flat()) {
    const items = clusterOf.has(h) ? h.items.filter((x) => !needless(x, h)) : h.items;
    dropped ||= items.length < h.items.length;
    if (items.length || h.s < h.e) out.push({ ...h, items });
  }
  return dropped ? out : null;
}
