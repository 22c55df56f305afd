/**
 * DOCX export (the `docx` library): the review in the Word layout officials pass around — title
 * block, per section a heading and a "Questions" | "Answers" table, answers as real Word
 * paragraphs and numbered/bulleted lists (numbering definitions, nested levels), bold, italic,
 * hyperlinks; Arabic paragraphs right-to-left (paragraph bidi + run rtl, decided per paragraph);
 * III.a's objective statuses and III.b's principles as tables; unanswered questions say so.
 * Each question cell carries a bookmark naming the question ("gcm_II_c") so a re-import maps
 * answers by id. Optional provenance footnotes: `opts.footnotes(questionId)`.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type ParagraphChild,
} from 'docx';
import { inlineText, textDirection, type Doc, type Flow, type Inline, type List, type Paragraph as DocParagraph, type Table as DocTable } from '../../shared/doc';
import { COLUMN_HEADERS, NOT_ANSWERED, OBJECTIVE_HEADERS, PRINCIPLE_HEADERS, questionBookmark, type ReviewDocument } from './review-document';

export interface DocxExportOptions {
  /** Provenance footnotes for a question's answer (contributions); none when absent. */
  footnotes?: (questionId: string) => string[] | undefined;
}

/** Style names the DOCX import recognises as the export's own furniture (not answer text). */
export const STYLE_NAMES = { title: 'GCM Title', meta: 'GCM Title Block', caption: 'GCM Caption', notAnswered: 'GCM Not Answered' } as const;

const PAGE_WIDTH = 9638; // A4 (11906 twips) minus 2 cm margins
const BULLET = 'gcm-bullet';
const ORDERED = 'gcm-ordered';
const BULLET_GLYPHS = ['•', '◦', '▪'];

const levels = (ordered: boolean, start = 1): ILevelsOptions[] =>
  Array.from({ length: 9 }, (_, level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : BULLET_GLYPHS[level % 3]!,
    alignment: AlignmentType.START,
    start: level === 0 ? start : 1,
    style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } },
  }));

class Writer {
  private listInstance = 0;
  footnotes: Record<string, { children: Paragraph[] }> = {};
  private footnoteId = 0;

