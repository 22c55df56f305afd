/**
 * WordprocessingML as Google Docs exports it ("Download > Microsoft Word"): no list or paragraph
 * styles beyond Normal, Title and Headings; every run and paragraph formatted directly, on/off
 * properties written w:val="1"/"0" (w:rtl w:val="0" on every left-to-right run), right-to-left
 * paragraphs with w:bidi w:val="1" and w:jc right; bookmarks named "_heading=h.…" before headings;
 * one numbering definition per list, bullets drawn "●", "○", "■"; empty paragraphs between blocks.
 */
import { esc, wNamespaces } from './ooxml-parts';

export type Dir = 'ltr' | 'rtl';
let bookmark = 0;

/** A run with Google's direct formatting. */
export const gRun = (text: string, dir: Dir, o: { bold?: boolean; italic?: boolean } = {}) =>
  `<w:r w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000"><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/>` +
  `${o.bold ? '<w:b w:val="1"/>' : ''}${o.italic ? '<w:i w:val="1"/>' : ''}<w:sz w:val="22"/><w:szCs w:val="22"/><w:u w:val="none"/><w:vertAlign w:val="baseline"/><w:rtl w:val="${dir === 'rtl' ? 1 : 0}"/></w:rPr>` +
  `<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;

const pPr = (dir: Dir, extra = '') =>
  `<w:pPr>${extra}<w:bidi w:val="${dir === 'rtl' ? 1 : 0}"/><w:spacing w:after="0" w:before="0" w:line="276" w:lineRule="auto"/>${dir === 'rtl' ? '<w:jc w:val="right"/>' : ''}<w:rPr/></w:pPr>`;

/** A paragraph of runs; `list`: its numId and level; `style`: Title, Heading1…. */
export function gPara(runs: string, dir: Dir, o: { list?: [number, number]; style?: string } = {}): string {
  const num = o.list ? `<w:numPr><w:ilvl w:val="${o.list[1]}"/><w:numId w:val="${o.list[0]}"/></w:numPr>` : '';
  const style = o.style ? `<w:pStyle w:val="${o.style}"/><w:keepNext w:val="0"/><w:keepLines w:val="0"/>` : '';
  const mark = o.style?.startsWith('Heading') ? `<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="_heading=h.${(++bookmark).toString(36)}gjdgxs" w:id="${bookmark}"/><w:bookmarkEnd w:id="${bookmark}"/>` : '';
  return `<w:p w:rsidR="00000000" w:rsidDel="00000000" w:rsidRPr="00000000" w:rsidP="00000000" w:rsidRDefault="00000000">${pPr(dir, style + num)}${mark}${runs}</w:p>`;
}
/** The empty paragraph Google puts between blocks. */
export const gEmpty = (dir: Dir) => gPara('', dir);

/** One list definition, nine levels as Google writes them: numbered ("%1)" in `fmt`) or bullets ●○■. */
function gAbstract(id: number, kind: 'bullet' | 'lowerLetter' | 'decimal', text = '%1)'): string {
  const bullets = ['●', '○', '■'];
  const lvls = Array.from({ length: 9 }, (_, i) => {
    const fmt = kind === 'bullet' ? 'bullet' : i % 3 === 0 ? kind : i % 3 === 1 ? 'lowerLetter' : 'lowerRoman';
    const lvlText = kind === 'bullet' ? bullets[i % 3]! : i === 0 ? text : `%${i + 1}.`;
    return `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${esc(lvlText)}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="${720 * (i + 1)}" w:hanging="360"/></w:pPr><w:rPr><w:u w:val="none"/></w:rPr></w:lvl>`;
  }).join('');
  return `<w:abstractNum w:abstractNumId="${id}"><w:nsid w:val="${(0x1000 + id).toString(16).toUpperCase()}"/><w:multiLevelType w:val="hybridMultilevel"/>${lvls}</w:abstractNum>`;
}
/** numbering.xml: each list (numId = index + 1) its own definition. */
export const gNumbering = (lists: Array<{ kind: 'bullet' | 'lowerLetter' | 'decimal'; text?: string }>) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${wNamespaces()}>` +
  lists.map((l, i) => gAbstract(i, l.kind, l.text)).join('') +
  lists.map((_, i) => `<w:num w:numId="${i + 1}"><w:abstractNumId w:val="${i}"/></w:num>`).join('') +
  '</w:numbering>';

/** styles.xml: Normal, Title and Headings, run defaults in Arial; no list or table styles. */
export const gStyles = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${wNamespaces()}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/><w:qFormat w:val="1"/></w:style>` +
  [1, 2, 3].map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext w:val="1"/><w:keepLines w:val="1"/><w:spacing w:after="120" w:before="400"/></w:pPr><w:rPr><w:sz w:val="${44 - 8 * n}"/></w:rPr></w:style>`).join('') +
  `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:rPr><w:sz w:val="52"/></w:rPr></w:style>` +
  `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style></w:styles>`;

/** A table as Google writes it: every row with w:cantSplit and w:tblHeader off, except the `pinned` first rows (View > Pin header rows). */
export function gTable(rows: string[][], dir: Dir, pinned = 0): string {
  const cell = (text: string) =>
    `<w:tc><w:tcPr><w:shd w:fill="auto" w:val="clear"/><w:tcMar><w:top w:w="100.0" w:type="dxa"/><w:left w:w="100.0" w:type="dxa"/><w:bottom w:w="100.0" w:type="dxa"/><w:right w:w="100.0" w:type="dxa"/></w:tcMar><w:vAlign w:val="top"/></w:tcPr>${gPara(gRun(text, dir), dir)}</w:tc>`;
  const cols = Math.max(...rows.map((r) => r.length));
  return (
    `<w:tbl><w:tblPr><w:tblStyle w:val="Table1"/>${dir === 'rtl' ? '<w:bidiVisual w:val="1"/>' : ''}<w:tblW w:w="9360.0" w:type="dxa"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0600"/></w:tblPr>` +
    `<w:tblGrid>${'<w:gridCol w:w="4680"/>'.repeat(cols)}</w:tblGrid>` +
    rows.map((r, i) => `<w:tr><w:trPr><w:cantSplit w:val="0"/><w:tblHeader w:val="${i < pinned ? 1 : 0}"/></w:trPr>${r.map(cell).join('')}</w:tr>`).join('') +
    '</w:tbl>'
  );
}
