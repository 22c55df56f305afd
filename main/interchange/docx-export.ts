/**
 * DOCX export (the `docx` library): the review in the Word layout officials pass around — title
 * block, per section a heading and a "Questions" | "Answers" table, answers as real Word
 * paragraphs and numbered/bulleted lists (numbering definitions, nested levels), bold, italic,
 * hyperlinks; Arabic paragraphs right-to-left (paragraph bidi + run rtl, decided per paragraph);
 * III.a's objective statuses and III.b's principles as tables; unanswered questions say so.
 * The furniture is in the draft's document language (review.text); an Arabic review has
 * right-to-left tables (bidiVisual: the question column on the right), bidi paragraphs, Arabic
 * runs in a complex-script font (CS_FONT), a right-to-left page (sectPr bidi), and its text at
 * 12 pt; Latin and Arabic text of a paragraph are one size in every language. A running header
 * carries the title, the footer "page X of Y"; internal details (template, app version, progress) are document properties.
 * Each question cell carries a bookmark naming the question ("gcm_II_c") so a re-import maps
 * answers by id. Optional provenance footnotes: `opts.footnotes(questionId)`.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { docDirection, docText, hasHeaderRow, inlineText, labelledDirection, textDirection, type Doc, type Flow, type Inline, type List, type Paragraph as DocParagraph, type Table as DocTable } from '../../shared/doc';
import { shownDirection } from '../../shared/picture-files';
import { LATIN_LOCALE, latinLanguage, latinText, scriptSegments, type LatinLanguage } from '../../shared/text-scripts';
import { AnswerPictures, DocxFigures, FIGURE_STYLES } from './docx-pictures';
import { cellColumns, columnWidths } from './table-widths';
import { rewriteDocx } from './docx-safety';
import { OBJECTIVE_COLUMNS, columnHeaders, documentLatin, objectiveHeaders, principleHeaders, questionBookmark, sectionBookmark, type ReviewDocument } from './review-document';
import { isSafeExternalUrl } from '../../shared/external-url';

export interface DocxExportOptions {
  /** Provenance footnotes for a question's answer (contributions); none when absent. */
  footnotes?: (questionId: string) => string[] | undefined;
  /** Who exports ("name (organisation)"): the document's author and last editor (dc:creator, cp:lastModifiedBy); "GCM Review" when not given. */
  author?: string;
}

/** Style names the DOCX import recognises as the export's own furniture (not answer text). */
/**
 * Paragraph styles the import knows again. `tableHeading`: LibreOffice's own name for a header
 * cell's paragraphs, which it keeps when it saves the file again, where it loses w:tblHeader in a
 * table inside a table (the answers' tables are in the questionnaire's cells).
 */
export const STYLE_NAMES = { title: 'GCM Title', meta: 'GCM Title Block', caption: 'GCM Caption', notAnswered: 'GCM Not Answered', tableHeading: 'Table Heading' } as const;

const PAGE_WIDTH = 9638; // A4 (11906 twips) minus 2 cm margins
const BULLET = 'gcm-bullet';
const ORDERED = 'gcm-ordered';
const BULLET_GLYPHS = ['•', '◦', '▪'];
/**
 * The complex-script (Arabic) font. Simplified Arabic: a Naskh, as the print view's Noto Naskh
 * Arabic, whose letters are about as large as Arial's Latin ones at one point size (Traditional
 * Arabic and Sakkal Majalla draw them smaller: Arabic text would look smaller than the Latin words
 * beside it again); it is one of Windows' Arabic fonts (the "Arabic Supplemental Fonts" that Windows
 * installs with the Arabic language, which an official writing Arabic has) and Office's. Where it
 * is missing, Word and LibreOffice draw the text in a font of the system that has Arabic letters
 * (Arial, Times New Roman; DejaVu Sans or Noto here). Not embedded.
 */
export const CS_FONT = 'Simplified Arabic';
const LATIN_FONT = 'Arial';
/**
 * A size (half-points) for both scripts: w:sz is the Latin text's, w:szCs the right-to-left text's;
 * one without the other left a French law's name at 10.5 pt in 12 pt Arabic text.
 */
