/**
 * DOCX import (pure parsing; the store is written by the interchange service): checked by
 * docx-safety, automatic numbering labels written into the text (docx-numbering), converted by
 * mammoth to HTML, read with htmlparser2 into our document model.
 *
 * Layouts: the table layout ("Questions" | "Answers" rows, header rows in any of the three
 * languages or several at once; a lone "c)" cell before the question; question text split over
 * rows; empty question cells and rows spanning both columns carrying an answer on from the row
 * above) and headings + paragraphs ("a) question" paragraphs or list items, Word headings,
 * answers below). Questions are found by the bookmark our export puts in each question cell, else
 * by the one matcher (matcher.ts) in English, French or Arabic, else, in a question cell of a
 * recognised section, by position (reported as low confidence). Never glued across a question:
 * a heading that names no section goes to the tray with the text under it.
 *
 * Word markup mammoth misreads is put right first, in the body and the notes (docx-markup: simple
 * fields, carriage returns, content controls showing their placeholder, text boxes, grouped
 * pictures and equations mammoth drops, SmartArt and charts from their own parts (docx-diagrams,
 * docx-charts), hidden text, directly or through a style (docx-styles), which goes to the tray);
 * check boxes are kept as ☒ / ☐, a table of contents is skipped, however it was made. Other layouts: a question and its answer in one cell, a first column of
 * numbers or ids, extra columns, questions in the second column, one-cell answer boxes,
 * bilingual questions ("… / …"), labels such as "A)", "1.", "Q1:".
 *
 * Kept: paragraphs, nested lists (also hand-typed "•⇥", "-", "1)" bullets), tables inside answers
 * (header row, cells of paragraphs and lists), bold, italic, underline, links; pictures become
 * attachments of their question (the answer says where they were); footnotes stay with their
 * question, as notes at the end of its answer. III.a objective and III.b principle tables are read back,
 * their notes as rich documents, read as answers are (noteDoc). The title block before the
 * questionnaire (ours, or another tool's title and "Country: …" lines) and the document properties
 * give the draft's title, country, authority and language (docx-identity); never answer text.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import mammoth from 'mammoth';
import { AppError } from '../../shared/contract/common';
import { cleanLine } from '../../shared/clean-line';
import type { FieldValue } from '../../shared/contract/drafts';
import type { Doc, Flow, Inline, Mark, Table, TableCell } from '../../shared/doc';
import { MAX_TABLE_COLUMNS, isEmptyDoc } from '../../shared/doc';
import { tableParts } from '../../shared/table-parts';
import { MAX_HREF, MAX_SPAN, SAFE_HREF } from '../../shared/doc-limits';
import { objectiveField, principleField, type Template } from '../../shared/template';
import { Assembler, buildDoc, hasWords, normaliseInlines, plain, type Assembled, type Atom, type ListType } from './assemble';
import { exportOrigin, fileIdentity, plainValue, propertiesIdentity, titleBlockLine, type DocIdentity, type ExportOrigin } from './docx-identity';
import { checkDocx, damaged, rewriteDocx } from './docx-safety';
import { LABEL_RE, formatNumber, labelNumberedParagraphs } from './docx-numbering';
import { readableMarkup } from './docx-markup';
import { withoutDanglingReferences } from './docx-references';
import { DocxStyles } from './docx-styles';
import { smartArtBlocks } from './docx-diagrams';
import { chartBlocks } from './docx-charts';
import { STYLE_NAMES } from './docx-export';
import { FIGURE_CAPTION_STYLE } from './docx-pictures';
import { importedPictureName, picturePlaceholder } from '../../shared/picture-files';
import { Matcher, readLabel, tokens } from './matcher';
import { PAGE_NUMBER, TOC_TITLE, tocEntry } from './toc';
import { QuestionScanner, applyEvent, applyRowEvents, type QuestionEvent } from './question-scan';
import { ANY_LANGUAGE, bookmarkQuestion, bookmarkSection } from './review-document';

/**
 * A row's cells as an answer's table keeps them: at most MAX_TABLE_COLUMNS, the cells past the last
 * one kept written into it (`more`: its own content and theirs, in order), so no text is cut off.
 */
function keptColumns(cells: Element[]): Array<{ cell: Element; more: Element[] }> {
  const kept = cells.slice(0, MAX_TABLE_COLUMNS).map((cell) => ({ cell, more: [cell] }));
  if (cells.length > MAX_TABLE_COLUMNS) kept[kept.length - 1]!.more.push(...cells.slice(MAX_TABLE_COLUMNS));
  return kept;
}

/** A picture found in the document: it becomes an attachment of the question it was in. */
export interface ImportedImage {
  index: number;
  /** file name: the alt text (or "picture N"), with the extension of its type */
  name: string;
  alt: string;
  contentType: string;
  bytes: Buffer;
}

/** A Word comment, read from comments.xml. */
export interface WordComment {
  id: string;
  author: string;
  /** ISO date from the file, or null when it has none */
  date: string | null;
  text: string;
  /** the comment this one replies to (Word's threads, from commentsExtended.xml) */
  parentId?: string;
}

export interface DocxImported extends Assembled {
  /** the document's comments; where each one's anchor landed is in `comments` */
  wordComments: WordComment[];
  /** objective statuses and principle notes read from their tables */
  fields: Array<[string, FieldValue]>;
  pictures: ImportedImage[];
  /** footnotes kept at the end of an answer */
  footnotesKept: number;
  /** the title, country, authority and language the file gives (docx-identity), cleaned */
  identity: DocIdentity;
  /** the draft and revisions a document of ours was exported from (docx-identity), null for another tool's */
  origin: ExportOrigin | null;
}

/** The class STYLE_MAP gives paragraphs in LibreOffice's "Table Heading" style. */
const TABLE_HEADING = 'gcm-table-heading';
/** Classes STYLE_MAP gives the export's title and title block (read for the draft's identity, never answer text), and Word's "Title" style. */
const TITLE = 'gcm-title';
const TITLE_BLOCK = 'gcm-title-block';
const WORD_TITLE = 'word-title';
/** Paragraphs that are the export's furniture, not answers. */
const SKIPPED = new Set(['gcm-skip', TITLE, TITLE_BLOCK]);
const STYLE_MAP = [
  `p[style-name='${STYLE_NAMES.title}'] => p.${TITLE}:fresh`,
  `p[style-name='${STYLE_NAMES.meta}'] => p.${TITLE_BLOCK}:fresh`,
  `p[style-name='Title'] => p.${WORD_TITLE}:fresh`,
  `p[style-name='${STYLE_NAMES.caption}'] => p.gcm-skip:fresh`,
  `p[style-name='${STYLE_NAMES.notAnswered}'] => p.gcm-skip:fresh`,
  `p[style-name='${FIGURE_CAPTION_STYLE.name}'] => p.gcm-skip:fresh`,
  // a table of contents repeats the headings with page numbers: navigation, not answers
  "p[style-name^='toc '] => p.gcm-skip:fresh",
  "p[style-name='TOC Heading'] => p.gcm-skip:fresh",
  // LibreOffice's style of a table's heading cells (its own tables' first row, an HTML <th> row it
  // saved without <thead>, our export's header cells): it marks them where w:tblHeader is missing or wrong
  `p[style-name='${STYLE_NAMES.tableHeading}'] => p.${TABLE_HEADING}:fresh`,
  // a page or column break ends a line as a line break does (mammoth drops it and glues the words)
  "br[type='page'] => br",
  "br[type='column'] => br",
  'u => u',
  'comment-reference => sup',
];
const IMAGE_SRC = /^gcm-image:(\d+)$/;

