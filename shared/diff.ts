/**
 * Word-level diff (Myers' O(ND) algorithm over word and whitespace tokens), for comparing two
 * revisions of an answer. Pure: no DOM, no I/O.
 */
export type DiffOp = 'equal' | 'insert' | 'delete';
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** Splits text into words, runs of whitespace and single punctuation marks. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}_'’]+|[^\s\p{L}\p{N}\p{M}_'’]/gu) ?? [];
}

/** Above this many edits the diff gives up on detail: "all removed, all added" (bounded memory). */
export const MAX_EDITS = 4000;

/** One step of an edit script: `i` indexes a, `j` indexes b (the one an insert takes, the one a delete drops; both for equal). */
interface Step {
  op: DiffOp;
  i: number;
  j: number;
}

function myers(a: readonly string[], b: readonly string[], maxD = MAX_EDITS): Step[] | null {
  const n = a.length;
  const m = b.length;
  // at least |n - m| edits are needed: beyond the bound, give up before any work (the search
  // below would run to the bound, O(bound²), and find nothing); one side empty: all of the other
  if (Math.abs(n - m) > maxD) return null;
  if (!n || !m) return m ? b.map((_, j) => ({ op: 'insert' as const, i: 0, j })) : a.map((_, i) => ({ op: 'delete' as const, i, j: 0 }));
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v as it was before step d, over k in [-d-1, d+1] (all that step d reads).
  const trace: Int32Array[] = [];
  let found = false;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break outer;
      }
    }
  }
  if (!found) return null;
  const parts: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const at = (k: number) => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      parts.push({ op: 'equal', i: x, j: y });
    }
    if (d > 0) {
      if (x === prevX) parts.push({ op: 'insert', i: x, j: --y });
      else parts.push({ op: 'delete', i: --x, j: y });
    }
  }
  return parts.reverse();
}

/** Merges adjacent parts of the same kind. */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** The word-level difference turning `before` into `after`. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  // Common prefix and suffix are cheap to strip and keep the core small.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const parts: DiffPart[] = [];
  if (pre) parts.push({ op: 'equal', text: a.slice(0, pre).join('') });
  const core = myers(midA, midB);
  if (core) parts.push(...core.map((p) => ({ op: p.op, text: p.op === 'insert' ? midB[p.j]! : midA[p.i]! })));
  else {
    if (midA.length) parts.push({ op: 'delete', text: midA.join('') });
    if (midB.length) parts.push({ op: 'insert', text: midB.join('') });
  }
  if (suf) parts.push({ op: 'equal', text: a.slice(a.length - suf).join('') });
  return coalesce(parts);
}

/**
 * The pairs (i, j) of a longest common subsequence of a and b, in increasing order, found with the
 * same bounded search (O((n + m) D) time, O(D²) memory for D ≤ `maxD` edits); null beyond the bound.
 */
export function commonPairs(a: readonly string[], b: readonly string[], maxD = MAX_EDITS): Array<[number, number]> | null {
  const script = myers(a, b, maxD);
  return script && script.filter((p) => p.op === 'equal').map((p) => [p.i, p.j]);
}

/** Rebuilds one side of a diff (for checks: old = without inserts, new = without deletes). */
export function diffSide(parts: DiffPart[], side: 'before' | 'after'): string {
  return parts.filter((p) => p.op === 'equal' || p.op === (side === 'before' ? 'delete' : 'insert')).map((p) => p.text).join('');
}
