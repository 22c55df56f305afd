/**
 * Plain text <-> answer document.
 *
 * The plain-text form (used by the CLI, `draft show --json` and text import):
 *   - a blank line separates paragraphs; a single newline inside a paragraph is a line break;
 *   - a line starting with "- ", "* " or "• " is a bullet item, "1. " or "1) " a numbered item;
 *   - two spaces of indentation per nesting level; an indented line without a marker
 *     continues the item above it (after a blank line: a new paragraph inside that item).
 *   - a table is a run of lines starting and ending with "|", one line per row, with a
 *     separator line ("| --- | --- |") after the header row (or first, when there is none):
 *         | Year | Regularisations |
 *         | --- | --- |
 *         | 2014 | 18,000 |
 *     A cell's text is the plain-text form of its paragraphs and lists, with "\n" for a newline,
 *     "\|" for "|" and "\\" for "\". Merged cells (spans) are not represented.
 * Inline emphasis is not represented in plain text.
 */
import type { Doc, Flow, Inline, List, ListItem, Paragraph, Table, TableCell } from './doc';
import { hasHeaderRow, inlineText } from './doc';
import { ARABIC_DIGIT_CLASS, westernDigits } from './text-fold';

const TABLE_LINE = /^\|.*\|$/;
const SEPARATOR = /^\|(?:\s*:?-{3,}:?\s*\|)+$/;

/** The cells of a table line: split on "|" not escaped by a backslash. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  for (let i = 1; i < line.length - 1; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length - 1) {
      cur += ch + line[++i]!;
    } else if (ch === '|') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells.map((c) => c.trim());
}

const unescapeCell = (c: string) => c.replace(/\\(.)/g, (_, x: string) => (x === 'n' ? '\n' : x));
const escapeCell = (c: string) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n');

/** A table starting at lines[i], and the index after it; null when the lines there are not a table. */
function readTable(lines: string[], i: number): { table: Table; next: number } | null {
  let j = i;
  while (j < lines.length && TABLE_LINE.test(lines[j]!.trimEnd())) j++;
  const run = lines.slice(i, j).map((l) => l.trimEnd());
  const sep = run.findIndex((l) => SEPARATOR.test(l.replace(/\s+/g, '')));
  if (sep < 0 || sep > 1) return null;
  const rows = run.filter((_, k) => k !== sep);
  if (!rows.length) return null;
  const table: Table = {
    type: 'table',
    content: rows.map((l, k) => ({
      type: 'tableRow',
      content: splitRow(l).map((c): TableCell => {
        const flow = textToDoc(unescapeCell(c), false).content as Flow[];
        return { type: sep === 1 && k === 0 ? 'tableHeader' : 'tableCell', content: flow.length ? flow : [{ type: 'paragraph' }] };
      }),
    })),
  };
  return { table, next: j };
}

function tableText(t: Table): string {
  const rowLine = (cells: TableCell[]) => `| ${cells.map((c) => escapeCell(docToText({ type: 'doc', content: c.content }))).join(' | ')} |`;
  const width = Math.max(...t.content.map((r) => r.content.length));
  const sep = `|${' --- |'.repeat(width)}`;
  const header = hasHeaderRow(t);
  const lines = t.content.map((r) => rowLine(r.content));
  return (header ? [lines[0]!, sep, ...lines.slice(1)] : [sep, ...lines]).join('\n');
}

/** A list item: a bullet, or a number (0-9, or the Arabic-Indic digits Arabic text numbers with) and "." or ")". */
const ITEM = new RegExp(`^(\\s*)(?:([-*•▪■●◦‣])|((?:\\d|${ARABIC_DIGIT_CLASS}){1,6})[.)])\\s+(.*)$`, 'u');

function inlines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((l, i) => {
    if (i > 0) out.push({ type: 'hardBreak' });
    if (l) out.push({ type: 'text', text: l });
  });
  return out;
}

