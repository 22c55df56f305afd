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

export function changeSummary(before: string, after: string, width = 120): ChangeSummary {
  const parts = diffWords(before, after);
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