const bothScripts = (halfPoints: number) => ({ size: halfPoints, sizeComplexScript: halfPoints });
/** The body text's size: 12 pt in an Arabic document, 10.5 pt in a French or English one, as in the print view. */
const bodySize = (dir: 'rtl' | 'ltr') => (dir === 'rtl' ? 24 : 21);
/** The language Word checks Arabic (complex-script) text in (w:lang w:bidi): Moroccan Arabic, as before the dates followed the country. */
const ARABIC_LOCALE = 'ar-MA';
/**
 * Run properties of right-to-left (Arabic) text: the rtl flag and the complex-script font. No size:
 * it comes from the paragraph's style, the Latin text's alike (a run's w:szCs made the Arabic words
 * of a heading 12 pt beside its 14 pt Latin ones).
 */
const RTL_RUN = { rightToLeft: true, font: { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: CS_FONT } } as const;
type RunStyle = Omit<IRunOptions, 'text' | 'children'>;
/** What a cell's left and right margins take of its width (Word's default 108 twips each, and a little room). */
const CELL_MARGINS = 240;
/** Space after each paragraph inside an answer cell (6 pt). */
const CELL_SPACING = { after: 120 };

/**
 * Where a list item's text starts, from the start side of its cell (w:ind w:left: the leading edge,
 * the right one in a bidi paragraph). Its number or bullet hangs 360 twips before it, start-aligned
 * (lvlJc left, which ECMA-376 reads as the leading edge). Right-to-left lists leave a further 360
 * before the marker, as Word's own lists do (720/360): LibreOffice draws a right-to-left marker at
 * its position without the cell's margin, on the cell's border when the position is 0.
 */
const listIndent = (level: number, rtl: boolean) => 360 * (level + 1) + (rtl ? 360 : 0);

const levels = (ordered: boolean, rtl: boolean, start = 1): ILevelsOptions[] =>
  Array.from({ length: 9 }, (_, level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : BULLET_GLYPHS[level % 3]!,
    alignment: AlignmentType.START,
    start: level === 0 ? start : 1,
    style: { paragraph: { indent: { left: listIndent(level, rtl), hanging: 360 } } },
  }));

/** The numbering definitions of a list: bulleted or numbered (from `start`), in a left-to-right or right-to-left cell. */
const listReference = (ordered: boolean, rtl: boolean, start = 1) => `${ordered ? ORDERED : BULLET}${ordered && start !== 1 ? `-from-${start}` : ''}${rtl ? '-rtl' : ''}`;

class Writer {
  /**
   * `dir`: the document's direction, for paragraphs without a strong character of their own;
   * `latin`: the language of the document's Latin text (its styles carry it). In an Arabic
   * document, Latin text is French or English by its own words, else by those of its answer
   * (`answerLatin`); in an English or French one it is in the document's language.
   */
  constructor(
    public dir: 'rtl' | 'ltr',
    public latin: LatinLanguage,
    private latinByWords: boolean,
  ) {
    this.answerLatin = latin;
  }
  private answerLatin: LatinLanguage;
  private listInstance = 0;
  /** The pictures of the answer being written (docx-pictures.ts): its placeholders become pictures. */
  pictures?: AnswerPictures;
  /** The numbering definitions the lists used, by reference (listReference). */
  readonly numbering = new Map<string, ILevelsOptions[]>();
  footnotes: Record<string, { children: Paragraph[] }> = {};
  private footnoteId = 0;

  /**
   * `text` as runs of one script each (shared/text-scripts.ts): Arabic right-to-left in the complex
   * script's font and size, Latin tagged with its language where it is not the document's.
   */
  textRuns(text: string, rtl: boolean, style: RunStyle = {}): TextRun[] {
    return scriptSegments(text, rtl).map((seg) => new TextRun({ ...style, text: seg.text, ...this.scriptProps(seg.text, seg.rtl) }));
  }

  scriptProps(text: string, rtl: boolean): RunStyle {
    if (rtl) return RTL_RUN;
    if (!this.latinByWords) return {};
    const lang = latinLanguage(text, this.answerLatin);
    return lang === this.latin ? {} : { language: { value: LATIN_LOCALE[lang] } };
  }

