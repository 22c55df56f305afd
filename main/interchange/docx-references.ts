/**
 * References inside a part to what the package does not hold, taken out before mammoth reads the
 * part: a footnote or endnote mark whose note is missing (or is a separator), a comment's range or
 * mark whose comment is missing, a picture (a:blip r:embed / r:link, v:imagedata r:id) whose
 * relationship the part's .rels does not list. mammoth fails on each with a TypeError (it looks the
 * target up and reads a property of undefined); Word shows such a file without the dangling mark
 * or picture. Notes and comments are looked for where mammoth reads them: in the part the
 * document's relationship of their type names (one retargeted to styles.xml leaves no comments),
 * else word/comments.xml, word/footnotes.xml, word/endnotes.xml. Pure; a part without such
 * references comes back unchanged.
 */
import type { DocxParts } from './docx-safety';
import { relatedParts } from './docx-rels';

/** The namespaces mammoth reads notes and comments (transitional or strict) and relationships in. */
const W_NS = /\bxmlns:w=["'](?:http:\/\/schemas\.openxmlformats\.org\/wordprocessingml\/2006\/main|http:\/\/purl\.oclc\.org\/ooxml\/wordprocessingml\/main)["']/;
const RELS_NS = /\bxmlns=["']http:\/\/schemas\.openxmlformats\.org\/package\/2006\/relationships["']/;

/** An element's w:id, from its attributes' text. */
const wId = (attrs: string) => /\bw:id="([^"]*)"/.exec(attrs)?.[1];

/** The ids of a notes part's notes (separators are not notes: mammoth does not read them). */
function noteIds(xml: string | undefined, kind: 'footnote' | 'endnote'): Set<string> {
  const out = new Set<string>();
  if (!xml || !W_NS.test(xml)) return out;
  for (const m of xml.matchAll(new RegExp(`<w:${kind}\\b([^>]*)>`, 'g'))) {
    const attrs = m[1]!;
    if (/\bw:type="(?:separator|continuationSeparator)"/.test(attrs)) continue;
    const id = wId(attrs);
    if (id !== undefined) out.add(id);
  }
  return out;
}

/**
 * The values of `attribute` on the `element`s of a part, read only where the part declares the
 * namespace mammoth knows them by (one damaged declaration and mammoth sees none of them).
 */
const idsOf = (xml: string | undefined, namespace: RegExp, element: string, attribute: string): Set<string> =>
  new Set(xml && namespace.test(xml) ? [...xml.matchAll(new RegExp(`<${element}\\b[^>]*?\\b${attribute}="([^"]*)"`, 'g'))].map((m) => m[1]!) : []);

/** A part's relationships file: word/document.xml -> word/_rels/document.xml.rels. */
const relsName = (partName: string) => partName.replace(/([^/]+)$/, '_rels/$1.rels');

/** `xml` (the part `partName` of the package whose parts checkDocx kept) without its dangling references. */
export function withoutDanglingReferences(xml: string, partName: string, parts: DocxParts): string {
  const text = (name: string) => parts.get(name)?.toString('utf8');
  // as mammoth finds them: the part the document's relationship of that type names, else word/<type>.xml
  const documentRels = text('word/_rels/document.xml.rels');
  const related = (type: string) => relatedParts(parts, documentRels, type)[0]?.[1] ?? text(`word/${type}.xml`);
  const notes = { footnote: noteIds(related('footnotes'), 'footnote'), endnote: noteIds(related('endnotes'), 'endnote') };
  const comments = idsOf(related('comments'), W_NS, 'w:comment', 'w:id');
  const rels = idsOf(text(relsName(partName)), RELS_NS, 'Relationship', 'Id');
  return xml
    .replace(/<w:(footnote|endnote)Reference\b([^>]*?)(?:\/>|>\s*<\/w:\1Reference>)/g, (m, kind: 'footnote' | 'endnote', attrs: string) => (notes[kind].has(wId(attrs) ?? '') ? m : ''))
    .replace(/<w:comment(RangeStart|RangeEnd|Reference)\b([^>]*?)(?:\/>|>\s*<\/w:comment\1>)/g, (m, _k, attrs: string) => (comments.has(wId(attrs) ?? '') ? m : ''))
    .replace(/<(a:blip|v:imagedata)\b[^>]*>/g, (m) => m.replace(/\s(r:(?:embed|link|id))="([^"]*)"/g, (a, _name, rid: string) => (rels.has(rid) ? a : '')));
}
