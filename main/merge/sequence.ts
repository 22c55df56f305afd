/**
 * Three-way merge of sequences (pure), place by place. Each side's changes against the base are
 * found with an LCS, then split into the smallest hunks (one base item replaced, one removed, or
 * items inserted at one point; see ./align.ts), so a change to paragraph 3 never rides along with
 * a change to paragraph 2. Hunks from the two sides that touch the same base item (or where one
 * side inserts inside a range the other replaced) form a cluster:
 *   - both sides produce the same items there: taken once;
 *   - both sides only inserted at the same point, different items: both, ours first;
 *   - otherwise: a *place* in conflict, with the base, ours and theirs items of that range.
 * A block that both sides added at different points, or that one side moved and the other removed,
 * is settled first (./moved-blocks.ts): kept once, or removed.
 * Every other hunk applies, so the merged sequence never loses a change only one side made.
 */
import { commonPairs } from '../../shared/diff';
import { splitHunk } from './align';
import { keepMovedOnce } from './moved-blocks';

export interface Hunk<T> {
  s: number;
  e: number;
  items: T[];
}

export interface Place<T> {
  /** the base range [s, e) both sides changed */
  s: number;
  e: number;
  base: T[];
  ours: T[];
  theirs: T[];
}

/** The merged sequence as runs of settled items and places waiting for a decision, in order. */
export type Chunk<T> = { items: T[] } | { place: Place<T> };

export interface SequenceMerge<T> {
  chunks: Array<Chunk<T>>;
  places: Array<Place<T>>;
}

/**
 * Above this many cells (n × m items between the common prefix and suffix), the LCS table would
 * take too much memory (4 bytes a cell: 100 MB here; a 66,000-paragraph answer against another
 * would need 17 GB): the bounded search of shared/diff.ts finds the pairs instead, and beyond its
 * bound of edits none are paired (the sides' middles differ as a whole: a place, nothing lost).
 */
export const LCS_TABLE_CELLS = 25_000_000;

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
  if (n > 0 && m > 0 && n * m > LCS_TABLE_CELLS) {
    for (const [i, j] of commonPairs(a.slice(pre, pre + n), b.slice(pre, pre + m)) ?? []) pairs.push([pre + i, pre + j]);
  } else if (n > 0 && m > 0) {
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

/** The hunks turning base into side, as small as they can be (see ./align.ts). */
export function hunks<T>(base: readonly T[], baseKeys: readonly string[], sideKeys: readonly string[], side: readonly T[], text: (x: T) => string): Array<Hunk<T>> {
  const out: Array<Hunk<T>> = [];
  let i = 0;
  let j = 0;
  for (const [bi, si] of [...lcsPairs(baseKeys, sideKeys), [baseKeys.length, sideKeys.length] as [number, number]]) {
    if (bi > i || si > j) out.push(...splitHunk(base, { s: i, e: bi, items: side.slice(j, si) }, text));
    i = bi + 1;
    j = si + 1;
  }
  return out;
}

const isInsertion = (h: Hunk<unknown>) => h.s === h.e;

function overlap(a: Hunk<unknown>, b: Hunk<unknown>): boolean {
  if (Math.max(a.s, b.s) < Math.min(a.e, b.e)) return true; // both change a common base item
  if (isInsertion(a) && isInsertion(b)) return a.s === b.s; // settled below: both, in order
  if (isInsertion(a)) return a.s > b.s && a.s < b.e; // insertion inside a range the other side replaced
  if (isInsertion(b)) return b.s > a.s && b.s < a.e;
  return false;
}

/** Insertions before replacements that start at the same point. */
const byPosition = (x: { s: number; e: number }, y: { s: number; e: number }) => x.s - y.s || x.e - x.s - (y.e - y.s);

function applyHunks<T>(base: readonly T[], s: number, e: number, hs: Array<Hunk<T>>): T[] {
  const out: T[] = [];
  let pos = s;
  for (const h of [...hs].sort(byPosition)) {
    out.push(...base.slice(pos, h.s), ...h.items);
    pos = h.e;
  }
  out.push(...base.slice(pos, e));
  return out;
}

export type Sided<T> = Hunk<T> & { side: 0 | 1 };
type Step<T> = { s: number; e: number; items: T[]; place?: Place<T> };

/** Hunks of the two sides grouped where they touch each other (union-find of cross-side overlaps). */
function clustersOf<T>(ho: Array<Sided<T>>, ht: Array<Sided<T>>): Array<Array<Sided<T>>> {
  const all = [...ho, ...ht];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let a = 0; a < ho.length; a++) for (let b = 0; b < ht.length; b++) if (overlap(ho[a]!, ht[b]!)) parent[find(a)] = find(ho.length + b);
  const clusters = new Map<number, Array<Sided<T>>>();
  all.forEach((h, i) => {
    const r = find(i);
    clusters.set(r, [...(clusters.get(r) ?? []), h]);
  });
  return [...clusters.values()];
}