function para(lines: string[]): Paragraph {
  const content = inlines(lines);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function indentOf(s: string): number {
  let n = 0;
  for (const ch of s) {
    if (ch === ' ') n += 1;
    else if (ch === '\t') n += 2;
    else break;
  }
  return n;
}

interface OpenList { list: List; level: number }

export function textToDoc(input: string, tables = true): Doc {
  const lines = input.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Doc['content'] = [];
  let paraLines: string[] | null = null; // open top-level paragraph
  let stack: OpenList[] = []; // open lists, outermost first
  let itemPara: string[] | null = null; // open paragraph inside the innermost item
  let blankBefore = false;

  const flushPara = () => {
    if (paraLines) blocks.push(para(paraLines));
    paraLines = null;
  };
  const lastItem = (): ListItem | undefined => {
    const top = stack[stack.length - 1];
    return top?.list.content[top.list.content.length - 1];
  };
  const closeItemPara = () => {
    itemPara = null;
  };
  const closeLists = () => {
    stack = [];
    closeItemPara();
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.replace(/\s+$/u, '');
    if (tables && TABLE_LINE.test(line)) {
      const t = readTable(lines, li);
      if (t) {
        flushPara();
        closeLists();
        blocks.push(t.table);
        li = t.next - 1;
        blankBefore = false;
        continue;
      }
    }
    if (line.trim() === '') {
      flushPara();
      closeItemPara();
      blankBefore = true;
      continue;
    }
    const m = ITEM.exec(line);
    if (m) {
      flushPara();
      const level = Math.floor(indentOf(m[1]!) / 2);
      const type: List['type'] = m[2] ? 'bulletList' : 'orderedList';
      while (stack.length && stack[stack.length - 1]!.level > level) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.level === level && top.list.type !== type) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      const prev = blocks[blocks.length - 1];
      if (!top && prev && prev.type === type) {
        // A list right after a list of the same kind is the same list (plain text cannot separate them).
        stack = [{ list: prev, level }];
        top = stack[0];
      }
      if (!top || top.level < level) {
        const list: List = { type, content: [] };
        if (type === 'orderedList' && m[3] && Number(westernDigits(m[3])) !== 1) list.attrs = { start: Number(westernDigits(m[3])) };
        const parent = top ? lastItem() : undefined;
        const sibling = parent?.content[parent.content.length - 1];
        if (parent && sibling && sibling.type === type) {
          stack.push({ list: sibling, level: top!.level + 1 });
        } else {
          if (parent) parent.content.push(list);
          else blocks.push(list);
          stack.push({ list, level: top ? top.level + 1 : level });
        }
        top = stack[stack.length - 1];
      }
      itemPara = [m[4]!];
      top!.list.content.push({ type: 'listItem', content: [] });
      lastItem()!.content.push({ type: 'paragraph' });
      setItemPara(lastItem()!, itemPara);
      blankBefore = false;
      continue;
    }
    const indent = indentOf(line);
    const top = stack[stack.length - 1];
    if (top && indent > top.level * 2) {
      const item = lastItem()!;
      if (itemPara && !blankBefore) {
        itemPara.push(line.trim());
      } else {
        itemPara = [line.trim()];
        item.content.push({ type: 'paragraph' });
      }
      setItemPara(item, itemPara);
      blankBefore = false;
      continue;
    }
    closeLists();
    if (paraLines) paraLines.push(line.trim() === line ? line : line.trimStart());
    else paraLines = [line.trimStart()];
    blankBefore = false;
  }
  flushPara();
  return { type: 'doc', content: blocks };
}

/** Point the item's last paragraph at the given (growing) lines. */
function setItemPara(item: ListItem, lines: string[]) {
  const idx = item.content.length - 1;
  item.content[idx] = para(lines);
}

export function docToText(doc: Doc): string {
  const out: string[] = [];
  const listText = (list: List, level: number): string => {
    const lines: string[] = [];
    const start = list.attrs?.start ?? 1;
    list.content.forEach((li, i) => {
      const marker = list.type === 'bulletList' ? '- ' : `${start + i}. `;
      const pad = '  '.repeat(level);
      let first = true;
      let prevWasPara = false;
      for (const child of li.content) {
        if (child.type === 'paragraph') {
          const text = inlineText(child.content).split('\n');
          if (first) {
            lines.push(pad + marker + text[0]);
            for (const t of text.slice(1)) lines.push(pad + '  ' + t);
          } else {
            if (prevWasPara) lines.push('');
            for (const t of text) lines.push(pad + '  ' + t);
          }
          prevWasPara = true;
        } else {
          if (first) lines.push(pad + marker.trimEnd());
          lines.push(listText(child, level + 1));
          prevWasPara = false;
        }
        first = false;
      }
    });
    return lines.join('\n');
  };
  for (const b of doc.content) {
    out.push(b.type === 'paragraph' ? inlineText(b.content) : b.type === 'table' ? tableText(b) : listText(b, 0));
  }
  return out.join('\n\n');
}
