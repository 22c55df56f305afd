/**
 * Tables of contents, however they were made: the headings and questions again, each with a tab
 * or dot leaders and a page number, under a title ("Contents", "Sommaire", "المحتويات"). Navigation,
 * never answers: both importers skip them (a Word document's, and the same pulled out as text).
 */
import { hasWords } from './assemble';
import type { Matcher } from './matcher';

/** The title of a table of contents, in the template's languages. */
export const TOC_TITLE = /^(?:(?:table of )?contents|table des mati[eè]res|sommaire|(?:فهرس )?المحتويات|الفهرس)\s*:?$/iu;

/** A page number: Latin or Arabic-Indic digits, or roman. */
const PAGE = '(?:\\d{1,3}|[\\u0660-\\u0669]{1,3}|[ivxlc]{1,6})';
export const PAGE_NUMBER = new RegExp(`^${PAGE}$`, 'iu');
/** A line of a table of contents: its text, a tab or dot leaders, and a page number. */
const TOC_LINE = new RegExp(`^(.*?\\S)[ \\u00a0]*(?:\\t[\\t \\u00a0.·…_]*|[.·…_]{3,}[ \\u00a0]*|(?:\\.[ \\u00a0]?){3,})${PAGE}$`, 'iu');

/**
 * What a line (labels shown, tabs kept) is as an entry of a table of contents: a section heading
 * or a question, and nothing more, then a tab or dot leaders and a page number; null when it is none.
 */
export function tocEntry(m: Matcher, line: string): 'heading' | 'question' | null {
  const t = TOC_LINE.exec(line.trim());
  if (!t) return null;
  const lead = t[1]!;
  const h = m.heading(lead);
  const q = h ? null : m.identify(lead, { markerOptional: true, minConfidence: 0.6 });
  const end = h?.end ?? q?.end;
  return end !== undefined && !hasWords(lead.slice(end)) ? (h ? 'heading' : 'question') : null;
}

/**
 * The lines of plain text that are a table of contents: runs of entries (blank lines between
 * them allowed) with their title. A run counts when a title heads it or a section heading is one
 * of its entries; a question and a small number alone ("How many offices?⇥12") may be an answer.
 */
export function tocLines(lines: string[], m: Matcher): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const first = tocEntry(m, lines[i]!);
    if (!first) continue;
    const run = [i];
    let sawHeading = first === 'heading';
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (!lines[j]!.trim()) continue;
      const e = tocEntry(m, lines[j]!);
      if (!e) break;
      run.push(j);
      sawHeading ||= e === 'heading';
    }
    let before = i - 1;
    while (before >= 0 && !lines[before]!.trim()) before--;
    const titled = before >= 0 && TOC_TITLE.test(lines[before]!.trim());
    if (titled || sawHeading) for (const k of titled ? [before, ...run] : run) out.add(k);
    i = j - 1;
  }
  return out;
}
