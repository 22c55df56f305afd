/**
 * The answer document model: a strict subset of ProseMirror/TipTap JSON.
 *
 * Answers are stored as this JSON (never as HTML). Node and mark names match
 * TipTap's StarterKit + Link, so the editor reads and writes it directly.
 *
 *   doc        > (flow | table)+
 *   flow       = paragraph | bulletList | orderedList
 *   list       > listItem+
 *   listItem   > paragraph (paragraph | list)*
 *   table      > tableRow+            (top level only: never inside a list or another table)
 *   tableRow   > (tableHeader | tableCell)+   a first row of tableHeader cells is the header row
 *   cell       > flow+                (attrs colspan/rowspan, kept only when > 1)
 *   paragraph  > inline*
 *   inline     = text (marks: bold, italic, underline, link) | hardBreak
 */
import { z } from 'zod';
import { isCanonicalDoc } from './doc-canonical';
import { parsedInto, replacing } from './schema-replace';
import { HAS_NON_XML, MAX_DOC_CHARS, MAX_DOC_NODES, MAX_HREF, MAX_LIST_DEPTH, MAX_RAW_DEPTH, MAX_SPAN, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, NON_XML, SAFE_HREF } from './doc-limits';

export { MAX_DOC_CHARS, MAX_DOC_NODES, MAX_LIST_DEPTH, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS } from './doc-limits';

// Objects are non-strict: keys the model does not know (editor attributes such as dir or
// textAlign) are stripped, so direction always follows the text. Unknown node or mark types
// are rejected.
export const Mark = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }),
  z.object({ type: z.literal('italic') }),
  z.object({ type: z.literal('underline') }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: z.string().max(MAX_HREF).regex(SAFE_HREF, 'link must be http(s) or mailto') }) }),
]);
export type Mark = z.infer<typeof Mark>;

export const TextNode = z.object({
  type: z.literal('text'),
  text: z.string().min(1),
  marks: z.array(Mark).max(4).optional(),
});
export const HardBreak = z.object({ type: z.literal('hardBreak') });
export const Inline = z.discriminatedUnion('type', [TextNode, HardBreak]);
export type TextNode = z.infer<typeof TextNode>;
export type Inline = z.infer<typeof Inline>;

export const Paragraph = z.object({ type: z.literal('paragraph'), content: z.array(Inline).optional() });
export type Paragraph = { type: 'paragraph'; content?: Inline[] };

export type ListItem = { type: 'listItem'; content: Array<Paragraph | List> };
export type List = {
  type: 'bulletList' | 'orderedList';
  attrs?: { start?: number };
  content: ListItem[];
};
/** What a list item or a table cell holds. */
export type Flow = Paragraph | List;
export type TableCell = { type: 'tableCell' | 'tableHeader'; attrs?: { colspan?: number; rowspan?: number }; content: Flow[] };
export type TableRow = { type: 'tableRow'; content: TableCell[] };
export type Table = { type: 'table'; content: TableRow[] };
/** Whether a table's first row is all header cells (its header row: repeated on each page in Word and in print). */
export const hasHeaderRow = (t: Table): boolean => t.content[0]!.content.every((c) => c.type === 'tableHeader');
/**
 * Whether a table's header row can stand as its own <thead> in HTML (print: repeated on each page
 * the table runs onto): a header row none of whose cells spans rows into the body.
 */
export const headRowApart = (t: Table): boolean => hasHeaderRow(t) && !t.content[0]!.content.some((c) => (c.attrs?.rowspan ?? 1) > 1);
export type Block = Flow | Table;
export type Doc = { type: 'doc'; content: Block[] };

// Blocks are told apart by their type (a discriminated union): a wrong node costs one error,
// not one per branch tried, so refusing a large bad document stays cheap.
const ListSchema = z.object({
  type: z.enum(['bulletList', 'orderedList']),
  attrs: z.object({ start: z.number().int().min(0).max(100000).optional() }).optional(),
  content: z.array(z.lazy((): z.ZodType<ListItem> => ListItemSchema)).min(1),
});
const FlowSchema = z.discriminatedUnion('type', [Paragraph, ListSchema]);
const ListItemSchema: z.ZodType<ListItem> = z.object({
  type: z.literal('listItem'),
  content: z.array(FlowSchema).min(1),
});
// The editor writes colspan/rowspan 1 (and column widths) on every cell: spans of 1 are dropped,
// so a table reads the same whoever wrote it.
const Span = z.number().int().min(1).max(MAX_SPAN).nullish();
const TableCellSchema = z
  .object({
    type: z.enum(['tableCell', 'tableHeader']),
    attrs: z.object({ colspan: Span, rowspan: Span }).nullish(),
    content: z.array(FlowSchema).min(1),
  })
  .transform((c): TableCell => {
    const attrs: { colspan?: number; rowspan?: number } = {};
    if (c.attrs?.colspan && c.attrs.colspan > 1) attrs.colspan = c.attrs.colspan;
    if (c.attrs?.rowspan && c.attrs.rowspan > 1) attrs.rowspan = c.attrs.rowspan;
    return Object.keys(attrs).length ? { type: c.type, attrs, content: c.content } : { type: c.type, content: c.content };
  });