  runs(content: Inline[] | undefined, rtl: boolean): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of content ?? []) {
      if (n.type === 'hardBreak') {
        out.push(new TextRun({ text: '', break: 1, rightToLeft: rtl }));
        continue;
      }
      const marks = n.marks ?? [];
      const bold = marks.some((m) => m.type === 'bold');
      const italics = marks.some((m) => m.type === 'italic');
      const underline = marks.some((m) => m.type === 'underline');
      const link = marks.find((m) => m.type === 'link');
      const run = new TextRun({ text: n.text, bold, italics, rightToLeft: rtl, ...(underline ? { underline: {} } : {}), ...(link ? { style: 'Hyperlink' } : {}) });
      out.push(link && link.type === 'link' ? new ExternalHyperlink({ link: link.attrs.href, children: [run] }) : run);
    }
    return out;
  }

  paragraph(p: DocParagraph, numbering?: { reference: string | { reference: string; levels: ILevelsOptions[] }; level: number; instance: number }): Paragraph {
    const rtl = textDirection(inlineText(p.content)) === 'rtl';
    return new Paragraph({ children: this.runs(p.content, rtl), bidirectional: rtl, ...(numbering ? { numbering } : {}) });
  }

  list(l: List, level: number, out: Paragraph[]): void {
    const ordered = l.type === 'orderedList';
    const start = l.attrs?.start ?? 1;
    const reference = ordered ? (start === 1 ? ORDERED : { reference: `${ORDERED}-from-${start}`, levels: levels(true, start) }) : BULLET;
    const instance = ++this.listInstance;
    for (const item of l.content) {
      let first = true;
      for (const child of item.content) {
        if (child.type === 'paragraph') {
          if (first) out.push(this.paragraph(child, { reference, level: Math.min(level, 8), instance }));
          else {
            // a further paragraph of the item: indented like the item's text, no number
            const rtl = textDirection(inlineText(child.content)) === 'rtl';
            out.push(new Paragraph({ children: this.runs(child.content, rtl), bidirectional: rtl, indent: { left: 360 * (level + 1) } }));
          }
        } else this.list(child, level + 1, out);
        first = false;
      }
    }
  }

  flow(blocks: Flow[]): Paragraph[] {
    const out: Paragraph[] = [];
    for (const b of blocks) {
      if (b.type === 'paragraph') out.push(this.paragraph(b));
      else this.list(b, 0, out);
    }
    return out;
  }

  /**
   * An answer's blocks; a table becomes a real Word table (header row repeated across pages,
   * spans kept) inside the answer cell. `width`: the twips the table may use.
   */
  blocks(doc: Doc, width: number): Array<Paragraph | Table> {
    const out: Array<Paragraph | Table> = [];
    for (const b of doc.content) {
      if (b.type === 'table') out.push(this.table(b, width));
      else out.push(...this.flow([b]));
    }
    // Word wants every table cell to end with a paragraph.
    if (out[out.length - 1] instanceof Table) out.push(new Paragraph(''));
    return out;
  }

  table(t: DocTable, width: number): Table {
    const cols = Math.max(...t.content.map((r) => r.content.reduce((n, c) => n + (c.attrs?.colspan ?? 1), 0)));
    const colWidth = Math.floor(width / cols);
    const header = t.content[0]!.content.every((c) => c.type === 'tableHeader');
    return new Table({
      width: { size: colWidth * cols, type: WidthType.DXA },
      columnWidths: Array.from({ length: cols }, () => colWidth),
      rows: t.content.map(
        (r, i) =>
          new TableRow({
            ...(i === 0 && header ? { tableHeader: true } : {}),
            children: r.content.map(
              (c) =>
                new TableCell({
                  width: { size: colWidth * (c.attrs?.colspan ?? 1), type: WidthType.DXA },
                  borders: cellBorders,
                  ...(c.attrs?.colspan ? { columnSpan: c.attrs.colspan } : {}),
                  ...(c.attrs?.rowspan ? { rowSpan: c.attrs.rowspan } : {}),
                  ...(c.type === 'tableHeader' ? { shading: { type: ShadingType.CLEAR, fill: 'EEF2F9', color: 'auto' } } : {}),
                  children: this.flow(c.content).length ? this.flow(c.content) : [new Paragraph('')],
                }),
            ),
          }),
      ),
    });
  }

  footnote(texts: string[]): FootnoteReferenceRun {
    const id = ++this.footnoteId;
    this.footnotes[String(id)] = { children: texts.map((t) => new Paragraph({ children: [new TextRun(t)], bidirectional: textDirection(t) === 'rtl' })) };
    return new FootnoteReferenceRun(id);
  }
}

const cellBorders = { top: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, left: { style: BorderStyle.SINGLE, size: 4, color: '808080' }, right: { style: BorderStyle.SINGLE, size: 4, color: '808080' } };

function headerRow(labels: readonly string[], widths: number[]): TableRow {
  return new TableRow({
    tableHeader: true,
    children: labels.map(
      (l, i) =>
        new TableCell({
          width: { size: widths[i]!, type: WidthType.DXA },
          borders: cellBorders,
          shading: { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' },
          children: [new Paragraph({ children: [new TextRun({ text: l, bold: true })] })],
        }),
    ),
  });
}

function table(widths: number[], rows: TableRow[]): Table {
  return new Table({ width: { size: PAGE_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows });
}

const cell = (width: number, children: Array<Paragraph | Table>) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: cellBorders, children: children.length ? children : [new Paragraph('')] });
const plainPara = (text: string, style?: string) => {
  const rtl = textDirection(text) === 'rtl';
  return new Paragraph({ children: [new TextRun({ text, rightToLeft: rtl })], bidirectional: rtl, ...(style ? { style } : {}) });
};
const notAnswered = () => new Paragraph({ style: 'GcmNotAnswered', children: [new TextRun({ text: NOT_ANSWERED, italics: true, color: '767676' })] });