  runs(content: Inline[] | undefined, rtl: boolean): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of content ?? []) {
      if (n.type === 'hardBreak') {
        out.push(new TextRun({ text: '', break: 1, ...(rtl ? RTL_RUN : {}) }));
        continue;
      }
      const marks = n.marks ?? [];
      // a link the app would not hand to the OS (shared/external-url.ts) is written as its text
      const link = marks.find((m) => m.type === 'link' && isSafeExternalUrl(m.attrs.href));
      const style: RunStyle = {
        bold: marks.some((m) => m.type === 'bold'),
        italics: marks.some((m) => m.type === 'italic'),
        ...(marks.some((m) => m.type === 'underline') ? { underline: {} } : {}),
        ...(link ? { style: 'Hyperlink' } : {}),
      };
      const runs = this.textRuns(n.text, rtl, style);
      if (link && link.type === 'link') out.push(new ExternalHyperlink({ link: link.attrs.href, children: runs }));
      else if (this.pictures) out.push(...this.pictures.runs(n.text, (t) => this.textRuns(t, rtl, style)));
      else out.push(...runs);
    }
    return out;
  }

  paragraph(p: DocParagraph, container: 'rtl' | 'ltr', style?: string): Paragraph {
    const text = inlineText(p.content);
    const rtl = (shownDirection(text, this.pictures) ?? container) === 'rtl';
    return new Paragraph({ children: this.runs(p.content, rtl), bidirectional: rtl, spacing: CELL_SPACING, ...(style ? { style } : {}) });
  }

  /** A list's items take the direction of the answer that holds them (`container`), like the screens. */
  list(l: List, level: number, out: Paragraph[], container: 'rtl' | 'ltr'): void {
    const ordered = l.type === 'orderedList';
    const rtl = container === 'rtl';
    const start = l.attrs?.start ?? 1;
    const reference = listReference(ordered, rtl, start);
    if (!this.numbering.has(reference)) this.numbering.set(reference, levels(ordered, rtl, start));
    const instance = ++this.listInstance;
    for (const item of l.content) {
      let first = true;
      for (const child of item.content) {
        if (child.type === 'paragraph') {
          if (first) out.push(new Paragraph({ children: this.runs(child.content, rtl), bidirectional: rtl, spacing: CELL_SPACING, numbering: { reference, level: Math.min(level, 8), instance } }));
          else {
            // a further paragraph of the item: indented like the item's text, no number
            out.push(new Paragraph({ children: this.runs(child.content, rtl), bidirectional: rtl, spacing: CELL_SPACING, indent: { left: listIndent(Math.min(level, 8), rtl) } }));
          }
        } else this.list(child, level + 1, out, container);
        first = false;
      }
    }
  }

  /** `style`: the paragraph style of the blocks' paragraphs (a header cell's). */
  flow(blocks: Flow[], container: 'rtl' | 'ltr', style?: string): Paragraph[] {
    const out: Paragraph[] = [];
    for (const b of blocks) {
      if (b.type === 'paragraph') out.push(this.paragraph(b, container, style));
      else this.list(b, 0, out, container);
    }
    return out;
  }

  /**
   * An answer's blocks in the answer's direction; a table becomes a real Word table (header row
   * repeated across pages, spans kept; right-to-left in a right-to-left answer) inside the answer
   * cell. `width`: the twips the table may use.
   */
  blocks(doc: Doc, width: number): Array<Paragraph | Table> {
    const container = docDirection(doc, this.dir);
    if (this.latinByWords) this.answerLatin = latinLanguage(latinText(doc), this.latin);
    const out: Array<Paragraph | Table> = [];
    for (const b of doc.content) {
      if (b.type === 'table') out.push(this.table(b, width, container));
      else out.push(...this.flow([b], container));
    }
    // Word wants every table cell to end with a paragraph.
    if (out[out.length - 1] instanceof Table) out.push(new Paragraph(''));
    this.answerLatin = this.latin;
    return out;
  }

  table(t: DocTable, width: number, container: 'rtl' | 'ltr'): Table {
    const cells = t.content.map((r) => r.content.map((c) => ({ text: docText({ type: 'doc', content: c.content }), span: c.attrs?.colspan ?? 1, rowspan: c.attrs?.rowspan ?? 1 })));
    const starts = cellColumns(cells);
    const widths = columnWidths(cells, width, starts);
    const header = hasHeaderRow(t);
    // a cell is as wide as the columns it spans
    const cellWidth = (r: number, i: number) => widths.slice(starts[r]![i]!, starts[r]![i]! + cells[r]![i]!.span).reduce((s, n) => s + n, 0);
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      visuallyRightToLeft: container === 'rtl',
      rows: t.content.map(
        (r, i) =>
          new TableRow({
            ...(i === 0 && header ? { tableHeader: true } : {}),
            children: r.content.map(
              (c, j) =>
                new TableCell({
                  width: { size: cellWidth(i, j), type: WidthType.DXA },
                  borders: cellBorders,
                  ...(c.attrs?.colspan ? { columnSpan: c.attrs.colspan } : {}),
                  ...(c.attrs?.rowspan ? { rowSpan: c.attrs.rowspan } : {}),
                  ...(c.type === 'tableHeader' ? { shading: { type: ShadingType.CLEAR, fill: 'EEF2F9', color: 'auto' } } : {}),
                  children: c.content.length ? this.cellFlow(c.content, container, cellWidth(i, j), c.type === 'tableHeader' ? TABLE_HEADING : undefined) : [new Paragraph('')],
                }),
            ),
          }),
      ),
    });
  }

  /** A table cell's blocks, `width` twips wide: its pictures fit the cell (not the whole answer's). */
  private cellFlow(blocks: Flow[], container: 'rtl' | 'ltr', width: number, style?: string): Paragraph[] {
    const write = () => this.flow(blocks, container, style);
    return this.pictures ? this.pictures.within(width - CELL_MARGINS, write) : write();
  }

  /**
   * Whether a text of the document's own (a title, a caption, a labelled question or principle)
   * reads right-to-left: its first strong character after a leading label ("III.a", "a)"), else
   * the document's direction.
   */
  isRtl(text: string): boolean {
    return (labelledDirection(text) ?? this.dir) === 'rtl';
  }

  /** A paragraph of plain text (furniture, titles, notes): its own direction (isRtl), else the document's. */
  plain(text: string, opts: { style?: string; bold?: boolean; italics?: boolean; color?: string; keepNext?: boolean; spacing?: boolean } = {}): Paragraph {
    const rtl = this.isRtl(text);
    return new Paragraph({
      children: this.textRuns(text, rtl, { bold: opts.bold, italics: opts.italics, color: opts.color }),
      bidirectional: rtl,
      ...(opts.style ? { style: opts.style } : {}),
      ...(opts.keepNext ? { keepNext: true } : {}),
      ...(opts.spacing ? { spacing: CELL_SPACING } : {}),
    });
  }

  footnote(texts: string[]): FootnoteReferenceRun {
    const id = ++this.footnoteId;
    this.footnotes[String(id)] = { children: texts.map((t) => new Paragraph({ children: this.textRuns(t, textDirection(t) === 'rtl'), bidirectional: textDirection(t) === 'rtl' })) };
    return new FootnoteReferenceRun(id);
  }
}