const MAX_PICTURES = 500;
/** The tray's reason for text Word does not show (w:vanish). */
export const HIDDEN_REASON = 'text hidden in the Word document (Word does not show it)';
/** The tray's reason for content embedded in another format (w:altChunk), which mammoth does not read. */
export const ALT_CHUNK_REASON = 'content embedded in the Word document in another format (HTML, RTF…), not read: open the file in Word, save it and import it again';

export async function parseDocxImport(bytes: Buffer, template: Template, source: string): Promise<DocxImported> {
  // parts written in UTF-16 are read as UTF-8 (mammoth reads every part so)
  const replaced = new Map<string, Buffer>();
  const parts = await checkDocx(bytes, replaced);
  // the body and the notes as Word shows them (docx-markup), the body's automatic labels written in
  const hidden: string[] = [];
  const styles = new DocxStyles(parts.get('word/styles.xml')?.toString('utf8'));
  const rels = parts.get('word/_rels/document.xml.rels')?.toString('utf8');
  const embedded = new Map([...smartArtBlocks(parts, rels), ...chartBlocks(parts, rels)]);
  for (const name of ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml']) {
    const xml = parts.get(name)?.toString('utf8');
    if (xml === undefined) continue;
    const readable = readableMarkup(withoutDanglingReferences(xml, name, parts), { styles, ...(name === 'word/document.xml' ? { embedded } : {}) });
    hidden.push(...readable.hidden);
    const out = name === 'word/document.xml' ? labelNumberedParagraphs(readable.xml, parts.get('word/numbering.xml')?.toString('utf8'), styles) : readable.xml;
    if (out !== xml) replaced.set(name, Buffer.from(out, 'utf8'));
  }
  const input = replaced.size ? await rewriteDocx(bytes, replaced) : bytes;
  const pictures: ImportedImage[] = [];
  const { value: html } = await convertOrRefuse(
    input,
    {
      styleMap: STYLE_MAP,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        if (pictures.length >= MAX_PICTURES) return { src: '' };
        const index = pictures.length + 1;
        const alt = ((image as { altText?: string }).altText ?? '').replace(/\s+/g, ' ').trim();
        const contentType = image.contentType ?? 'application/octet-stream';
        const name = importedPictureName(alt, index, contentType); // the export finds the picture's placeholder by it (picture-files.ts)
        pictures.push({ index, alt, contentType, name, bytes: Buffer.from(await image.readAsBuffer()) });
        return { src: `gcm-image:${index}` };
      }),
    },
  );
  const read = readDocxHtml(html, template, source);
  const [coreXml, customXml] = [parts.get('docProps/core.xml')?.toString('utf8'), parts.get('docProps/custom.xml')?.toString('utf8')];
  const identity = fileIdentity(propertiesIdentity(coreXml, customXml), read.identity);
  const origin = exportOrigin(coreXml, customXml);
  const wordComments = readComments(parts.get('word/comments.xml')?.toString('utf8'), parts.get('word/commentsExtended.xml')?.toString('utf8'));
  const tray = (t: string, reason: string, where: string) => read.unplaced.push({ doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] }, text: t, reason, source: `${source} ${where}` });
  // a comment whose text is not under any question (or never anchored) waits in the tray, with who wrote it
  for (const c of wordComments) {
    if (read.comments.get(c.id)) continue;
    tray(`${c.author}${c.date ? ` (${c.date.slice(0, 10)})` : ''}: ${c.text}`, 'a Word comment on text that is not under any question', `comment ${c.id}`);
  }
  hidden.forEach((t, i) => tray(t, HIDDEN_REASON, `hidden text ${i + 1}`));
  // content Word converts when it opens the file (web systems write HTML this way): never silently lost
  for (const part of altChunks(parts.get('word/document.xml')!.toString('utf8'), parts.get('word/_rels/document.xml.rels')?.toString('utf8'))) tray(part, ALT_CHUNK_REASON, 'altChunk');
  return { ...read, pictures, wordComments, identity, origin };
}

/** The parts (their names in the package) that w:altChunk elements of the body embed. */
function altChunks(documentXml: string, rels: string | undefined): string[] {
  const ids = [...documentXml.matchAll(/<w:altChunk\b[^>]*?\br:id="([^"]*)"/g)].map((m) => m[1]!);
  const target = (id: string) => (rels ? new RegExp(`<Relationship\\b(?=[^>]*\\bId="${id.replace(/[^\w-]/g, '')}")[^>]*\\bTarget="([^"]*)"`).exec(rels)?.[1] : undefined);
  return ids.map((id) => target(id) ?? id);
}

/** mammoth's complaints about a package without its main part or body -> what the user is told. */
const MISSING_PARTS: Array<[RegExp, string]> = [
  [/^Could not find the body element/, 'its main part (word/document.xml) has no body (w:body)'],
  [/^Could not find main document part/, 'the main part its relationships (_rels/.rels) name is missing'],
];

/**
 * mammoth's conversion; an XML part it cannot read (an entity it will not resolve, XML that is not
 * well-formed) becomes bad_file with the parser's complaint, without its "error: [xmldom error]" prefix.
 */
async function convertOrRefuse(buffer: Buffer, options: Parameters<typeof mammoth.convertToHtml>[1]) {
  try {
    return await mammoth.convertToHtml({ buffer }, options);
  } catch (e) {
    const m = /^\s*(?:\w+:\s*)?\[xmldom \w+\]\s*([^\n]*)/.exec(e instanceof Error ? e.message : '');
    if (m) throw damaged(`the .docx cannot be read: one of its XML parts is not acceptable (${m[1]!.trim() || 'unreadable XML'}); nothing was imported`);
    const missing = MISSING_PARTS.find(([re]) => re.test(e instanceof Error ? e.message : ''));
    if (missing) throw damaged(`the .docx cannot be read: ${missing[1]}; nothing was imported`);
    throw e;
  }
}

/** The longest author name a Word comment keeps (main/services/word-comments.ts stores it as it is). */
const COMMENT_AUTHOR_MAX = 200;

/**
 * Comments (id, author, date, text) from word/comments.xml; replies know their parent from
 * commentsExtended.xml (w15:paraIdParent names the parent's last paragraph, w14:paraId).
 */