const TableSchema = z.object({
  type: z.literal('table'),
  content: z
    .array(z.object({ type: z.literal('tableRow'), content: z.array(TableCellSchema).min(1).max(MAX_TABLE_COLUMNS, `a table row has more than ${MAX_TABLE_COLUMNS} cells`) }))
    .min(1)
    .max(MAX_TABLE_ROWS, `a table has more than ${MAX_TABLE_ROWS} rows`),
});
const BlockSchema = z.discriminatedUnion('type', [Paragraph, ListSchema, TableSchema]);

/**
 * Nesting and size of untrusted input, measured without recursion and without spreading arrays,
 * before any recursive validation sees it: a deep or huge value gets an error, never a stack overflow.
 */
export function docShapeProblem(value: unknown): string | null {
  // the nodes still to visit and their depths, side by side (no object per node: this runs on every save)
  const stack: object[] = [];
  const depths: number[] = [];
  let nodes = 0;
  const push = (v: unknown, depth: number): string | null => {
    if (v === null || typeof v !== 'object') return null;
    if (depth > MAX_RAW_DEPTH) return `document nested too deep (lists at most ${MAX_LIST_DEPTH} levels)`;
    if (++nodes > MAX_DOC_NODES) return `document too large (more than ${MAX_DOC_NODES} parts)`;
    stack.push(v);
    depths.push(depth);
    return null;
  };
  let problem = push(value, 0);
  while (!problem && stack.length) {
    const v = stack.pop()!;
    const depth = depths.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && !problem; i++) problem = push(v[i], depth + 1);
    } else {
      for (const k in v) {
        if (problem) break;
        if (Object.prototype.hasOwnProperty.call(v, k)) problem = push((v as Record<string, unknown>)[k], depth + 1);
      }
    }
  }
  return problem;
}

const DocShapeGuard = z.unknown().superRefine((v, ctx) => {
  const problem = docShapeProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * `s` without the characters XML cannot carry. A vertical tab or form feed between two words (Word's
 * manual line break and page break in its plain text, e.g. "Line one\vline two") becomes a space,
 * so the words are not glued together; elsewhere it goes like the rest.
 */
export function xmlSafeText(s: string): string {
  return s.replace(/(?<=\S)[\v\f]+(?=\S)/g, ' ').replace(NON_XML, '');
}

const isEmptyText = (x: unknown): boolean => !!x && typeof x === 'object' && (x as { type?: unknown }).type === 'text' && (x as { text?: unknown }).text === '';

/**
 * The document with every text node made XML-safe; text nodes left empty are dropped. (Depth is
 * bounded: validated.) Copied only where something changes: a document with nothing to strip
 * (nearly every save) comes back as it is, without a copy of every node.
 */
function stripUnwritable<T>(v: T): T {
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = stripUnwritable(x);
      const drop = isEmptyText(y);
      if (!out && (y !== x || drop)) out = v.slice(0, i);
      if (out && !drop) out.push(y);
    }
    return (out ?? v) as T;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let copy: Record<string, unknown> | null = null;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = o[k];
      const y = x && typeof x === 'object' ? stripUnwritable(x) : x;
      if (y !== x) (copy ??= { ...o })[k] = y;
    }
    if (o.type === 'text' && typeof o.text === 'string' && HAS_NON_XML.test(o.text)) (copy ??= { ...o }).text = xmlSafeText(o.text);
    return (copy ?? v) as T;
  }
  return v;
}

