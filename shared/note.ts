/**
 * Objective and principle notes are rich documents, in the same model as answers (shared/doc.ts).
 * Notes written before migration 006 were plain strings: `noteFromText` turns one into a document
 * literally (a blank line separates paragraphs, a single newline is a line break; nothing else is
 * interpreted), and `NoteSchema` accepts such a string anywhere a note arrives (older bundles,
 * older clients), so the same text always becomes the same document.
 */
import { z } from 'zod';
import { DocSchema, docText, isEmptyDoc, type Doc, type Inline } from './doc';
import { parsedInto, replacing } from './schema-replace';

export function noteFromText(text: string): Doc {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
  return {
    type: 'doc',
    content: paras.map((p) => {
      const content: Inline[] = [];
      p.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line) content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}

/** A note: a document, or (from before notes were rich) a plain string, read as noteFromText does. */
export const NoteSchema = replacing((v, issues) => parsedInto(DocSchema, typeof v === 'string' ? noteFromText(v) : v, issues)) as unknown as z.ZodType<Doc, Doc | string>;

export const emptyNote = (): Doc => ({ type: 'doc', content: [] });
export const noteText = (note: Doc): string => docText(note);
export const isEmptyNote = (note: Doc): boolean => isEmptyDoc(note);

/** The document a field value holds: an answer's, or a note's. */
export function valueDoc(v: { kind: 'answer'; doc: Doc } | { kind: 'objective' | 'principle'; note: Doc }): Doc {
  return v.kind === 'answer' ? v.doc : v.note;
}