export function readComments(xml: string | undefined, extendedXml?: string): WordComment[] {
  if (!xml) return [];
  const dom = parseDocument(xml, { xmlMode: true });
  const elements = DomUtils.getElementsByTagName('w:comment', dom);
  const byPara = new Map<string, string>();
  for (const c of elements) {
    const last = DomUtils.getElementsByTagName('w:p', c).pop()?.attribs['w14:paraId'];
    if (last && c.attribs['w:id']) byPara.set(last, c.attribs['w:id']);
  }
  const parentOf = new Map<string, string>();
  if (extendedXml)
    for (const e of DomUtils.getElementsByTagName('w15:commentEx', parseDocument(extendedXml, { xmlMode: true }))) {
      const own = byPara.get(e.attribs['w15:paraId'] ?? '');
      const parent = byPara.get(e.attribs['w15:paraIdParent'] ?? '');
      if (own && parent && own !== parent) parentOf.set(own, parent);
    }
  return elements
    .map((c) => {
      // text runs, and tabs and breaks as spaces ("Check this⏎and that" is not "Check thisand that")
      const paras = DomUtils.getElementsByTagName('w:p', c).map((p) =>
        DomUtils.findAll((e) => /^w:(?:t|tab|br|cr)$/.test(e.name), p.children)
          .map((t) => (t.name === 'w:t' ? DomUtils.textContent(t) : ' '))
          .join(''),
      );
      const date = c.attribs['w:date'] && !Number.isNaN(Date.parse(c.attribs['w:date'])) ? new Date(c.attribs['w:date']).toISOString() : null;
      const id = c.attribs['w:id'] ?? '';
      // data from the file: one clean line (no bidi override turning the name around), as a comment's author is stored
      return { id, author: cleanLine(c.attribs['w:author'] ?? '', COMMENT_AUTHOR_MAX) || 'Unknown author', date, text: paras.join('\n').trim(), ...(parentOf.has(id) ? { parentId: parentOf.get(id)! } : {}) };
    })
    .filter((c) => c.id && hasWords(c.text));
}

/** The pure part of the import: mammoth's HTML of a document to answers, fields and unplaced text. */
export function readDocxHtml(html: string, template: Template, source: string): Omit<DocxImported, 'wordComments' | 'origin'> {
  return new DocxReader(template, source).run(html);
}

const isEl = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const kids = (n: Element) => n.children;
/**
 * mammoth's marks of Word comments ("comment-reference => sup") and notes: <sup><a
 * href="#comment-7">[AB1]</a></sup>, <sup><a href="#footnote-3">[3]</a></sup>; marks that follow
 * each other share one <sup> (a comment and its reply, two notes). Their targets ("comment-7",
 * "footnote-3"), or null when `n` is no such mark.
 */
const refTargets = (n: Element): string[] | null => {
  if (n.name !== 'sup') return null;
  const t = n.children.filter((c): c is Element => isEl(c) && c.name === 'a' && /^#(?:comment|footnote|endnote)-/.test(c.attribs.href ?? '')).map((a) => a.attribs.href!.slice(1));
  return t.length ? t : null;
};
const COMMENT = /^comment-/;
/** The ids of the Word comments anchored anywhere under `n`. */
const commentRefs = (n: ChildNode): string[] =>
  isEl(n) ? (refTargets(n)?.filter((t) => COMMENT.test(t)).map((t) => t.replace(COMMENT, '')) ?? n.children.flatMap(commentRefs)) : [];
/** Elements after which a reader sees a new line: a cell's paragraphs are never glued ("B.More B."). */
const BLOCK_END = /^(?:br|p|h[1-6]|li)$/;
/** Text with automatic labels shown ("a) Has a mechanism…"): what a reader of the document sees. */
const rawText = (n: ChildNode): string =>
  isEl(n) ? (refTargets(n) ? '' : n.children.map(rawText).join('') + (BLOCK_END.test(n.name) ? '\n' : '')) : n.type === 'text' ? n.data : '';
const shown = (s: string) => s.replace(LABEL_RE, '$1 ');
const unlabelled = (s: string) => s.replace(LABEL_RE, '');
const text = (n: ChildNode): string => shown(rawText(n));
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const same = (cells: string[], header: readonly string[]) => cells.length === header.length && cells.every((c, i) => norm(c).toLowerCase() === header[i]!.toLowerCase());
const headingLevel = (n: Element) => (/^h([1-6])$/.exec(n.name) ? Number(n.name[1]) : null);

/** The paragraphs of cells, all in the "Table Heading" style (one at least: an empty corner cell has none). */
const headingStyled = (cells: Element[]) => {
  const paras = cells.flatMap((c) => c.children.filter(isEl));
  return paras.length > 0 && paras.every((p) => p.name === 'p' && p.attribs.class === TABLE_HEADING);
};

/** A first column holding only the question's label or number ("a)", "II.a", "(b)", "1.", "3"), its text in the next column. */
const BARE_LABEL = /^\(?(?:[IVX]{1,4}\s*[.\-]\s*)?(?:[a-z\u0621-\u064A]|\d{1,2})\s*[.)]?$/u;

/** Text that stands as a question or heading: four words or more, all bold or ending in "?", "؟" or ":". */
const standsOut = (nodes: ChildNode[], t: string) =>
  tokens(t).length >= 4 && (/[?؟:]$/.test(t) || (nodes.some((c) => isEl(c)) && nodes.every((c) => (isEl(c) && (c.name === 'strong' || c.name === 'b')) || (c.type === 'text' && !c.data.trim()))));

/** A line that can title a part of the questionnaire: a few words, no sentence ending in a full stop. */
const isTitleLine = (t: string) => tokens(t).length <= 12 && !/[.;,]$/.test(t);

/** Bullets typed by hand: the glyph (or "1)", "a.") and a tab or spaces before the text; the depth the glyph suggests. */
const TYPED_BULLET = /^\s*(?:([•●▪■►➢✓✔❖◆])|([◦○]|o(?=[\t ]+[\p{Lu}\p{Script=Arabic}]))|([-–—*])|(\d{1,2}[.)]|[a-z][.)]))(?:\t+|\s+)(?=\S)/u;

/**
 * The items of an HTML list as Word's converter writes it: each <li> with the list's type and,
 * on the first item only, its start number; a <ul>/<ol> standing directly in the list (a level
 * Word skipped) as a stray sub-list.
 */
function* listEntries(list: Element): Generator<{ li: Element; type: ListType; start?: number } | { stray: Element }> {
  const type: ListType = list.name === 'ol' ? 'orderedList' : 'bulletList';
  const start = list.name === 'ol' && list.attribs.start ? Number(list.attribs.start) : undefined;
  let first = true;
  for (const li of list.children) {
    if (!isEl(li)) continue;
    if (li.name !== 'li') {
      if (li.name === 'ul' || li.name === 'ol') yield { stray: li };
      continue;
    }
    yield { li, type, ...(first && start !== undefined ? { start } : {}) };
    first = false;
  }
}

/**
 * The lists a list only wraps: items with nothing of their own but a list, as mammoth writes a
 * list that starts at a deeper level than its first ("<ul><li><ul><li>text": an answer's bullets
 * indented under a numbered question, a question numbered at the second level). Their items are
 * read at the wrapper's depth, with no empty items above them. Null for any other list.
 */
function wrappedLists(list: Element): Element[] | null {
  const inner: Element[] = [];
  for (const li of list.children) {
    if (!isEl(li)) {
      if (li.type === 'text' && li.data.trim()) return null;
      continue;
    }
    if (li.name === 'ul' || li.name === 'ol') inner.push(li);
    else if (li.name !== 'li') return null;
    else
      for (const c of li.children) {
        if (isEl(c) && (c.name === 'ul' || c.name === 'ol')) inner.push(c);
        else if (isEl(c) || (c.type === 'text' && c.data.trim())) return null;
      }
  }
  return inner.length ? inner : null;
}