const TABLE_HEADING = 'TableHeading';
const cellBorders = { top: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, left: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, right: { style: BorderStyle.SINGLE, size: 4, color: '808080' } };

function headerRow(w: Writer, labels: readonly string[], widths: readonly number[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map(
      (l, i) =>
        new TableCell({
          width: { size: widths[i]!, type: WidthType.DXA },
          borders: cellBorders,
          shading: { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' },
          children: [w.plain(l, { bold: true, keepNext: true })],
        }),
    ),
  });
}

/** A table across the page; right-to-left (bidiVisual: first column on the right) in an Arabic document. */
function table(w: Writer, widths: readonly number[], rows: TableRow[]): Table {
  return new Table({ width: { size: PAGE_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows, visuallyRightToLeft: w.dir === 'rtl' });
}

/** III.a's columns in twips (OBJECTIVE_COLUMNS), adding up to the page's width. */
const OBJECTIVE_WIDTHS = OBJECTIVE_COLUMNS.map((p, i) => (i < 3 ? Math.round((PAGE_WIDTH * p) / 100) : 0));
OBJECTIVE_WIDTHS[3] = PAGE_WIDTH - OBJECTIVE_WIDTHS.reduce((a, b) => a + b, 0);
/** Characters of a note (about a third of a page in its column) up to which its row is kept on one page. */
const SHORT_NOTE = 1200;

const cell = (width: number, children: Array<Paragraph | Table>) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: cellBorders, children: children.length ? children : [new Paragraph('')] });