const DocBody = z
  .object({ type: z.literal('doc'), content: z.array(BlockSchema) })
  .superRefine((doc, ctx) => {
    const depth = maxListDepth(doc as Doc);
    if (depth > MAX_LIST_DEPTH) ctx.addIssue({ code: 'custom', message: `lists nested ${depth} deep (max ${MAX_LIST_DEPTH})` });
    if (docTextLength(doc as Doc) > MAX_DOC_CHARS) ctx.addIssue({ code: 'custom', message: 'answer too long' });
  });

/** A document from anywhere untrusted: shape and size first (iteratively), then the schema. */
export const FullDocSchema = DocShapeGuard.pipe(DocBody.transform((d) => stripUnwritable(d as Doc))) as unknown as z.ZodType<Doc>;

/**
 * The document schema of every trust boundary: FullDocSchema, whose every rule and message hold.
 * A document that is already exactly what FullDocSchema gives back (every save from the editor,
 * which sends DocSchema's own output: renderer/src/editor/to-doc.ts) is recognised by one walk
 * without allocation (doc-canonical.ts) and given back as it is; anything else, valid or not, goes
 * through FullDocSchema, with its errors at their paths. FullDocSchema's recursive, copying parse
 * cost each save of a 5 KB answer some 0.2 ms and a third of its garbage (issue 13). Not a zod
 * transform: see schema-replace.ts.
 */
export const DocSchema = replacing((v, issues): Doc => (isCanonicalDoc(v) ? v : parsedInto(FullDocSchema, v, issues)));

export const emptyDoc = (): Doc => ({ type: 'doc', content: [] });

/** The blocks a table's cells hold, row by row, cell by cell. */
export const tableCells = (t: Table): TableCell[] => t.content.flatMap((r) => r.content);

/**
 * The flow blocks of a document: its paragraphs and lists, with the contents of its tables' cells
 * in their place. Without tables, the blocks themselves (not a copy: read it, do not change it).
 */
export function flowBlocks(blocks: Block[]): Flow[] {
  if (!blocks.some((b) => b.type === 'table')) return blocks as Flow[];
  return blocks.flatMap((b) => (b.type === 'table' ? tableCells(b).flatMap((c) => c.content) : [b]));
}

/** How deep lists nest (iterative: safe on any input that passed the schema's shape). */
export function maxListDepth(doc: Doc): number {
  let max = 0;
  const stack: Array<{ blocks: Flow[]; d: number }> = [{ blocks: flowBlocks(doc.content), d: 0 }];
  while (stack.length) {
    const { blocks, d } = stack.pop()!;
    for (const b of blocks) {
      if (b.type === 'paragraph') continue;
      if (d + 1 > max) max = d + 1;
      for (const li of b.content) stack.push({ blocks: li.content, d: d + 1 });
    }
  }
  return max;
}

export function inlineText(content: Inline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** Every paragraph of a document in reading order, at any depth (lists, table cells). */
export function eachParagraph(doc: Doc, fn: (p: Paragraph) => void): void {
  const walk = (blocks: Flow[]) => {
    for (const b of blocks) {
      if (b.type === 'paragraph') fn(b);
      else for (const li of b.content) walk(li.content);
    }
  };
  walk(flowBlocks(doc.content));
}

/** All text of a document, blocks separated by newlines (for search, counts, diffs). */
export function docText(doc: Doc): string {
  const out: string[] = [];
  eachParagraph(doc, (p) => out.push(inlineText(p.content)));
  return out.join('\n');
}

/**
 * docText(doc) in pieces, without building it: each text node's text to `onText`, in order; returns
 * how many one-character separators lie between them (the newlines between paragraphs, hard breaks
 * and other inline atoms). docTextLength and docTextFacts both count with it.
 */
function textPieces(doc: Doc, onText: (text: string) => void): number {
  let separators = -1; // no newline before the first paragraph
  eachParagraph(doc, (p) => {
    separators += 1;
    for (const x of p.content ?? []) {
      if (x.type === 'text') onText(x.text);
      else separators += 1;
    }
  });
  return Math.max(separators, 0);
}

/** docText(doc).length, without building the text. */
export function docTextLength(doc: Doc): number {
  let chars = 0;
  const separators = textPieces(doc, (t) => (chars += t.length));
  return separators + chars;
}

const LOW_SURROGATE = /[\udc00-\udfff]/;

/** Length in characters (code points, as SQLite's length() counts them). */
export function codePointLength(text: string): number {
  if (!LOW_SURROGATE.test(text)) return text.length; // one native pass: most texts have no pair to count once
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates complete a pair already counted
  }
  return n;
}

const NOT_SPACE = /\S/;

