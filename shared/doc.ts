/**
 * The answer document model: a strict subset of ProseMirror/TipTap JSON.
 *
 * Answers are stored as this JSON (never as HTML). Node and mark names match
 * TipTap's StarterKit + Link, so the editor reads and writes it directly.
 *
 *   doc        > block+
 *   block      = paragraph | bulletList | orderedList
 *   list       > listItem+
 *   listItem   > paragraph (paragraph | list)*
 *   paragraph  > inline*
 *   inline     = text (marks: bold, italic, link) | hardBreak
 */
import { z } from 'zod';

export const MAX_LIST_DEPTH = 8;
export const MAX_DOC_CHARS = 2_000_000;

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;

// Objects are non-strict: keys the model does not know (editor attributes such as dir or
// textAlign) are stripped, so direction always follows the text. Unknown node or mark types
// are rejected.
export const Mark = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }),
  z.object({ type: z.literal('italic') }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: z.string().max(2048).regex(SAFE_HREF, 'link must be http(s) or mailto') }) }),
]);
export type Mark = z.infer<typeof Mark>;

export const TextNode = z.object({
  type: z.literal('text'),
  text: z.string().min(1),
  marks: z.array(Mark).max(3).optional(),
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
export type Block = Paragraph | List;
export type Doc = { type: 'doc'; content: Block[] };

const ListSchema: z.ZodType<List> = z.lazy(() =>
  z.object({
    type: z.enum(['bulletList', 'orderedList']),
    attrs: z.object({ start: z.number().int().min(0).max(100000).optional() }).optional(),
    content: z.array(ListItemSchema).min(1),
  }),
);
const BlockSchema: z.ZodType<Block> = z.lazy(() => z.union([Paragraph, ListSchema]));
const ListItemSchema: z.ZodType<ListItem> = z.object({
  type: z.literal('listItem'),
  content: z.array(BlockSchema).min(1),
});

export const DocSchema = z
  .object({ type: z.literal('doc'), content: z.array(BlockSchema) })
  .superRefine((doc, ctx) => {
    const depth = maxListDepth(doc as Doc);
    if (depth > MAX_LIST_DEPTH) ctx.addIssue({ code: 'custom', message: `lists nested ${depth} deep (max ${MAX_LIST_DEPTH})` });
    if (docText(doc as Doc).length > MAX_DOC_CHARS) ctx.addIssue({ code: 'custom', message: 'answer too long' });
  }) as unknown as z.ZodType<Doc>;

export const emptyDoc = (): Doc => ({ type: 'doc', content: [] });

export function maxListDepth(doc: Doc): number {
  const walk = (blocks: Array<Paragraph | List>, d: number): number =>
    blocks.reduce((m, b) => (b.type === 'paragraph' ? m : Math.max(m, d + 1, ...b.content.map((li) => walk(li.content, d + 1)))), d);
  return walk(doc.content, 0);
}

export function inlineText(content: Inline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** All text of a document, blocks separated by newlines (for search, counts, diffs). */
export function docText(doc: Doc): string {
  const out: string[] = [];
  const walk = (blocks: Array<Paragraph | List>) => {
    for (const b of blocks) {
      if (b.type === 'paragraph') out.push(inlineText(b.content));
      else for (const li of b.content) walk(li.content);
    }
  };
  walk(doc.content);
  return out.join('\n');
}

export function isEmptyDoc(doc: Doc): boolean {
  return docText(doc).trim() === '';
}

export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-.,]*/gu);
  return m ? m.length : 0;
}

/** The first strong character's direction, or null when the text has none (digits, punctuation, empty). */
export function strongDirection(text: string): 'rtl' | 'ltr' | null {
  const m = text.match(/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]|[\p{L}]/u);
  return m ? (/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(m[0]) ? 'rtl' : 'ltr') : null;
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
  const walk = (blocks: Array<Paragraph | List>): 'rtl' | 'ltr' | null => {
    for (const b of blocks) {
      const d = b.type === 'paragraph' ? strongDirection(inlineText(b.content)) : walk(b.content.flatMap((li) => li.content));
      if (d) return d;
    }
    return null;
  };
  return walk(doc.content);
}

/** Strong-direction detection per paragraph (first strong character wins, like dir="auto"). */
export function textDirection(text: string): 'rtl' | 'ltr' {
  const m = text.match(/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]|[\p{L}]/u);
  return m && /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(m[0]) ? 'rtl' : 'ltr';
}
