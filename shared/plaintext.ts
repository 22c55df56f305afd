/**
 * Plain text <-> answer document.
 *
 * The plain-text form (used by the CLI, `draft show --json` and text import):
 *   - a blank line separates paragraphs; a single newline inside a paragraph is a line break;
 *   - a line starting with "- ", "* " or "• " is a bullet item, "1. " or "1) " a numbered item;
 *   - two spaces of indentation per nesting level; an indented line without a marker
 *     continues the item above it (after a blank line: a new paragraph inside that item).
 * Inline emphasis is not represented in plain text.
 */
import type { Doc, Inline, List, ListItem, Paragraph } from './doc';
import { inlineText } from './doc';

const ITEM = /^(\s*)(?:([-*•▪■●◦‣])|(\d{1,6})[.)])\s+(.*)$/u;

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

export function textToDoc(input: string): Doc {
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

  for (const raw of lines) {
    const line = raw.replace(/\s+$/u, '');
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
        if (type === 'orderedList' && m[3] && Number(m[3]) !== 1) list.attrs = { start: Number(m[3]) };
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
    out.push(b.type === 'paragraph' ? inlineText(b.content) : listText(b, 0));
  }
  return out.join('\n\n');
}