export async function exportDocx(review: ReviewDocument, opts: DocxExportOptions = {}): Promise<Buffer> {
  const w = new Writer(review.dir, documentLatin(review), review.language === 'ar');
  const x = review.text;
  const rtl = review.dir === 'rtl';
  const notAnswered = () => new Paragraph({ style: 'GcmNotAnswered', bidirectional: rtl, children: w.textRuns(x.notAnswered, rtl, { italics: true, color: '595959' }) });
  const body: Array<Paragraph | Table> = [];
  const figures = new DocxFigures(x);
  body.push(w.plain(review.title, { style: 'GcmTitle' }));
  body.push(w.plain(review.subtitle, { style: 'GcmMeta' }));
  for (const [k, v] of review.meta) {
    const vRtl = w.isRtl(v);
    body.push(new Paragraph({ style: 'GcmMeta', bidirectional: rtl, children: [...w.textRuns(`${k} `, rtl, { bold: true }), ...w.textRuns(v, vRtl)] }));
  }

  const qw = [3400, PAGE_WIDTH - 3400];
  for (const s of review.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, keepLines: true, bidirectional: rtl, children: [new Bookmark({ id: sectionBookmark(s.id), children: w.textRuns(s.heading, rtl) })] }));
    const rows = [headerRow(w, columnHeaders(x), qw)];
    for (const r of s.rows) {
      const notes = opts.footnotes?.(r.id);
      const qText = `${r.label} ${r.text}`;
      const qRtl = w.isRtl(qText);
      const qChildren: ParagraphChild[] = [new Bookmark({ id: questionBookmark(r.id), children: w.textRuns(qText, qRtl) })];
      if (notes?.length) qChildren.push(w.footnote(notes));
      rows.push(new TableRow({ children: [cell(qw[0]!, [new Paragraph({ children: qChildren, bidirectional: qRtl })]), cell(qw[1]!, figures.answer(w, r, qw[1]! - CELL_MARGINS, () => (r.answer ? w.blocks(r.answer, qw[1]! - CELL_MARGINS) : [notAnswered()])))] }));
    }
    body.push(table(w, qw, rows));
    if (s.objectives) {
      body.push(w.plain(s.objectives.caption, { style: 'GcmCaption' }));
      body.push(
        table(w, OBJECTIVE_WIDTHS, [
          headerRow(w, objectiveHeaders(x), OBJECTIVE_WIDTHS),
          ...s.objectives.rows.map(
            (o) =>
              new TableRow({
                // a row with a short note is kept on one page; a long one may go on to the next (Word clips a row taller than a page that may not split)
                ...(!o.note || docText(o.note).length <= SHORT_NOTE ? { cantSplit: true } : {}),
                children: [cell(OBJECTIVE_WIDTHS[0]!, [w.plain(String(o.number))]), cell(OBJECTIVE_WIDTHS[1]!, [w.plain(o.title)]), cell(OBJECTIVE_WIDTHS[2]!, [w.plain(o.statusLabel)]), cell(OBJECTIVE_WIDTHS[3]!, o.note ? w.blocks(o.note, OBJECTIVE_WIDTHS[3]! - CELL_MARGINS) : [])],
              }),
          ),
        ]),
      );
    }
    if (s.principles) {
      const pw = [3400, PAGE_WIDTH - 3400];
      body.push(w.plain(s.principles.caption, { style: 'GcmCaption' }));
      body.push(
        table(w, pw, [
          headerRow(w, principleHeaders(x), pw),
          ...s.principles.rows.map((p) => new TableRow({ children: [cell(pw[0]!, [w.plain(`${p.id})${w.dir === 'rtl' ? '\u200e' : ''} ${p.title}`)]), cell(pw[1]!, p.note ? w.blocks(p.note, pw[1]! - CELL_MARGINS) : [notAnswered()])] })),
        ]),
      );
    }
  }

  // Running header (the review's title) and footer ("page X of Y" in the document language).
  const [before, after = ''] = x.page.split('{{page}}');
  const [middle, end = ''] = after.split('{{pages}}');
  const small = { ...bothScripts(16), color: '404040' };
  const pageRun = (children: Array<string>) => new TextRun({ children, ...small, ...w.scriptProps(children.join(''), rtl) });
  const header = new Header({ children: [new Paragraph({ bidirectional: rtl, alignment: AlignmentType.END, children: w.textRuns(review.title, w.isRtl(review.title), small) })] });
  const footer = new Footer({
    children: [new Paragraph({ bidirectional: rtl, alignment: AlignmentType.CENTER, children: [pageRun([before!]), pageRun([PageNumber.CURRENT]), pageRun([middle!]), pageRun([PageNumber.TOTAL_PAGES]), pageRun([end])] })],
  });

  const doc = new Document({
    creator: opts.author ?? 'GCM Review',
    lastModifiedBy: opts.author ?? 'GCM Review',
    title: review.title,
    subject: review.properties.subject,
    description: review.properties.description,
    keywords: review.properties.keywords,
    customProperties: review.properties.custom.map(([name, value]) => ({ name, value })),
    styles: {
      default: {
        document: { run: { font: { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: CS_FONT }, ...bothScripts(bodySize(review.dir)), language: { value: LATIN_LOCALE[w.latin], bidirectional: ARABIC_LOCALE } } },
        heading1: { run: { ...bothScripts(28), bold: true }, paragraph: { keepNext: true, keepLines: true, spacing: { before: 360, after: 120 } } },
      },
      paragraphStyles: [
        { id: 'GcmTitle', name: STYLE_NAMES.title, basedOn: 'Normal', next: 'Normal', run: { ...bothScripts(36), bold: true }, paragraph: { spacing: { after: 240 } } },
        { id: 'GcmMeta', name: STYLE_NAMES.meta, basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { after: 60 } } },
        { id: 'GcmCaption', name: STYLE_NAMES.caption, basedOn: 'Normal', next: 'Normal', run: { bold: true, ...bothScripts(24) }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        { id: 'GcmNotAnswered', name: STYLE_NAMES.notAnswered, basedOn: 'Normal', next: 'Normal', run: { italics: true, color: '595959' } },
        { id: TABLE_HEADING, name: STYLE_NAMES.tableHeading, basedOn: 'Normal', next: 'Normal', run: { bold: true, boldComplexScript: true } },
        ...FIGURE_STYLES,
      ],
    },
    numbering: { config: [...w.numbering].map(([reference, lvls]) => ({ reference, levels: lvls })) },
    footnotes: w.footnotes,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 } } },
        headers: { default: header },
        footers: { default: footer },
        children: body,
      },
    ],
  });
  const packed = await Packer.toBuffer(doc);
  // the docx library has no option for a right-to-left section: added in the packed document
  return rtl ? rewriteDocx(packed, new Map([['word/document.xml', (xml: Buffer) => Buffer.from(rtlSections(xml.toString('utf8')), 'utf8')]])) : packed;
}

/** The elements of a section's properties that come after w:bidi (ECMA-376 CT_SectPr's sequence), or its end. */
const AFTER_SECTION_BIDI = /<w:(?:rtlGutter|docGrid|printerSettings|sectPrChange)\b|$/;

/**
 * `documentXml` with each section right-to-left (sectPr w:bidi): in Word, the page's direction,
 * which puts a page number set at the start on the right, orders columns from the right, and makes
 * a paragraph a user adds right-to-left. LibreOffice reads it as the page style's writing mode
 * (rl-tb). For the export's own document.xml (no tracked section changes, whose old sectPr would
 * nest in the new).
 */
export function rtlSections(documentXml: string): string {
  return documentXml.replace(/<w:sectPr(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/w:sectPr>)/g, (whole, attrs: string | undefined, body: string | undefined) => {
    if (body === undefined) return `<w:sectPr${attrs ?? ''}><w:bidi/></w:sectPr>`;
    if (/<w:bidi\b/.test(body)) return whole;
    const at = body.search(AFTER_SECTION_BIDI);
    return `<w:sectPr${attrs ?? ''}>${body.slice(0, at)}<w:bidi/>${body.slice(at)}</w:sectPr>`;
  });
}