/** What a cluster becomes: one side's hunks as they are, the same items once, both insertions, or a place. */
function settle<T>(base: readonly T[], c: Array<Sided<T>>, key: (x: T) => string): Array<Step<T>> {
  if (new Set(c.map((h) => h.side)).size === 1) return c;
  const s = Math.min(...c.map((h) => h.s));
  const e = Math.max(...c.map((h) => h.e));
  const o = applyHunks(base, s, e, c.filter((h) => h.side === 0));
  const t = applyHunks(base, s, e, c.filter((h) => h.side === 1));
  const ok = o.map(key);
  if (o.length === t.length && t.every((x, i) => key(x) === ok[i])) return [{ s, e, items: o }];
  if (c.every(isInsertion)) return [{ s, e, items: [...o, ...t.filter((x) => !ok.includes(key(x)))] }];
  return [{ s, e, items: [], place: { s, e, base: base.slice(s, e), ours: o, theirs: t } }];
}

export function merge3<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], key: (x: T) => string, text: (x: T) => string = key): SequenceMerge<T> {
  const bk = base.map(key);
  const [ok, tk] = [ours.map(key), theirs.map(key)];
  const ho = hunks(base, bk, ok, ours, text).map((h) => ({ ...h, side: 0 as const }));
  const ht = hunks(base, bk, tk, theirs, text).map((h) => ({ ...h, side: 1 as const }));
  let clusters = clustersOf<T>(ho, ht);
  const once = keepMovedOnce(clusters, (c) => !settle(base, c, key).some((st) => st.place), { base: bk, ours: ok, theirs: tk }, key);
  if (once) clusters = clustersOf<T>(once.filter((h) => h.side === 0), once.filter((h) => h.side === 1));
  const steps = clusters.flatMap((c) => settle(base, c, key));
  steps.sort(byPosition);
  const chunks: Array<Chunk<T>> = [];
  const settled = (items: T[]) => {
    if (!items.length) return;
    const last = chunks[chunks.length - 1];
    if (last && 'items' in last) last.items.push(...items);
    else chunks.push({ items: [...items] });
  };
  let pos = 0;
  for (const st of steps) {
    settled(base.slice(pos, st.s));
    if (st.place) chunks.push({ place: st.place });
    else settled(st.items);
    pos = st.e;
  }
  settled(base.slice(pos));
  return { chunks, places: steps.filter((x) => x.place).map((x) => x.place!) };
}

export type PlaceChoice<T> = 'ours' | 'theirs' | 'both' | { edited: T[] };

/** The merged sequence with each place decided (places without a choice keep ours). */
export function fillPlaces<T>(m: SequenceMerge<T>, choose: (place: Place<T>, index: number) => PlaceChoice<T> | undefined, key: (x: T) => string): T[] {
  const out: T[] = [];
  let n = 0;
  for (const c of m.chunks) {
    if ('items' in c) {
      out.push(...c.items);
      continue;
    }
    const p = c.place;
    const choice = choose(p, n++) ?? 'ours';
    if (choice === 'ours') out.push(...p.ours);
    else if (choice === 'theirs') out.push(...p.theirs);
    else if (choice === 'both') {
      const ok = new Set(p.ours.map(key));
      out.push(...p.ours, ...p.theirs.filter((x) => !ok.has(key(x))));
    } else out.push(...choice.edited);
  }
  return out;
}
