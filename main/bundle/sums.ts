/** SHA256SUMS in sha256sum's text format ("<hex>  <path>\n"), sorted by byte value (LC_ALL=C). */
export interface SumLine {
  path: string;
  sha256: string;
}

const cSort = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function formatSums(lines: SumLine[]): string {
  return [...lines].sort((a, b) => cSort(a.path, b.path)).map((l) => `${l.sha256}  ${l.path}\n`).join('');
}

/** Parses SHA256SUMS strictly: exactly the format formatSums writes, or an error message. */
export function parseSums(text: string): Map<string, string> | string {
  if (!text.endsWith('\n')) return 'SHA256SUMS does not end with a newline';
  const out = new Map<string, string>();
  let prev: string | null = null;
  for (const line of text.slice(0, -1).split('\n')) {
    const m = /^([0-9a-f]{64}) {2}([!-~]{1,200})$/.exec(line);
    if (!m) return `SHA256SUMS has a malformed line: ${JSON.stringify(line.slice(0, 80))}`;
    const [, sha, p] = m as unknown as [string, string, string];
    if (out.has(p)) return `SHA256SUMS lists ${p} twice`;
    if (prev !== null && cSort(prev, p) >= 0) return 'SHA256SUMS is not sorted';
    out.set(p, sha);
    prev = p;
  }
  return out;
}