class DocxReader {
  private m: Matcher;
  private asm: Assembler;
  private scan: QuestionScanner;
  private fields: Array<[string, FieldValue]> = [];
  private n = 0;
  /** footnote and endnote texts by their anchor id ("footnote-3"), read before the body */
  private notes = new Map<string, Inline[]>();
  private usedNotes = new Set<string>();
  /** Pictures in objective and principle notes, by the question whose table holds them. */
  private noteImages = new Map<number, string>();
  /** each note's number as the reader sees it: footnotes (and endnotes) counted in the order they are referred to */
  private noteNumbers = new Map<string, number>();
  /** notes numbered so far, by kind ("footnote", "endnote") */
  private notesOfKind = new Map<string, number>();
  /** what the title block says (titleBlock) */
  private identity: DocIdentity = {};
  /** a table has been read: the title block is behind */
  private questionnaireStarted = false;
  /** heading levels at which questions and sections were recognised */
  private questionLevel: number | null = null;
  private sectionLevel: number | null = null;

  constructor(
    private template: Template,
    source: string,
  ) {
    this.m = new Matcher(template);
    this.asm = new Assembler(this.m, source);
    this.scan = new QuestionScanner(this.m);
  }

  run(html: string): Omit<DocxImported, 'wordComments' | 'origin'> {
    const dom = parseDocument(html);
    const noteLists = dom.children.filter((n): n is Element => isEl(n) && n.name === 'ol' && n.children.some((c) => isEl(c) && /^(foot|end)note-/.test(c.attribs.id ?? '')));
    // mammoth's list of comments: their text, author and date are read from comments.xml instead
    const commentLists = dom.children.filter((n): n is Element => isEl(n) && n.name === 'dl' && n.children.some((c) => isEl(c) && /^comment-/.test(c.attribs.id ?? '')));
    for (const ol of noteLists) this.readNotes(ol);
    this.blocks(
      dom.children.filter((n) => !noteLists.includes(n as Element) && !commentLists.includes(n as Element)),
      { mayContinue: false },
    );
    for (const ol of noteLists) this.footnotes(ol);
    const done = this.asm.finish();
    // a picture in an objective's or principle's note: an attachment of the table's question
    // (III.a, III.b), its placeholder staying in the note (it was reported "not placed", not kept)
    for (const [i, question] of this.noteImages) done.images.set(i, question);
    return { ...done, fields: this.fields, pictures: [], footnotesKept: this.usedNotes.size, identity: this.identity };
  }

  /**
   * A paragraph of the title block, before the questionnaire starts: the export's title and
   * labelled lines, Word's "Title" paragraph (not the questionnaire's own title), another tool's
   * "Country: Morocco" line. Each line (a soft line break ends one) is read alone; another tool's
   * value only when it is a plain value (plainValue), not a sentence. What it says goes to
   * `identity` (the first of each); true when a line was read so: the paragraph is then no answer
   * text, and its other lines go to the tray.
   */
  private titleBlock(p: Element): boolean {
    if (this.scan.section || this.scan.current || this.questionnaireStarted) return false;
    const cls = p.attribs.class ?? '';
    const t = norm(text(p));
    if (cls === TITLE || (cls === WORD_TITLE && t && !this.m.isTemplateTitle(t))) {
      this.identity.title ??= t;
      return true;
    }
    const ours = cls === TITLE_BLOCK;
    const rest: string[] = [];
    let read = false;
    for (const l of text(p).split('\n').map(norm).filter(Boolean)) {
      const line = titleBlockLine(l);
      if (line && ours && line.field === 'date') read = true;
      else if (line && line.field !== 'date' && this.identity[line.field] === undefined && (ours || plainValue(line.value))) {
        this.identity[line.field] = line.value;
        // the label's language is the document's (the date's label is the same in English and French)
        if (line.languages.length === 1) this.identity.language ??= line.languages[0];
        read = true;
      } else rest.push(l);
    }
    if (read && rest.length) this.asm.unplacedText(rest.join('\n'), 'text of the first page that is not the country or the submitting authority', this.where());
    return read;
  }

  private where() {
    return `block ${++this.n}`;
  }

