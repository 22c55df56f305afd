/**
 * Fixture model -> hand-written OOXML, zipped with stored (uncompressed) entries: question labels
 * from numbering through a paragraph style (section I) and through paragraphs' own numbering
 * restarted per section (startOverride), tracked changes in answers (an insertion kept, a deletion
 * that must never show), bullets and numbered lists, tables with a repeated header row.
 */
import yazl from 'yazl';
import type { Block, FixtureModel } from './model';

export interface OoxmlOptions {
  /** replace these questions' texts by short paraphrases no matcher can recognise (placed by position) */
  paraphrase?: Record<string, string>;
  /** the header row's cells */
  header?: [string, string];
}

export const DELETED_TEXT = 'SUPPRIMÉ-NE-PAS-AFFICHER 1999';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function p(text: string, o: { rtl?: boolean; numId?: number; ilvl?: number; style?: string; tracked?: boolean } = {}): string {
  const ppr = [o.style ? `<w:pStyle w:val="${o.style}"/>` : '', o.numId !== undefined ? `<w:numPr><w:ilvl w:val="${o.ilvl ?? 0}"/><w:numId w:val="${o.numId}"/></w:numPr>` : '', o.rtl ? '<w:bidi/>' : ''].join('');
  const rpr = o.rtl ? '<w:rPr><w:rtl/></w:rPr>' : '';
  let runs: string;
  if (o.tracked) {
    const cut = text.lastIndexOf(' ');
    runs =
      `<w:r>${rpr}<w:t xml:space="preserve">${esc(text.slice(0, cut + 1))}</w:t></w:r>` +
      `<w:del w:id="1" w:author="Reviewer" w:date="2020-05-02T10:00:00Z"><w:r>${rpr}<w:delText xml:space="preserve">${esc(DELETED_TEXT)} </w:delText></w:r></w:del>` +
      `<w:ins w:id="2" w:author="Reviewer" w:date="2020-05-02T10:00:00Z"><w:r>${rpr}<w:t>${esc(text.slice(cut + 1))}</w:t></w:r></w:ins>`;
  } else runs = `<w:r>${rpr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
  return `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}${runs}</w:p>`;
}

function blocks(bs: Block[], rtl: boolean, i: number): string {
  return bs
    .map((b, k) => {
      if ('p' in b) return p(b.p, { rtl, tracked: k === 0 && i % 4 === 0 });
      if ('list' in b) return b.items.map((it) => p(it.text, { rtl, numId: b.list === 'ul' ? 90 : 91, ilvl: it.depth - 1 })).join('');
      if ('table' in b)
        return (
          `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2500"/><w:gridCol w:w="2500"/></w:tblGrid>` +
          b.table.map((r, ri) => `<w:tr>${b.header && ri === 0 ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${r.map((c) => `<w:tc>${p(c, { rtl })}</w:tc>`).join('')}</w:tr>`).join('') +
          `</w:tbl>${p('')}`
        );
      return '';
    })
    .join('');
}

export function renderOoxml(m: FixtureModel, o: OoxmlOptions = {}): Promise<Buffer> {
  const rtl = m.lang === 'ar';
  const body: string[] = [p(m.title, { style: 'Title' })];
  if (m.preamble) body.push(p(m.preamble, { rtl }));
  let i = 0;
  m.sections.forEach((s, si) => {
    body.push(p(s.heading, { style: 'Heading1', rtl }));
    const rows: string[] = [];
    if (o.header) rows.push(`<w:tr><w:trPr><w:tblHeader/></w:trPr>${o.header.map((h) => `<w:tc>${p(h, { rtl })}</w:tc>`).join('')}</w:tr>`);
    for (const q of s.questions) {
      const text = o.paraphrase?.[q.id] ?? q.text;
      // section I: labels from the paragraph style's numbering; the others: the paragraph's own, restarted
      const qp = si === 0 ? p(text, { rtl, style: 'QuestionLabel' }) : p(text, { rtl, numId: 10 + si });
      rows.push(`<w:tr><w:tc><w:tcPr><w:tcW w:w="3400" w:type="dxa"/></w:tcPr>${qp}</w:tc><w:tc><w:tcPr><w:tcW w:w="6000" w:type="dxa"/></w:tcPr>${blocks(q.answer, rtl, i++) || p('')}</w:tc></w:tr>`);
    }
    body.push(`<w:tbl><w:tblPr><w:tblW w:w="9400" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3400"/><w:gridCol w:w="6000"/></w:tblGrid>${rows.join('')}</w:tbl>`);
  });
  if (m.extraSection) body.push(p(m.extraSection.heading, { style: 'Heading1', rtl }), p(m.extraSection.text, { rtl }));
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body.join('')}<w:sectPr/></w:body></w:document>`;
  const lvl = (ilvl: number, fmt: string, text: string, start = 1) => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/><w:pPr><w:ind w:left="${360 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>`;
  const labelFmt = rtl ? 'arabicAlpha' : 'lowerLetter';
  const numbering =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}>` +
    `<w:abstractNum w:abstractNumId="1">${lvl(0, labelFmt, '%1)')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="2">${[0, 1, 2].map((k) => lvl(k, 'bullet', ['•', 'o', '▪'][k]!)).join('')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="3">${[0, 1, 2].map((k) => lvl(k, 'decimal', `%${k + 1}.`)).join('')}</w:abstractNum>` +
    `<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>` +
    m.sections.map((_, si) => `<w:num w:numId="${10 + si}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`).join('') +
    `<w:num w:numId="90"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="91"><w:abstractNumId w:val="3"/></w:num></w:numbering>`;
  const styles =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="QuestionBase"><w:name w:val="Question Base"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="QuestionLabel"><w:name w:val="Question Label"/><w:basedOn w:val="QuestionBase"/></w:style>` +
    `</w:styles>`;
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'word/document.xml': document,
    'word/numbering.xml': numbering,
    'word/styles.xml': styles,
  };
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) z.addBuffer(Buffer.from(data, 'utf8'), name, { compress: false });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}
