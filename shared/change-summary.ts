/**
 * What an edit did, in a line: words added and removed, and a short preview of the first change
 * with a little context around it (for history lists, audit rows and the CLI). Pure.
 */
import { diffWords, type DiffPart } from './diff';
import { wordCount } from './doc';

export interface ChangeSummary {
  wordsAdded: number;
  wordsRemoved: number;
  /** The first change and what follows it, at most about `width` characters, on one line. */
  preview: DiffPart[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

/** Characters compared at once (as substrings, natively) before going one by one. */
const BLOCK = 256;

/** How many characters `a` and `b` share at their start (at most `max`). */
function commonPrefix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.substring(n, n + BLOCK) === b.substring(n, n + BLOCK)) n += BLOCK;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** How many characters `a` and `b` share at their end (at most `max`). */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.substring(a.length - n - BLOCK, a.length - n) === b.substring(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * The word diff of two long texts that differ in one place (an editing session) without
 * tokenising what they share: the common start and end are cut at whitespace first, and only
 * the middle is diffed. The cut ends come back as (shortened) equal parts for the preview.
 */
function diffMiddle(a: string, b: string): DiffPart[] {
  const max = Math.min(a.length, b.length);
  let pre = commonPrefix(a, b, max);
  while (pre > 0 && !/\s/.test(a[pre - 1]!)) pre--;
  let suf = commonSuffix(a, b, max - pre);
  while (suf > 0 && !/\s/.test(a[a.length - suf]!)) suf--;
  const parts: DiffPart[] = [];
  if (pre) parts.push({ op: 'equal', text: a.slice(Math.max(0, pre - 200), pre) });
  parts.push(...diffWords(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)));
  if (suf) parts.push({ op: 'equal', text: a.slice(a.length - suf, a.length - suf + 200) });
  // the cut ends join the middle's equal parts next to them
  return parts.reduce<DiffPart[]>((out, p) => {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text) out.push({ ...p });
    return out;
  }, []);
}

export function changeSummary(before: string, after: string, width = 120): ChangeSummary {
  const parts = diffMiddle(before, after);
  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const p of parts) {
    if (p.op === 'insert') wordsAdded += wordCount(p.text);
    else if (p.op === 'delete') wordsRemoved += wordCount(p.text);
  }
  const first = parts.findIndex((p) => p.op !== 'equal');
  const preview: DiffPart[] = [];
  if (first >= 0) {
    const lead = first > 0 ? oneLine(parts[first - 1]!.text) : '';
    if (lead.trim()) {
      // a few words of context before the change
      const cut = lead.length > 30 ? lead.slice(lead.indexOf(' ', lead.length - 30) + 1 || lead.length - 30) : lead;
      preview.push({ op: 'equal', text: (cut.length < lead.length ? '…' : '') + cut });
    }
    let room = width;
    for (let i = first; i < parts.length && room > 0; i++) {
      const t = oneLine(parts[i]!.text);
      const text = t.length > room ? `${t.slice(0, room)}…` : t;
      if (text) preview.push({ op: parts[i]!.op, text });
      room -= t.length;
    }
  }
  return { wordsAdded, wordsRemoved, preview };
}

/** The preview as plain text: insertions as [+…], deletions as [-…] (CLI, CSV). */
export function previewText(preview: DiffPart[]): string {
  return preview.map((p) => (p.op === 'insert' ? `[+${p.text}]` : p.op === 'delete' ? `[-${p.text}]` : p.text)).join('');
}