export async function exportDocx(review: ReviewDocument, opts: DocxExportOptions = {}): Promise<Buffer> {
  const w = new Writer();
  const body: Array<Paragraph | Table> = [];
  body.push(new Paragraph({ style: 'GcmTitle', children: [new TextRun(review.title)], bidirectional: textDirection(review.title) === 'rtl' }));
  for (const [k, v] of review.meta) body.push(new Paragraph({ style: 'GcmMeta', children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun({ text: v, rightToLeft: textDirection(v) === 'rtl' })] }));

  const qw = [3400, PAGE_WIDTH - 3400];
  for (const s of review.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.heading)] }));
    const rows = [headerRow(COLUMN_HEADERS, qw)];
    for (const r of s.rows) {
      const notes = opts.footnotes?.(r.id);
      const qChildren: ParagraphChild[] = [new Bookmark({ id: questionBookmark(r.id), children: [new TextRun(`${r.label} ${r.text}`)] })];
      if (notes?.length) qChildren.push(w.footnote(notes));
      rows.push(new TableRow({ children: [cell(qw[0]!, [new Paragraph({ children: qChildren })]), cell(qw[1]!, r.answer ? w.blocks(r.answer, qw[1]! - 240) : [notAnswered()])] }));
    }
    body.push(table(qw, rows));
    if (s.objectives) {
      const ow = [700, 4300, 1400, PAGE_WIDTH - 6400];
      body.push(new Paragraph({ style: 'GcmCaption', children: [new TextRun(s.objectives.caption)] }));
      body.push(
        table(ow, [
          headerRow(OBJECTIVE_HEADERS, ow),
          ...s.objectives.rows.map(
            (o) => new TableRow({ cantSplit: true, children: [cell(ow[0]!, [plainPara(String(o.number))]), cell(ow[1]!, [plainPara(o.title)]), cell(ow[2]!, [plainPara(o.statusLabel)]), cell(ow[3]!, o.note ? w.blocks(o.note, ow[3]! - 240) : [])] }),
          ),
        ]),
      );
    }
    if (s.principles) {
      const pw = [3400, PAGE_WIDTH - 3400];
      body.push(new Paragraph({ style: 'GcmCaption', children: [new TextRun(s.principles.caption)] }));
      body.push(
        table(pw, [
          headerRow(PRINCIPLE_HEADERS, pw),
          ...s.principles.rows.map((p) => new TableRow({ children: [cell(pw[0]!, [plainPara(`${p.id}) ${p.title}`)]), cell(pw[1]!, p.note ? w.blocks(p.note, pw[1]! - 240) : [notAnswered()])] })),
        ]),
      );
    }
  }

  const doc = new Document({
    creator: 'GCM Review',
    title: review.title,
    description: 'National review of the Global Compact for Safe, Orderly and Regular Migration',
    styles: {
      default: { document: { run: { font: 'Arial', size: 21 } } },
      paragraphStyles: [
        { id: 'GcmTitle', name: STYLE_NAMES.title, basedOn: 'Normal', next: 'Normal', run: { size: 36, bold: true }, paragraph: { spacing: { after: 240 } } },
        { id: 'GcmMeta', name: STYLE_NAMES.meta, basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { after: 60 } } },
        { id: 'GcmCaption', name: STYLE_NAMES.caption, basedOn: 'Normal', next: 'Normal', run: { bold: true, size: 24 }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        { id: 'GcmNotAnswered', name: STYLE_NAMES.notAnswered, basedOn: 'Normal', next: 'Normal', run: { italics: true, color: '767676' } },
      ],
    },
    numbering: { config: [{ reference: BULLET, levels: levels(false) }, { reference: ORDERED, levels: levels(true) }] },
    footnotes: w.footnotes,
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body }],
  });
  return Packer.toBuffer(doc);
}