/**
 * docText(doc)'s length in code points (codePointLength) and whether it is all white space (what
 * trim() removes, which is what \s matches), without building the text: a save needs only these.
 */
export function docTextFacts(doc: Doc): { size: number; blank: boolean } {
  let chars = 0;
  let blank = true;
  const separators = textPieces(doc, (t) => {
    chars += codePointLength(t);
    if (blank && NOT_SPACE.test(t)) blank = false;
  });
  return { size: separators + chars, blank };
}

export function isEmptyDoc(doc: Doc): boolean {
  return docTextFacts(doc).blank;
}

export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-.,]*/gu);
  return m ? m.length : 0;
}

/**
 * Right-to-left letters, and the marks that are strong right-to-left characters (RLM, ALM). The
 * tatweel (U+0640, "الـ23") is of the Common script but an Arabic letter to the bidi algorithm (AL).
 */
const RTL_STRONG = /[\u200f\u061c\u0640\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
/** A strong character: a letter, or a directional mark (RLM, ALM, LRM), as dir="auto" finds it. */
const STRONG = /[\u200f\u061c\u200e\p{L}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/** Whether one character is a strong right-to-left one (an Arabic letter, RLM, ALM). */
export const isStrongRtl = (ch: string): boolean => RTL_STRONG.test(ch);
/** Whether one character is strong (a letter of any script, or a directional mark). */
export const isStrong = (ch: string): boolean => STRONG.test(ch);
/** A strong left-to-right character: a strong one that is not right-to-left. */
const LTR_STRONG = new RegExp(`(?!${RTL_STRONG.source})${STRONG.source}`, 'u');
/** Whether `text` holds a strong character of the direction `rtl` says (any one: one pass of a regex). */
export const hasStrong = (text: string, rtl: boolean): boolean => (rtl ? RTL_STRONG : LTR_STRONG).test(text);

/**
 * The first strong character's direction, or null when the text has none (digits, punctuation,
 * empty). A leading RLM or ALM makes a paragraph that starts with a Latin acronym right-to-left,
 * as the editor's dir="auto" shows it; an LRM the other way round.
 */
export function strongDirection(text: string): 'rtl' | 'ltr' | null {
  const m = STRONG.exec(text);
  return m ? (RTL_STRONG.test(m[0]) ? 'rtl' : 'ltr') : null;
}

/**
 * A leading identifier and the space after it: "III.a ", "a)\u200e ", "I.b. ", "12. " — a
 * word of letters and digits holding a dot, a closing parenthesis or a digit, then a space.
 */
const LEADING_LABEL = /^\s*(?=[^\s]*[.)\d])[\p{L}\p{N}.)\-]{1,12}[\u200e\u200f]?\s+/u;

/**
 * The direction of a labelled text ("III.a حالة تنفيذ الأهداف", "a)\u200e التركيز على الإنسان",
 * "I.b Describe…"): that of its first strong character after the label, which is an identifier in
 * Latin letters whatever the text's language; else the label's own, else null.
 */
export function labelledDirection(text: string): 'rtl' | 'ltr' | null {
  return strongDirection(text.replace(LEADING_LABEL, '')) ?? strongDirection(text);
}

/**
 * The direction of a whole answer: its first paragraph (at any depth) with a strong character,
 * else `fallback`. Lists and their markers follow the block that contains them, so the container
 * of an answer (editor, print cell, history, diff) takes this direction.
 */
export function docDirection(doc: Doc, fallback: 'rtl' | 'ltr' = 'ltr'): 'rtl' | 'ltr' {
  return docStrongDirection(doc) ?? fallback;
}

/** The answer's own direction (see docDirection), or null when it has no strong character. */
export function docStrongDirection(doc: Doc): 'rtl' | 'ltr' | null {
  const walk = (blocks: Block[]): 'rtl' | 'ltr' | null => {
    for (const b of blocks) {
      const d =
        b.type === 'paragraph'
          ? strongDirection(inlineText(b.content))
          : b.type === 'table'
            ? walk(b.content.flatMap((r) => r.content.flatMap((c) => c.content)))
            : walk(b.content.flatMap((li) => li.content));
      if (d) return d;
    }
    return null;
  };
  return walk(doc.content);
}

/** Strong-direction detection per paragraph (first strong character wins, like dir="auto"). */
export function textDirection(text: string): 'rtl' | 'ltr' {
  return strongDirection(text) ?? 'ltr';
}
