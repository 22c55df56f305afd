/**
 * Three-way merge of sequences (pure). Each side's changes against the base are found with an
 * LCS; a change is a hunk "replace base[s, e) with these items" (an insertion has s === e).
 * Hunks of one side never overlap each other. Hunks from the two sides that touch the same base
 * items (or insert at the same point, or insert inside the other's range) form a cluster: when
 * both sides produce the same items there, that is taken; otherwise the merge is a conflict.
 * Everything else applies cleanly, so non-overlapping edits on both sides merge.
 */

export interface Hunk<T> {
  s: number;
  e: number;
  items: T[];
}

/** Pairs (i, j) of an LCS of a and b under key equality, in increasing order. */
export function lcsPairs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < pre; i++) pairs.push([i, i]);
  if (n > 0 && m > 0) {
    // dp[i][j] = LCS length of a[pre+i..] and b[pre+j..]
    const w = m + 1;
    const dp = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * w + j] = a[pre + i] === b[pre + j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[pre + i] === b[pre + j]) {
        pairs.push([pre + i, pre + j]);
        i++;
        j++;
      } else if (dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!) i++;
      else j++;
    }
  }
  for (let k = suf; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/** The hunks turning base into side. */
export function hunks<T>(baseKeys: readonly string[], sideKeys: readonly string[], side: readonly T[]): Array<Hunk<T>> {
  const out: Array<Hunk<T>> = [];
  let i = 0;
  let j = 0;
  for (const [bi, si] of [...lcsPairs(baseKeys, sideKeys), [baseKeys.length, sideKeys.length] as [number, number]]) {
    if (bi > i || si > j) out.push({ s: i, e: bi, items: side.slice(j, si) });
    i = bi + 1;
    j = si + 1;
  }
  return out;
}

function overlap(a: Hunk<unknown>, b: Hunk<unknown>): boolean {
  if (Math.max(a.s, b.s) < Math.min(a.e, b.e)) return true; // both change a common base item
  const insA = a.s === a.e;
  const insB = b.s === b.e;
  if (insA && insB) return a.s === b.s; // two insertions at the same point: order unknown
  if (insA) return a.s > b.s && a.s < b.e; // insertion inside a range the other side replaced
  if (insB) return b.s > a.s && b.s < a.e;
  return false;
}

export type SequenceMerge<T> =
  | { clean: true; items: T[] }
  | { clean: false; conflicts: Array<{ s: number; e: number; ours: T[]; theirs: T[] }> };

function applyHunks<T>(base: readonly T[], s: number, e: number, hs: Array<Hunk<T>>): T[] {
  const out: T[] = [];
  let pos = s;
  for (const h of hs) {
    out.push(...base.slice(pos, h.s), ...h.items);
    pos = h.e;
  }
  out.push(...base.slice(pos, e));
  return out;
}

export function merge3<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], key: (x: T) => string): SequenceMerge<T> {
  const bk = base.map(key);
  const ok = ours.map(key);
  const tk = theirs.map(key);
  const ho = hunks(bk, ok, ours).map((h) => ({ ...h, side: 0 as const }));
  const ht = hunks(bk, tk, theirs).map((h) => ({ ...h, side: 1 as const }));
  const all = [...ho, ...ht];
  // union-find of cross-side overlaps
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let a = 0; a < ho.length; a++) for (let b = 0; b < ht.length; b++) if (overlap(ho[a]!, ht[b]!)) parent[find(a)] = find(ho.length + b);
  const clusters = new Map<number, typeof all>();
  all.forEach((h, i) => {
    const r = find(i);
    clusters.set(r, [...(clusters.get(r) ?? []), h]);
  });
  const edits: Array<Hunk<T>> = [];
  const conflicts: Array<{ s: number; e: number; ours: T[]; theirs: T[] }> = [];
  for (const c of clusters.values()) {
    const sides = new Set(c.map((h) => h.side));
    if (sides.size === 1) {
      edits.push(...c);
      continue;
    }
    const s = Math.min(...c.map((h) => h.s));
    const e = Math.max(...c.map((h) => h.e));
    const bySide = (side: 0 | 1) => c.filter((h) => h.side === side).sort((x, y) => x.s - y.s || x.e - y.e);
    const o = applyHunks(base, s, e, bySide(0));
    const t = applyHunks(base, s, e, bySide(1));
    if (o.length === t.length && o.every((x, i) => key(x) === key(t[i]!))) edits.push({ s, e, items: o });
    else conflicts.push({ s, e, ours: o, theirs: t });
  }
  if (conflicts.length) return { clean: false, conflicts: conflicts.sort((x, y) => x.s - y.s) };
  // insertions before replacements that start at the same point
  edits.sort((x, y) => x.s - y.s || x.e - x.s - (y.e - y.s));
  return { clean: true, items: applyHunks(base, 0, base.length, edits) };
}
