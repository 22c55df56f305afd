/**
 * The fast path of DocSchema (shared/doc.ts): whether a value is a document exactly as
 * FullDocSchema gives one back, so that parsing it would only copy it. Exactly: plain objects
 * with the schema's keys only, in the order the schema writes them, every rule of the model held
 * (node types, non-empty texts without characters XML cannot carry, at most four marks, safe links,
 * list nesting and text length, table sizes, spans of more than 1 only), the raw size and nesting
 * limits of docShapeProblem. Anything else answers false and is parsed by FullDocSchema, which
 * alone says what is wrong: this never refuses and never explains. One walk, no allocation;
 * recursion is bounded (it stops at the list depth limit).
 */
import type { Doc } from './doc';
import { HAS_NON_XML, MAX_DOC_CHARS, MAX_DOC_NODES, MAX_HREF, MAX_LIST_DEPTH, MAX_RAW_DEPTH, MAX_SPAN, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, SAFE_HREF } from './doc-limits';

type O = Record<string, unknown>;

/** The running totals of one walk: objects and arrays seen (docShapeProblem's count), text length (docTextLength). */
interface Walk {
  nodes: number;
  chars: number;
}

const isObject = (v: unknown): v is O => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isArray = (v: unknown): v is unknown[] => Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;

/** `o`'s enumerable keys are exactly `a`, then `b`, then `c` (those given), in that order. */
function keysAre(o: O, a: string, b?: string, c?: string): boolean {
  let i = 0;
  for (const k in o) {
    if (k !== (i === 0 ? a : i === 1 ? b : i === 2 ? c : undefined)) return false;
    i++;
  }
  return i === (c !== undefined ? 3 : b !== undefined ? 2 : 1);
}

/** One more object or array, at raw nesting `depth` (root 0): within docShapeProblem's limits. */
const node = (w: Walk, depth: number): boolean => depth <= MAX_RAW_DEPTH && ++w.nodes <= MAX_DOC_NODES;

export function isCanonicalDoc(v: unknown): v is Doc {
  if (!isObject(v) || !keysAre(v, 'type', 'content') || v.type !== 'doc' || !isArray(v.content)) return false;
  const w: Walk = { nodes: 2, chars: -1 }; // the doc and its content; no newline before the first paragraph
  const blocks = v.content;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (!isObject(b) || !(b.type === 'table' ? table(b, w) : flow(b, 0, 2, w))) return false;
  }
  return w.chars <= MAX_DOC_CHARS;
}

/** A paragraph or a list, at list depth `lists` and raw depth `depth`. */
function flow(b: O, lists: number, depth: number, w: Walk): boolean {
  if (!node(w, depth)) return false;
  if (b.type === 'paragraph') return paragraph(b, depth, w);
  return (b.type === 'bulletList' || b.type === 'orderedList') && list(b, lists + 1, depth, w);
}

function paragraph(p: O, depth: number, w: Walk): boolean {
  w.chars += 1;
  if (keysAre(p, 'type')) return p.content === undefined;
  if (!keysAre(p, 'type', 'content') || !isArray(p.content) || !node(w, depth + 1)) return false;
  const inl = p.content;
  for (let i = 0; i < inl.length; i++) {
    const x = inl[i];
    if (!isObject(x) || !node(w, depth + 2)) return false;
    if (x.type === 'hardBreak') {
      if (!keysAre(x, 'type')) return false;
      w.chars += 1;
    } else if (x.type === 'text') {
      if (typeof x.text !== 'string' || x.text.length === 0 || HAS_NON_XML.test(x.text)) return false;
      if (!keysAre(x, 'type', 'text') && !(keysAre(x, 'type', 'text', 'marks') && marks(x.marks, depth + 3, w))) return false;
      w.chars += x.text.length;
    } else return false;
  }
  return true;
}

function marks(m: unknown, depth: number, w: Walk): boolean {
  if (!isArray(m) || m.length > 4 || !node(w, depth)) return false;
  for (let i = 0; i < m.length; i++) {
    const k = m[i];
    if (!isObject(k) || !node(w, depth + 1)) return false;
    if (k.type === 'bold' || k.type === 'italic' || k.type === 'underline') {
      if (!keysAre(k, 'type')) return false;
    } else if (k.type === 'link') {
      const a = k.attrs;
      if (!keysAre(k, 'type', 'attrs') || !isObject(a) || !keysAre(a, 'href') || !node(w, depth + 2)) return false;
      if (typeof a.href !== 'string' || a.href.length > MAX_HREF || !SAFE_HREF.test(a.href)) return false;
    } else return false;
  }
  return true;
}

/** A list at list depth `lists` (1: not inside another list). */
function list(l: O, lists: number, depth: number, w: Walk): boolean {
  if (lists > MAX_LIST_DEPTH) return false;
  if (!keysAre(l, 'type', 'content')) {
    if (!keysAre(l, 'type', 'attrs', 'content') || !isObject(l.attrs) || !node(w, depth + 1)) return false;
    const a = l.attrs;
    if (!keysAre(a, 'start')) {
      for (const _ in a) return false; // attrs: {} or { start }
    } else if (typeof a.start !== 'number' || !Number.isInteger(a.start) || a.start < 0 || a.start > 100000) return false;
  } else if (l.attrs !== undefined) return false;
  const items = l.content;
  if (!isArray(items) || items.length === 0 || !node(w, depth + 1)) return false;
  for (let i = 0; i < items.length; i++) {
    const li = items[i];
    if (!isObject(li) || li.type !== 'listItem' || !keysAre(li, 'type', 'content') || !node(w, depth + 2)) return false;
    if (!flows(li.content, lists, depth + 3, w)) return false;
  }
  return true;
}

/** The content of a list item or a table cell: one or more paragraphs and lists. */
function flows(c: unknown, lists: number, depth: number, w: Walk): boolean {
  if (!isArray(c) || c.length === 0 || !node(w, depth)) return false;
  for (let i = 0; i < c.length; i++) {
    const b = c[i];
    if (!isObject(b) || !flow(b, lists, depth + 1, w)) return false;
  }
  return true;
}

const span = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n > 1 && n <= MAX_SPAN;

/** A table (top level only), at raw depth 2. */
function table(t: O, w: Walk): boolean {
  const rows = t.content;
  if (!node(w, 2) || !keysAre(t, 'type', 'content') || !isArray(rows) || rows.length === 0 || rows.length > MAX_TABLE_ROWS || !node(w, 3)) return false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!isObject(r) || r.type !== 'tableRow' || !keysAre(r, 'type', 'content') || !node(w, 4)) return false;
    const cells = r.content;
    if (!isArray(cells) || cells.length === 0 || cells.length > MAX_TABLE_COLUMNS || !node(w, 5)) return false;
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j];
      if (!isObject(c) || (c.type !== 'tableCell' && c.type !== 'tableHeader') || !node(w, 6)) return false;
      if (!keysAre(c, 'type', 'content')) {
        // attrs only with a span of more than 1 (the schema drops spans of 1)
        const a = c.attrs;
        if (!keysAre(c, 'type', 'attrs', 'content') || !isObject(a) || !node(w, 7)) return false;
        if (!(keysAre(a, 'colspan', 'rowspan') ? span(a.colspan) && span(a.rowspan) : keysAre(a, 'colspan') ? span(a.colspan) : keysAre(a, 'rowspan') && span(a.rowspan))) return false;
      } else if (c.attrs !== undefined) return false;
      if (!flows(c.content, 0, 7, w)) return false;
    }
  }
  return true;
}
