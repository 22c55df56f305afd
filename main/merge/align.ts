/**
 * Splitting one side's change "replace base[s, e) with these items" into the smallest hunks, so
 * that places in conflict are as small as the edits: each base item that was rewritten becomes a
 * one-item replacement, each removed item a one-item removal, and new items an insertion at their
 * point. With as many new items as old ones, they pair in order; otherwise items pair by the words
 * they share (a rewritten paragraph keeps most of its words), in order, best total first.
 */
import type { Hunk } from './sequence';

const MIN_SIMILARITY = 0.34;

function words(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Dice coefficient of the two texts' word sets (0..1). */
export function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (!wa.size && !wb.size) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

/** Pairs (base offset, side offset) in increasing order, maximising the summed similarity. */
function align(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const score = new Float64Array((n + 1) * w);
  const sim = (i: number, j: number) => {
    const v = similarity(a[i]!, b[j]!);
    return v >= MIN_SIMILARITY ? v : -1;
  };
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sim(i, j);
      score[i * w + j] = Math.max(score[(i + 1) * w + j]!, score[i * w + j + 1]!, s > 0 ? s + score[(i + 1) * w + j + 1]! : -Infinity);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = sim(i, j);
    if (s > 0 && score[i * w + j] === s + score[(i + 1) * w + j + 1]!) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (score[i * w + j] === score[(i + 1) * w + j]) i++;
    else j++;
  }
  return pairs;
}

export function splitHunk<T>(base: readonly T[], h: Hunk<T>, text: (x: T) => string): Array<Hunk<T>> {
  const n = h.e - h.s;
  const m = h.items.length;
  if (n === 0) return [h];
  // a very large rewrite of unequal length stays one hunk rather than cost n*m similarity checks
  if (n !== m && n * m > 40_000) return [h];
  const pairs: Array<[number, number]> =
    n === m ? h.items.map((_, k) => [k, k]) : align(base.slice(h.s, h.e).map(text), h.items.map(text));
  const out: Array<Hunk<T>> = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [n, m] as [number, number]]) {
    if (pj > j) out.push({ s: h.s + i, e: h.s + i, items: h.items.slice(j, pj) });
    for (let k = i; k < pi; k++) out.push({ s: h.s + k, e: h.s + k + 1, items: [] });
    if (pi < n) out.push({ s: h.s + pi, e: h.s + pi + 1, items: [h.items[pj]!] });
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}