  /** Body-level blocks: headings, paragraphs (maybe questions), lists, tables. */
  private blocks(nodes: ChildNode[], o: { mayContinue: boolean }) {
    const titles = this.titleLines(nodes);
    for (const n of nodes) {
      if (!isEl(n)) {
        if (n.type === 'text' && hasWords(n.data)) this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: n.data }] }], o.mayContinue);
        continue;
      }
      if (titles.skip.has(n)) continue;
      if (n.name === 'table') this.table(n);
      else if (/^(p|h[1-6])$/.test(n.name)) this.paragraph(n, titles.between.has(n));
      else if (n.name === 'ul' || n.name === 'ol') this.bodyList(n);
      else this.blocks(kids(n), o);
    }
  }

  /** Whether a line (labels shown, tabs kept) is an entry of a table of contents (toc.ts). */
  private tocEntry(line: string): boolean {
    return !!tocEntry(this.m, line);
  }

  /** A table of contents laid out as a table: after an optional title row, three entries or more, each a heading or question and its page number. */
  private tocTable(rows: Element[][]): boolean {
    const filled = rows.map((cells) => cells.map((c) => norm(text(c))).filter(Boolean)).filter((cells) => cells.length);
    const entries = filled.slice(filled[0] && !PAGE_NUMBER.test(filled[0].at(-1)!) ? 1 : 0);
    return entries.length >= 3 && entries.every((cells) => cells.length >= 2 && PAGE_NUMBER.test(cells.at(-1)!) && this.tocEntry(`${cells.slice(0, -1).join(' ')}\t${cells.at(-1)}`));
  }

  /**
   * Title lines no question's answer holds: `between`, short plain lines standing between two
   * questionnaire tables (answers are in the tables' cells: such a line titles the table below);
   * `skip`, a table of contents' own title ("Contents", "Sommaire", "المحتويات") just before its
   * entries, which are skipped already.
   */
  private titleLines(nodes: ChildNode[]): { between: Set<Element>; skip: Set<Element> } {
    const empty = (n: Element) => /^(p|h[1-6])$/.test(n.name) && !norm(text(n)) && !DomUtils.findOne((e) => e.name === 'img', n.children);
    const blocks = nodes.filter((n): n is Element => isEl(n) && !empty(n));
    const between = new Set<Element>();
    const skip = new Set<Element>();
    const questionnaire = (b: Element | undefined) => b?.name === 'table' && this.isQuestionnaireTable(this.rows(b));
    blocks.forEach((b, i) => {
      const next = blocks[i + 1];
      const entry = next?.name === 'ul' || next?.name === 'ol' ? next.children.find((c): c is Element => isEl(c) && c.name === 'li') : next;
      if (/^(p|h[1-6])$/.test(b.name) && TOC_TITLE.test(norm(text(b))) && entry && (this.tocEntry(text(entry)) || (entry.name === 'table' && this.tocTable(this.rows(entry))))) skip.add(b);
    });
    for (let i = 0; i < blocks.length; i++) {
      if (blocks[i]!.name === 'table' || !questionnaire(blocks[i - 1])) continue;
      let j = i;
      while (j < blocks.length && blocks[j]!.name !== 'table') j++;
      const lines = blocks.slice(i, j);
      if (questionnaire(blocks[j]) && lines.every((l) => /^(p|h[1-6])$/.test(l.name) && isTitleLine(norm(text(l))))) for (const l of lines) between.add(l);
      i = j - 1;
    }
    return { between, skip };
  }

  /** A body paragraph or heading: a section heading, a question, an unrecognised heading, or answer text. */
  private paragraph(p: Element, betweenTables = false) {
    if (this.titleBlock(p) || SKIPPED.has(p.attribs.class ?? '') || this.tocEntry(text(p))) return;
    const t = norm(text(p));
    if (!t) {
      const pics = this.pictureAtoms(p);
      if (pics.length) this.answer(pics, false);
      return;
    }
    const where = this.where();
    const bookmark = this.bookmark(p);
    if (bookmark) return this.asm.row([bookmark], where);
    const section = this.bookmark(p, bookmarkSection);
    if (section) {
      // our export's section heading, in whatever language it was written
      this.scan.section = section;
      return this.asm.heading(where);
    }
    // the questionnaire's own title, in any language: a header, not an answer
    if (this.m.isTemplateTitle(t)) return;
    const level = headingLevel(p);
    const headingLike = level !== null || this.standsAsHeading(p.children, t);
    if (this.questionOrHeading(t, where, { headingLike, level })) return this.commentsOnQuestion(commentRefs(p));
    if (betweenTables || (level !== null && level <= Math.max(this.sectionLevel ?? 0, this.questionLevel ?? 0))) {
      // a heading at the level of the questionnaire's own headings, or a title line between its
      // tables, that names none of them
      return applyEvent(this.asm, { kind: 'unknownHeading', label: t }, where, () => undefined);
    }
    // the export's "Not answered", a form's lone "Answer:" / "Réponse :" / "الإجابة:" label
    if (ANY_LANGUAGE.notAnswered.has(t) || this.m.isHeaderRow(t)) return;
    this.answer(this.typedOrPara(p), true, where, true);
  }

  /** Whether a paragraph or list item (its nodes, its text `t` with labels shown) stands as a question or heading: it stands out, or is a short line numbered as a section ("III. Additional information"). */
  private standsAsHeading(nodes: ChildNode[], t: string): boolean {
    return standsOut(nodes, t) || (tokens(t).length <= 40 && !/[.;]$/.test(t) && !!this.m.headingNumber(t));
  }

  /**
   * Whether `t` (a paragraph or list item, labels shown) starts a question or names a section;
   * applied to the assembler when it does. What it ends with: 'question' (what follows is its
   * answer), 'heading' (a section, or a heading not in the template), or null (neither: answer text).
   */
  private questionOrHeading(t: string, where: string, o: { headingLike: boolean; level: number | null }): 'question' | 'heading' | null {
    // where the questions are Word headings, body text that does not stand as a heading starts
    // none: "a) Yes", "b) No" in an answer are the answer's own list, not questions I.a and I.b
    if (this.questionLevel !== null && o.level === null && !o.headingLike) return null;
    // a label and one word ("a) Yes", "b) Partly") in body text is a short list item, not a question ("b) Pilotage :" may be one)
    const label = o.headingLike || o.level !== null ? null : readLabel(t);
    if (label && tokens(t.slice(label.length)).length === 1 && !/[?؟:]\s*$/u.test(t)) return null;
    const events = this.scan.scan(t, { questionColumn: false, headingLike: o.headingLike, setApart: o.headingLike });
    const lead = events[0];
    if (!lead || lead.kind === 'text') return null;
    if (lead.kind === 'question' && lead.via === 'similar' && !o.headingLike && !readLabel(t) && !/^\s*\S{1,4}[).]/.test(t)) return null;
    if (o.level !== null) {
      if (lead.kind === 'heading') this.sectionLevel = Math.min(this.sectionLevel ?? 9, o.level);
      if (lead.kind === 'question') this.questionLevel = Math.min(this.questionLevel ?? 9, o.level);
    }
    for (const e of events) applyEvent(this.asm, e, where, (x) => this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: x }] }], false, where));
    // a question not in the template ends the answer as a question does: what follows is its answer (to the tray)
    return /^(?:question|unknown)$/.test(events.findLast((e) => e.kind !== 'text')?.kind ?? '') ? 'question' : 'heading';
  }

  /** A paragraph as answer atoms: a hand-typed bullet item, or a paragraph (pictures after it). */
  private typedOrPara(p: Element): Atom[] {
    const notes: Inline[][] = [];
    const images: number[] = [];
    const comments: string[] = [];
    let inl = this.inlines(p, { inList: false, notes, images, comments });
    const first = inl[0];
    const m = first?.type === 'text' ? TYPED_BULLET.exec(first.text) : null;
    let atom: Atom;
    if (m) {
      if (first?.type === 'text') inl = normaliseInlines([{ ...first, text: first.text.slice(m[0].length) }, ...inl.slice(1)]);
      const ordered = !!m[4];
      const depth = m[2] ? 2 : 1;
      const start = ordered ? this.orderedStart(m[4]!) : undefined;
      atom = { kind: 'item', list: ordered ? 'orderedList' : 'bulletList', depth, inlines: inl, marker: true, ...(start && start !== 1 ? { start } : {}) };
    } else atom = { kind: 'para', depth: 0, inlines: inl };
    return [{ ...atom, ...(notes.length ? { notes } : {}), ...(images.length ? { images } : {}), ...(comments.length ? { comments } : {}) }];
  }

  /** Comments anchored in a question's own text belong to the question found there. */
  private commentsOnQuestion(ids: string[]) {
    const q = this.scan.current?.id;
    for (const id of ids) if (q) this.asm.commentOnQuestion(id, q);
  }

  private orderedStart(label: string): number | undefined {
    const x = label.replace(/[.)]$/, '');
    return /^\d+$/.test(x) ? Number(x) : x.charCodeAt(0) - 96;
  }

  /** `caseOnly`: separate body paragraphs, joined only when the next starts in lower case. */
  private answer(atoms: Atom[], mayContinue: boolean, where = this.where(), caseOnly = false) {
    atoms.forEach((a, i) => this.asm.add(a, { mayContinue: mayContinue && i === 0, caseOnly, where }));
  }

  /**
   * A list at body level: its items may be questions (automatically numbered "a)", "b)" labels,
   * or typed ones), the rest are answer list items (at `depth`). Sections and questions numbered
   * by one multi-level list ("I." > "a)") come as a heading item holding the questions' list, or,
   * after a paragraph between them, as an item with no text of its own holding it: those lists
   * are read as body lists too.
   */
  private bodyList(list: Element, depth = 1) {
    const wrapped = wrappedLists(list);
    if (wrapped) return wrapped.forEach((w) => this.bodyList(w, depth));
    for (const e of listEntries(list)) {
      if ('stray' in e) {
        this.answer(this.listAtoms(e.stray, depth + 1), false);
        continue;
      }
      const { li } = e;
      const own = li.children.filter((c) => !(isEl(c) && (c.name === 'ul' || c.name === 'ol' || c.name === 'table')));
      const subLists = li.children.filter((c): c is Element => isEl(c) && (c.name === 'ul' || c.name === 'ol'));
      if (this.tocEntry(own.map(text).join(' '))) continue;
      const t = norm(own.map(text).join(' '));
      // an item holding only lists (a level Word reached without the one above it): its lists are read as this list's
      if (!t && subLists.length === li.children.filter(isEl).length) {
        for (const sub of subLists) this.bodyList(sub, depth + 1);
        continue;
      }
      const where = this.where();
      const labelled = LABEL_RE.test(own.map(rawText).join(''));
      LABEL_RE.lastIndex = 0;
      const found = t ? this.questionOrHeading(t, where, { headingLike: labelled && this.standsAsHeading(own, t), level: null }) : null;
      if (found) {
        const rest = li.children.filter((c) => isEl(c) && (c.name === 'ul' || c.name === 'ol' || c.name === 'table')) as Element[];
        // a section's sub-lists may hold its questions; a question's own sub-lists are its answer
        if (found === 'heading') for (const r of rest) r.name === 'table' ? this.table(r) : this.bodyList(r);
        else for (const r of rest) this.answer(r.name === 'table' ? this.tableAtoms(r) : this.listAtoms(r, 1), false, where);
        continue;
      }
      this.answer(this.itemAtoms(li, e.type, depth, e.start), true, where, true);
    }
  }

  private bookmark(n: Element, read: (name: string) => string | null = bookmarkQuestion): string | null {
    for (const c of n.children) {
      if (!isEl(c)) continue;
      if (c.name === 'a' && c.attribs.id) {
        const q = read(c.attribs.id);
        if (q && (read === bookmarkQuestion ? this.m.question(q) : this.template.sections.some((s) => s.id === q))) return q;
      }
      const inner = this.bookmark(c, read);
      if (inner) return inner;
    }
    return null;
  }

  private rows(table: Element): Element[][] {
    const out: Element[][] = [];
    const walk = (n: Element) => {
      for (const c of n.children) {
        if (!isEl(c)) continue;
        if (c.name === 'tr') {
          // a row without cells (w:tr holding none) holds nothing to read
          const cells = c.children.filter((x): x is Element => isEl(x) && (x.name === 'td' || x.name === 'th'));
          if (cells.length) out.push(cells);
        } else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') walk(c);
      }
    };
    walk(table);
    return out;
  }

  /**
   * A body-level table: the questionnaire's table (rows of question and answer cells), one of the
   * export's objective/principle tables, or a table inside the current answer (figures, budgets).
   */
  private table(table: Element) {
    this.questionnaireStarted = true;
    const rows = this.rows(table);
    const head = rows[0]?.map((c) => text(c)) ?? [];
    if (ANY_LANGUAGE.objectiveHeaders.some((h) => same(head, h))) return this.objectives(rows.slice(1));
    if (ANY_LANGUAGE.principleHeaders.some((h) => same(head, h))) return this.principles(rows.slice(1));
    if (this.tocTable(rows)) return;
    const frame = this.singleCell(rows);
    if (frame && this.holdsQuestionnaire(frame)) return this.blocks(frame.children, { mayContinue: false });
    if (this.scan.current && !this.isQuestionnaireTable(rows)) return this.answer(this.singleCell(rows) ? this.cellAtoms(this.singleCell(rows)!) : this.tableAtoms(table), false);
    const flip = this.questionsOnTheRight(rows);
    for (const cells of rows) this.tableRow(flip && cells.length === 2 ? [cells[1]!, cells[0]!] : cells);
  }

  /**
   * Whether a two-column questionnaire has its questions in the second column (answers first: an
   * Arabic table laid out left to right, questions on the right): more rows identify a question
   * there than in the first column.
   */
  private questionsOnTheRight(rows: Element[][]): boolean {
    let first = 0;
    let second = 0;
    const isQuestion = (c: Element) => !!this.m.identify(norm(text(c)), { markerOptional: true, minConfidence: 0.6 });
    for (const cells of rows.filter((r) => r.length === 2).slice(0, 12)) {
      if (isQuestion(cells[0]!)) first++;
      else if (isQuestion(cells[1]!)) second++;
    }
    return second > first;
  }

  /** A table of one cell holds no figures: it is a box drawn around an answer (Word forms); its cell. */
  private singleCell(rows: Element[][]): Element | null {
    const cells = rows.filter((r) => r.length);
    return cells.length === 1 && cells[0]!.length === 1 ? cells[0]![0]! : null;
  }

  /**
   * Whether a one-cell table is a frame drawn around the questionnaire or a part of it (a border
   * round the page), not a box round an answer: it holds a questionnaire table, or a paragraph
   * after its first that is a section heading or a question.
   */
  private holdsQuestionnaire(cell: Element): boolean {
    const blocks = cell.children.filter(isEl);
    return blocks.some((b, i) =>
      b.name === 'table' ? this.isQuestionnaireTable(this.rows(b)) : i > 0 && /^(?:p|h[1-6])$/.test(b.name) && !!(this.m.heading(norm(text(b))) || this.m.identify(norm(text(b)), { minConfidence: 0.8 })),
    );
  }

  /** Whether a table holds the questionnaire: a header row, a section heading, or a question in its first column. */
  private isQuestionnaireTable(rows: Element[][]): boolean {
    return rows.some((cells) => {
      const first = norm(text(cells[0]!));
      if (!first) return false;
      if (this.m.isHeaderRow(cells.map((c) => norm(text(c))).join(' ')) || this.bookmark(cells[0]!)) return true;
      if (this.m.heading(first)) return true;
      return !!this.m.identify(first, { markerOptional: true, minConfidence: 0.6 });
    });
  }

  private tableRow(cells: Element[]) {
    const where = this.where();
    const texts = cells.map((c) => norm(text(c)));
    if (!texts.some(Boolean)) return;
    if (this.isHeaderRow(texts)) return;
    if (cells.length === 1) {
      // a row spanning the table: a heading, a question (with its answer below it in the same
      // cell, read like body text), or an answer carried on from the row above
      const [lead, ...below] = cells[0]!.children.filter(isEl);
      const split = !!lead && /^(?:p|h[1-6])$/.test(lead.name) && below.length > 0;
      const leadText = split ? norm(text(lead)) : texts[0]!;
      const events = this.scan.scan(leadText, { questionColumn: false, headingLike: tokens(leadText).length <= 40 });
      if (events[0] && events[0].kind !== 'text') {
        for (const e of events) applyEvent(this.asm, e, where, (x) => this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: x }] }], false, where));
        if (split) {
          this.commentsOnQuestion(commentRefs(lead));
          this.blocks(below, { mayContinue: false });
        }
        return;
      }
      this.asm.row([], where);
      return this.answer(this.cellAtoms(cells[0]!), true, where);
    }
    const bare = BARE_LABEL.test(texts[0]!) && cells.length >= 3;
    const qCells = bare ? cells.slice(0, 2) : cells.slice(0, 1);
    const aCells = cells.slice(qCells.length);
    const qText = norm(qCells.map((c) => text(c)).join(' '));
    const qComments = qCells.flatMap(commentRefs);
    const bookmark = qCells.map((c) => this.bookmark(c)).find(Boolean);
    let after: QuestionEvent[] = [];
    if (bookmark) {
      this.scan.found(bookmark, this.m.questionWords(bookmark).length);
      this.asm.row([bookmark], where);
    } else {
      const events = qText ? this.scan.scan(qText, { questionColumn: true }) : [];
      after = applyRowEvents(this.asm, events, where, (e) =>
        applyEvent(this.asm, e, where, (x) => this.asm.unplacedText(x, 'text in the question column that is not part of the question', where)),
      );
    }
    this.commentsOnQuestion(qComments);
    const atoms = aCells.flatMap((c) => this.cellAtoms(c));
    this.answer(atoms, true, where);
    for (const e of after) applyEvent(this.asm, e, where, (x) => this.asm.unplacedText(x, 'text in the question column that is not part of the question', where));
  }

  /**
   * Column titles: "Questions | Answers" in any language (or several at once), maybe beside short
   * titles of other columns ("No.", "Ref", "Responsible entity").
   */
  private isHeaderRow(texts: string[]): boolean {
    if (ANY_LANGUAGE.columnHeaders.some((h) => same(texts.filter(Boolean), h)) || this.m.isHeaderRow(texts.join(' '))) return true;
    const titles = texts.filter((t) => this.m.isHeaderRow(t)).length;
    return titles >= 2 && texts.every((t) => this.m.isHeaderRow(t) || tokens(t).length <= 3);
  }

  /** The blocks of a table cell as atoms (tables in it as table atoms); the export's "Not answered" is no answer. */
  private cellAtoms(cell: Element, o: { flatTables?: boolean } = {}): Atom[] {
    const out: Atom[] = [];
    const walk = (nodes: ChildNode[]) => {
      for (const n of nodes) {
        if (!isEl(n)) {
          if (n.type === 'text' && hasWords(n.data)) out.push({ kind: 'para', depth: 0, inlines: [{ type: 'text', text: unlabelled(n.data) }] });
          continue;
        }
        if (SKIPPED.has(n.attribs.class ?? '')) continue;
        if (n.name === 'ul' || n.name === 'ol') out.push(...this.listAtoms(n, 1));
        else if (n.name === 'table') {
          const box = this.singleCell(this.rows(n));
          if (o.flatTables || box) for (const r of this.rows(n)) for (const c of r) walk(c.children);
          else out.push(...this.tableAtoms(n));
        } else if (/^(p|h[1-6]|div|blockquote)$/.test(n.name)) {
          if (n.name !== 'p' && n.children.some((c) => isEl(c) && /^(p|ul|ol|table|div)$/.test(c.name))) walk(n.children);
          else {
            const atoms = this.typedOrPara(n);
            const a = atoms[0]!;
            if (!ANY_LANGUAGE.notAnswered.has(norm(a.inlines.map((x) => (x.type === 'text' ? x.text : ' ')).join('')))) out.push(...atoms);
          }
        } else out.push(...this.typedOrPara({ children: [n] } as Element));
      }
    };
    walk(cell.children);
    return out;
  }

  /**
   * A table inside an answer: rows and columns kept, header cells (Word's repeated header row,
   * <th>) as header cells, cells of paragraphs and lists; a table inside one of its cells is
   * flattened into that cell (answers hold no nested tables). Where the first row's paragraphs
   * are in the "Table Heading" style (LibreOffice's tables, our export's), that style says which
   * cells are header cells: LibreOffice writes no w:tblHeader for an HTML <th> row without
   * <thead>, and in a table inside a table it drops it or moves it to the next row.
   */
  private tableAtoms(table: Element): Atom[] {
    const rows = this.rows(table);
    const byStyle = !!rows[0] && headingStyled(rows[0]);
    // more rows than an answer's table holds (an annex listing every commune): the rest continue in
    // tables of their own, rather than being cut off
    const parts = tableParts(rows.map((cells) => cells.map((c) => Number(c.attribs.rowspan) || 1))).map(([from, to]) => this.tableAtom(rows.slice(from, to), from, byStyle));
    return parts.length ? parts : [this.tableAtom([], 0, byStyle)];
  }

  /** One table of at most MAX_TABLE_ROWS rows: `rows`, from row `first` of the table in the document. */
  private tableAtom(rows: Element[][], first: number, byStyle: boolean): Atom {
    const isHeader = (c: Element, row: number) => (byStyle ? row === 0 || headingStyled([c]) : c.name === 'th');
    const notes: Inline[][] = [];
    const images: number[] = [];
    const comments: string[] = [];
    const t: Table = {
      type: 'table',
      content: rows.map((cells, row) => ({
        type: 'tableRow' as const,
        content: keptColumns(cells).map((c): TableCell => {
          const atoms = c.more.flatMap((m) => this.cellAtoms(m, { flatTables: true }));
          for (const a of atoms) {
            notes.push(...(a.notes ?? []));
            images.push(...(a.images ?? []));
            comments.push(...(a.comments ?? []));
          }
          const flow = buildDoc(atoms.map((a) => ({ ...a, notes: [] }))).content as Flow[];
          // a span wider than any table (w:gridSpan 10000) spans as far as a table can
          const colspan = Math.min(Number(c.cell.attribs.colspan), MAX_SPAN);
          // a cell spanning past this table's last row spans to it
          const rowspan = Math.min(Number(c.cell.attribs.rowspan), rows.length - row);
          const attrs = { ...(colspan > 1 ? { colspan } : {}), ...(rowspan > 1 ? { rowspan } : {}) };
          return { type: isHeader(c.cell, first + row) ? 'tableHeader' : 'tableCell', ...(Object.keys(attrs).length ? { attrs } : {}), content: flow.length ? flow : [{ type: 'paragraph' }] };
        }),
      })),
    };
    return { kind: 'table', depth: 0, inlines: [], table: t, ...(notes.length ? { notes } : {}), ...(images.length ? { images } : {}), ...(comments.length ? { comments } : {}) };
  }

  private listAtoms(list: Element, depth: number): Atom[] {
    const wrapped = wrappedLists(list);
    if (wrapped) return wrapped.flatMap((w) => this.listAtoms(w, depth));
    const out: Atom[] = [];
    for (const e of listEntries(list)) out.push(...('stray' in e ? this.listAtoms(e.stray, depth + 1) : this.itemAtoms(e.li, e.type, depth, e.start)));
    return out;
  }

  /** One list item: its text, further paragraphs, nested lists (a table in an item: its cells as deeper items). */
  private itemAtoms(li: Element, type: ListType, depth: number, start?: number): Atom[] {
    const out: Atom[] = [];
    const inline: ChildNode[] = [];
    const nested: Element[] = [];
    const paras: Element[] = [];
    for (const c of li.children) {
      if (isEl(c) && (c.name === 'ul' || c.name === 'ol' || c.name === 'table')) nested.push(c);
      else if (isEl(c) && c.name === 'p') paras.push(c);
      else inline.push(c);
    }
    const meta = () => ({ notes: [] as Inline[][], images: [] as number[], comments: [] as string[] });
    const item = (el: Element): Atom => {
      const m = meta();
      const inlines = this.inlines(el, { inList: true, ...m });
      return { kind: 'item', list: type, depth, inlines, ...(m.notes.length ? { notes: m.notes } : {}), ...(m.images.length ? { images: m.images } : {}), ...(m.comments.length ? { comments: m.comments } : {}) };
    };
    const firstEl = paras.length && !inline.some((c) => text(c).trim()) ? paras.shift()! : ({ children: inline } as Element);
    out.push({ ...item(firstEl), ...(start && start !== 1 ? { start } : {}) });
    for (const p of paras) out.push(item(p));
    for (const n of nested) {
      if (n.name === 'table') for (const r of this.rows(n)) for (const c of r) out.push(...this.cellAtoms(c, { flatTables: true }).map((a) => ({ ...a, kind: 'item' as const, list: type, depth: depth + 1 })));
      else out.push(...this.listAtoms(n, depth + 1));
    }
    return out;
  }

  /** Pictures alone in a paragraph, as a paragraph saying where they were. */
  private pictureAtoms(p: Element): Atom[] {
    const images: number[] = [];
    const inlines = this.inlines(p, { inList: false, notes: [], images });
    return images.length ? [{ kind: 'para', depth: 0, inlines, images }] : [];
  }

  /**
   * Inline content with bold, italic, underline and (safe) links. A footnote reference becomes
   * "[n]" and its note is collected (it goes to the end of the answer); a picture becomes
   * "[Picture n: alt]" and is collected (it becomes an attachment). Automatic labels are dropped
   * in list items (the list numbers them) and kept as text elsewhere.
   */
  private inlines(el: Element, o: { inList: boolean; notes: Inline[][]; images: number[]; comments?: string[] }): Inline[] {
    const out: Inline[] = [];
    const walk = (nodes: ChildNode[], marks: Mark[]) => {
      for (const n of nodes) {
        if (!isEl(n)) {
          const data = n.type === 'text' ? (o.inList ? unlabelled(n.data) : shown(n.data)) : '';
          if (data) out.push(marks.length ? { type: 'text', text: data, marks } : { type: 'text', text: data });
          continue;
        }
        const targets = refTargets(n);
        if (targets) {
          for (const href of targets) {
            if (COMMENT.test(href)) {
              o.comments?.push(href.replace(COMMENT, ''));
              continue;
            }
            const note = this.notes.get(href);
            if (!note) continue;
            const k = this.noteNumber(href);
            // endnotes are numbered i, ii, iii, as Word and LibreOffice number them, apart from footnotes
            const mark = `[${href.startsWith('endnote-') ? formatNumber(k, 'lowerRoman') : k}]`;
            out.push({ type: 'text', text: mark });
            o.notes.push(normaliseInlines([{ type: 'text', text: `${mark} ` }, ...note])); // "[1] Source …" one text where the note's starts plain
            this.usedNotes.add(href);
          }
          continue;
        }
        if (n.name === 'img') {
          const m = IMAGE_SRC.exec(n.attribs.src ?? '');
          if (m) {
            const i = Number(m[1]);
            const alt = (n.attribs.alt ?? '').replace(/\s+/g, ' ').trim();
            out.push({ type: 'text', text: ` ${picturePlaceholder(i, alt)} ` });
            o.images.push(i);
          }
          continue;
        }
        if (n.name === 'input' && n.attribs.type === 'checkbox') out.push({ type: 'text', text: n.attribs.checked !== undefined ? '☒' : '☐', ...(marks.length ? { marks } : {}) });
        else if (n.name === 'br') out.push({ type: 'hardBreak' });
        else if (n.name === 'strong' || n.name === 'b') walk(n.children, marks.some((m) => m.type === 'bold') ? marks : [...marks, { type: 'bold' }]);
        else if (n.name === 'em' || n.name === 'i') walk(n.children, marks.some((m) => m.type === 'italic') ? marks : [...marks, { type: 'italic' }]);
        else if (n.name === 'u') walk(n.children, marks.some((m) => m.type === 'underline') ? marks : [...marks, { type: 'underline' }]);
        else if (n.name === 'a' && n.attribs.href && SAFE_HREF.test(n.attribs.href) && n.attribs.href.length <= MAX_HREF)
          walk(n.children, [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href: n.attribs.href } }]);
        else walk(n.children, marks);
      }
    };
    walk(el.children, []);
    return normaliseInlines(out);
  }

  private objectives(rows: Element[][]) {
    const q = this.template.sections.flatMap((s) => s.questions).find((x) => x.extension === 'objectives');
    if (!q) return;
    const byLabel = ANY_LANGUAGE.statuses;
    for (const cells of rows) {
      const [num, , status] = cells.map((c) => norm(text(c)));
      const n = Number(num);
      const st = byLabel.get((status ?? '').toLowerCase());
      if (!this.template.objectives.some((o) => o.number === n) || !st) {
        this.asm.unplacedText(cells.map((c) => norm(text(c))).join(' — '), 'a row of the objectives table that could not be read', this.where());
        continue;
      }
      const note = this.noteDoc(cells[3], q.id);
      if (st !== 'not_started' || !isEmptyDoc(note)) this.fields.push([objectiveField(q.id, n), { kind: 'objective', status: st, note }]);
    }
  }

  private principles(rows: Element[][]) {
    const q = this.template.sections.flatMap((s) => s.questions).find((x) => x.extension === 'principles');
    if (!q) return;
    for (const cells of rows) {
      const label = norm(text(cells[0]!));
      const id = /^([a-z])\)/.exec(label)?.[1];
      const note = this.noteDoc(cells[1], q.id);
      if (!id || !this.template.principles.some((p) => p.id === id)) {
        this.asm.unplacedText(`${label} — ${this.blockText(cells[1])}`, 'a row of the guiding principles table that could not be read', this.where());
        continue;
      }
      if (!isEmptyDoc(note)) this.fields.push([principleField(q.id, id), { kind: 'principle', note }]);
    }
  }

  /**
   * An objective's or principle's note: a rich document, read from its cell as answers are
   * (cellAtoms: paragraphs, lists, tables, bold, links; the export's "Not answered" is no note);
   * text without a letter or digit is left out, as in answers.
   */
  private noteDoc(cell: Element | undefined, question: string): Doc {
    const atoms = cell ? this.cellAtoms(cell) : [];
    for (const a of atoms) for (const i of a.images ?? []) this.noteImages.set(i, question);
    return buildDoc(atoms.filter((a) => a.kind === 'table' || hasWords(plain(a.inlines))));
  }

  /** A cell's paragraphs as plain text, one per line. */
  private blockText(cell: Element | undefined): string {
    if (!cell) return '';
    return this.cellAtoms(cell, { flatTables: true })
      .map((a) => norm(a.inlines.map((x) => (x.type === 'text' ? x.text : '\n')).join('')))
      .filter(Boolean)
      .join('\n');
  }

  /** A note's number, not its id in the file (LibreOffice's first footnote is id 2, Word's id 1; Word shows 1). */
  private noteNumber(href: string): number {
    let n = this.noteNumbers.get(href);
    if (n === undefined) {
      const kind = href.replace(/-.*$/, '');
      n = (this.notesOfKind.get(kind) ?? 0) + 1;
      this.notesOfKind.set(kind, n);
      this.noteNumbers.set(href, n);
    }
    return n;
  }

  /** Footnote and endnote texts, by anchor id, before the body is read. */
  private readNotes(ol: Element) {
    for (const li of ol.children) {
      if (!isEl(li) || !li.attribs.id) continue;
      const body = { children: li.children } as Element;
      const inl = this.inlines(body, { inList: true, notes: [], images: [] });
      // drop the back-link arrow mammoth adds
      const cleaned = normaliseInlines(inl.map((x) => (x.type === 'text' ? { ...x, text: x.text.replace(/↑/g, '') } : x)));
      this.notes.set(li.attribs.id, cleaned);
    }
  }

  /** Footnotes no answer referred to: to the tray (our own provenance footnotes are skipped). */
  private footnotes(ol: Element) {
    for (const li of ol.children) {
      if (!isEl(li)) continue;
      if (this.usedNotes.has(li.attribs.id ?? '')) continue;
      const t = norm(text(li).replace(/↑/g, ''));
      // Our own provenance footnotes (export --footnotes) describe where accepted text came from;
      // that provenance is in the store, not answer text: skip them rather than fill the tray.
      if (ANY_LANGUAGE.sources.some((prefix) => t.startsWith(norm(prefix)))) continue;
      if (hasWords(t)) this.asm.unplacedText(t, 'a footnote of the document', this.where());
    }
  }
}
