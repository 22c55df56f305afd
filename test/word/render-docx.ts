/** Fixture model -> DOCX with the `docx` library (Word-like output: real numbering, tables, pictures, footnotes). */
import zlib from 'node:zlib';
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
} from 'docx';
import type { Block, FixtureModel } from './model';

export interface DocxLibOptions {
  layout: 'table' | 'headings';
  /** how question labels are written: typed text, Word automatic numbering, none at all, or "II.a" */
  labels: 'typed' | 'auto' | 'none' | 'sectioned';
  /** a header row in each section's table */
  header?: [string, string];
  /** section headings "أولاً:" style instead of roman numerals (Arabic) */
  arabicOrdinals?: boolean;
}

const ORD = ['أولاً', 'ثانياً', 'ثالثاً', 'رابعاً', 'خامساً', 'سادساً'];

/** A tiny valid PNG (1x1), so pictures are real images. */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = zlib.deflateSync(Buffer.from([0, 200, 30, 30]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
function crc32(b: Buffer): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}

const bulletLevels: ILevelsOptions[] = Array.from({ length: 4 }, (_, level) => ({ level, format: LevelFormat.BULLET, text: ['•', '◦', '▪', '•'][level]!, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } } }));
const orderedLevels: ILevelsOptions[] = Array.from({ length: 4 }, (_, level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } } }));
const labelLevels = (lang: string): ILevelsOptions[] => [{ level: 0, format: lang === 'ar' ? LevelFormat.ARABIC_ABJAD : LevelFormat.LOWER_LETTER, text: '%1)', alignment: AlignmentType.START }];

export async function renderDocxLib(m: FixtureModel, o: DocxLibOptions): Promise<Buffer> {
  const rtl = m.lang === 'ar';
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  let nextNote = 1;
  let listInstance = 10;
  const run = (text: string, extra: { bold?: boolean; underline?: boolean } = {}) => new TextRun({ text, rightToLeft: rtl, ...(extra.bold ? { bold: true } : {}), ...(extra.underline ? { underline: {} } : {}) });
  const para = (children: Array<TextRun | FootnoteReferenceRun | ImageRun>, extra: object = {}) => new Paragraph({ children, bidirectional: rtl, ...extra });

  const blocks = (bs: Block[]): Array<Paragraph | Table> => {
    const out: Array<Paragraph | Table> = [];
    for (const b of bs) {
      if ('p' in b) {
        const kids: Array<TextRun | FootnoteReferenceRun> = [run(b.p)];
        if (b.note) {
          const id = nextNote++;
          footnotes[String(id)] = { children: [para([run(b.note)])] };
          kids.push(new FootnoteReferenceRun(id));
        }
        out.push(para(kids));
      } else if ('list' in b) {
        const instance = ++listInstance;
        for (const it of b.items) {
          if (b.typed) out.push(para([run(`${it.depth > 1 ? 'o' : '•'}\t${it.text}`)]));
          else out.push(para([run(it.text)], { numbering: { reference: b.list === 'ul' ? 'bullets' : 'ordered', level: it.depth - 1, instance } }));
        }
      } else if ('table' in b) {
        out.push(
          new Table({
            width: { size: 5000, type: WidthType.DXA },
            columnWidths: [2500, 2500],
            rows: b.table.map((r, i) => new TableRow({ tableHeader: b.header && i === 0, children: r.map((c) => new TableCell({ children: [para([run(c, { bold: b.header && i === 0 })])] })) })),
          }),
        );
        out.push(para([]));
      } else {
        out.push(para([new ImageRun({ type: 'png', data: png(), transformation: { width: 40, height: 40 }, altText: { name: b.image, title: b.image, description: b.image } })]));
      }
    }
    return out;
  };

  const label = (s: { id: string }, q: { id: string; label: string }) => (o.labels === 'typed' ? `${q.label} ` : o.labels === 'sectioned' ? `${s.id}.${q.id.split('.')[1]}) ` : '');
  const sectionHeading = (s: { id: string; heading: string }, i: number) => (o.arabicOrdinals ? `${ORD[i]}: ${s.heading.replace(/^[IVX]+\.\s*/, '')}` : s.heading);
  const body: Array<Paragraph | Table> = [para([run(m.title, { bold: true })], { heading: HeadingLevel.TITLE })];
  if (m.preamble) body.push(para([run(m.preamble)]));
  m.sections.forEach((s, si) => {
    body.push(para([run(sectionHeading(s, si))], { heading: HeadingLevel.HEADING_1 }));
    const qPara = (q: { id: string; label: string; text: string }, extra: object = {}) =>
      para([run(label(s, q) + q.text)], { ...(o.labels === 'auto' ? { numbering: { reference: 'labels', level: 0, instance: si + 1 } } : {}), ...extra });
    if (o.layout === 'table') {
      const rows: TableRow[] = [];
      if (o.header) rows.push(new TableRow({ tableHeader: true, children: o.header.map((h) => new TableCell({ children: [para([run(h, { bold: true })])] })) }));
      for (const q of s.questions) rows.push(new TableRow({ children: [new TableCell({ width: { size: 3400, type: WidthType.DXA }, children: [qPara(q)] }), new TableCell({ width: { size: 6000, type: WidthType.DXA }, children: (() => { const b = blocks(q.answer); return b.length && !(b[b.length - 1] instanceof Table) ? b : [...b, para([])]; })() })] }));
      body.push(new Table({ width: { size: 9400, type: WidthType.DXA }, columnWidths: [3400, 6000], rows }));
    } else {
      for (const q of s.questions) {
        body.push(qPara(q, { heading: HeadingLevel.HEADING_2 }));
        body.push(...blocks(q.answer));
      }
    }
  });
  if (m.extraSection) {
    body.push(para([run(m.extraSection.heading)], { heading: HeadingLevel.HEADING_1 }));
    body.push(para([run(m.extraSection.text)]));
  }
  const doc = new Document({
    numbering: { config: [{ reference: 'bullets', levels: bulletLevels }, { reference: 'ordered', levels: orderedLevels }, { reference: 'labels', levels: labelLevels(m.lang) }] },
    footnotes,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
