/**
 * Hand-written WordprocessingML for fixtures no generator of ours makes: small builders for runs,
 * paragraphs and the questionnaire's two-column table, and a packer that zips a document.xml (with
 * optional numbering, styles, comments and footnotes parts) the way other tools do: Word's full
 * package, a Google-Docs-like minimal one (no styles.xml), or Strict OOXML namespaces.
 */
import { pack } from '../bundle-tools';
import { ARAB_REGION_2020, localizeTemplate } from '../../shared/template';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A run of text (rPr: the run's properties, e.g. '<w:b/>'). */
export const run = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
/** A paragraph of raw run-level XML (pPr: the paragraph's properties). */
export const para = (runs: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runs}</w:p>`;
/** A paragraph of plain text. */
export const textPara = (text: string, pPr = '') => para(run(text), pPr);
/** A paragraph numbered by numbering.xml. */
export const numPr = (numId: number, ilvl = 0) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;

/** A table of raw cell XML (each cell's paragraphs), with an optional header row of plain text. */
export function table(rows: string[][], header?: string[]): string {
  const cell = (xml: string) => `<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>${xml || '<w:p/>'}</w:tc>`;
  const cols = Math.max(...rows.map((r) => r.length), header?.length ?? 0);
  const grid = `<w:tblGrid>${'<w:gridCol w:w="4500"/>'.repeat(cols)}</w:tblGrid>`;
  const head = header ? `<w:tr><w:trPr><w:tblHeader/></w:trPr>${header.map((h) => cell(textPara(h))).join('')}</w:tr>` : '';
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${grid}${head}${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;
}

/** A question of the built-in template: its label and its text in a language the template has. */
export function question(id: string, lang: 'en' | 'fr' | 'ar' = 'en'): { label: string; text: string } {
  const q = localizeTemplate(ARAB_REGION_2020, lang).sections.flatMap((s) => s.questions).find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return { label: q.label, text: q.text };
}
/** A section heading of the built-in template ("II. Questions relating to …"). */
export function sectionTitle(id: string, lang: 'en' | 'fr' | 'ar' = 'en'): string {
  const s = localizeTemplate(ARAB_REGION_2020, lang).sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}`);
  return `${id}. ${s.title}`;
}
/** The question cell's text as people type it: "b) If there was …". */
export const questionLine = (id: string, lang: 'en' | 'fr' | 'ar' = 'en') => `${question(id, lang).label} ${question(id, lang).text}`;

export interface Package {
  /** the body's XML (paragraphs, tables), without <w:body> */
  body: string;
  numbering?: string;
  styles?: string;
  comments?: string;
  /** Word's comment threads (commentsExtended.xml) */
  commentsExtended?: string;
  footnotes?: string;
  endnotes?: string;
  /** extra namespace declarations on <w:document> (mc:, w14:, wps: …) */
  namespaces?: string;
  /** no styles.xml, no settings, no docProps (as Google Docs and small converters write) */
  minimal?: boolean;
  /** Strict OOXML (ISO 29500 strict) namespaces instead of the transitional ones */
  strict?: boolean;
  /** external hyperlink targets by relationship id */
  links?: Record<string, string>;
  /** HTML embedded with w:altChunk, by relationship id (as web systems write documents) */
  chunks?: Record<string, string>;
  /** PNG pictures by relationship id (word/media/<id>.png), for a:blip r:embed and v:imagedata r:id */
  media?: Record<string, Buffer>;
  /** SmartArt data parts (word/diagrams/<id>.xml) by relationship id, for dgm:relIds r:dm */
  diagrams?: Record<string, string>;
  /** chart parts (word/charts/<id>.xml) by relationship id, for c:chart r:id */
  charts?: Record<string, string>;
}

const NS = {
  transitional: {
    w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
    r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
    rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  },
  strict: {
    w: 'http://purl.oclc.org/ooxml/wordprocessingml/main',
    r: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
    rel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
  },
};

/** The namespace declarations a part's root needs (w: and r:). */
export const wNamespaces = (strict = false) => `xmlns:w="${NS[strict ? 'strict' : 'transitional'].w}" xmlns:r="${NS[strict ? 'strict' : 'transitional'].r}"`;

/** A numbering.xml part of abstract numbering definitions (their <w:lvl> XML) and nums pointing at them. */
export function numbering(abstracts: Record<number, string>, nums: Record<number, number>, strict = false): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${wNamespaces(strict)}>` +
    Object.entries(abstracts).map(([id, lvls]) => `<w:abstractNum w:abstractNumId="${id}">${lvls}</w:abstractNum>`).join('') +
    Object.entries(nums).map(([id, abs]) => `<w:num w:numId="${id}"><w:abstractNumId w:val="${abs}"/></w:num>`).join('') +
    '</w:numbering>'
  );
}
/** A style of styles.xml: its kind, (built-in, English) name, the style it is based on and its run properties. */
export interface StyleDef {
  type: 'paragraph' | 'character';
  name: string;
  basedOn?: string;
  /** run properties, e.g. '<w:vanish/>' */
  rPr?: string;
}
/** A styles.xml part: style id -> its definition. */
export const stylesPart = (styles: Record<string, StyleDef>, strict = false) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${wNamespaces(strict)}>` +
  Object.entries(styles)
    .map(([id, s]) => `<w:style w:type="${s.type}" w:styleId="${id}"><w:name w:val="${esc(s.name)}"/>${s.basedOn ? `<w:basedOn w:val="${s.basedOn}"/>` : ''}${s.rPr ? `<w:rPr>${s.rPr}</w:rPr>` : ''}</w:style>`)
    .join('') +
  '</w:styles>';
/** A styles.xml part of paragraph styles: style id -> the style's (built-in, English) name. */
export const paragraphStyles = (names: Record<string, string>, strict = false) =>
  stylesPart(Object.fromEntries(Object.entries(names).map(([id, name]) => [id, { type: 'paragraph' as const, name }])), strict);

/** A footnotes.xml or endnotes.xml part (kind: 'footnote' | 'endnote') of notes by id, with Word's separators. */
export function notesPart(kind: 'footnote' | 'endnote', notes: Record<number, string>): string {
  const sep = `<w:${kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:${kind}><w:${kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:${kind}>`;
  const body = Object.entries(notes).map(([id, runs]) => `<w:${kind} w:id="${id}"><w:p><w:r><w:${kind}Ref/></w:r>${runs}</w:p></w:${kind}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind}s ${wNamespaces()}>${sep}${body}</w:${kind}s>`;
}
/** A reference to note `id` in the body. */
export const noteRef = (kind: 'footnote' | 'endnote', id: number) => `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:${kind}Reference w:id="${id}"/></w:r>`;
const W14_15 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"';
/** A comments.xml part: comment id -> [author, ISO date, paragraphs' runs]; each paragraph gets a w14:paraId ("P<id>-<n>"). */
export function commentsPart(comments: Record<number, [string, string, string[]]>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${wNamespaces()} ${W14_15}>` +
    Object.entries(comments).map(([id, [author, date, paras]]) => `<w:comment w:id="${id}" w:author="${esc(author)}" w:date="${date}">${paras.map((r, n) => `<w:p w14:paraId="P${id}-${n}">${r}</w:p>`).join('')}</w:comment>`).join('') +
    '</w:comments>'
  );
}
/** A commentsExtended.xml part: reply comment id -> the id of the comment it answers (by their last paragraphs' ids, as Word links them). */
export function commentThreads(comments: Record<number, [string, string, string[]]>, replies: Record<number, number>): string {
  const lastPara = (id: number) => `P${id}-${comments[id]![2].length - 1}`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx ${W14_15}>` +
    Object.keys(comments).map((id) => `<w15:commentEx w15:paraId="${lastPara(Number(id))}"${replies[Number(id)] !== undefined ? ` w15:paraIdParent="${lastPara(replies[Number(id)]!)}"` : ''} w15:done="0"/>`).join('') +
    '</w15:commentsEx>'
  );
}
/** Text commented on: the range and the reference. */
export const commented = (id: number, runs: string) => `<w:commentRangeStart w:id="${id}"/>${runs}<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`;

/** One level of a numbering definition. */
export const level = (ilvl: number, fmt: string, text: string, start = 1) =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${esc(text)}"/><w:pPr><w:ind w:left="${360 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>`;

/** The .docx: document.xml and the parts given, with their content types and relationships. */
export function ooxmlDocx(p: Package): Promise<Buffer> {
  const ns = NS[p.strict ? 'strict' : 'transitional'];
  const docRel = p.strict ? 'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument' : 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
  const relBase = p.strict ? 'http://purl.oclc.org/ooxml/officeDocument/relationships/' : 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
  const ctBase = 'application/vnd.openxmlformats-officedocument.wordprocessingml.';
  const parts: Array<{ name: string; type: string; rel: string; xml: string }> = [];
  if (p.numbering) parts.push({ name: 'numbering.xml', type: 'numbering+xml', rel: 'numbering', xml: p.numbering });
  if (p.styles && !p.minimal) parts.push({ name: 'styles.xml', type: 'styles+xml', rel: 'styles', xml: p.styles });
  if (p.comments) parts.push({ name: 'comments.xml', type: 'comments+xml', rel: 'comments', xml: p.comments });
  if (p.commentsExtended) parts.push({ name: 'commentsExtended.xml', type: 'commentsExtended+xml', rel: 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended', xml: p.commentsExtended });
  if (p.footnotes) parts.push({ name: 'footnotes.xml', type: 'footnotes+xml', rel: 'footnotes', xml: p.footnotes });
  if (p.endnotes) parts.push({ name: 'endnotes.xml', type: 'endnotes+xml', rel: 'endnotes', xml: p.endnotes });
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${ns.w}" xmlns:r="${ns.r}"${p.namespaces ? ` ${p.namespaces}` : ''}><w:body>${p.body}<w:sectPr/></w:body></w:document>`;
  const types =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="html" ContentType="text/html"/><Default Extension="png" ContentType="image/png"/>' +
    `<Override PartName="/word/document.xml" ContentType="${ctBase}document.main+xml"/>` +
    parts.map((x) => `<Override PartName="/word/${x.name}" ContentType="${ctBase}${x.type}"/>`).join('') +
    Object.keys(p.diagrams ?? {}).map((id) => `<Override PartName="/word/diagrams/${id}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"/>`).join('') +
    Object.keys(p.charts ?? {}).map((id) => `<Override PartName="/word/charts/${id}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`).join('') +
    '</Types>';
  const rels = (items: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
  const files: Array<[string, string]> = [
    ['[Content_Types].xml', types],
    ['_rels/.rels', rels(`<Relationship Id="rId1" Type="${docRel}" Target="word/document.xml"/>`)],
    ['word/document.xml', document],
    [
      'word/_rels/document.xml.rels',
      rels(
        parts.map((x, i) => `<Relationship Id="rId${i + 1}" Type="${x.rel.includes('/') ? x.rel : relBase + x.rel}" Target="${x.name}"/>`).join('') +
          Object.entries(p.links ?? {}).map(([id, url]) => `<Relationship Id="${id}" Type="${relBase}hyperlink" Target="${esc(url)}" TargetMode="External"/>`).join('') +
          Object.keys(p.chunks ?? {}).map((id) => `<Relationship Id="${id}" Type="${relBase}aFChunk" Target="${id}.html"/>`).join('') +
          Object.keys(p.media ?? {}).map((id) => `<Relationship Id="${id}" Type="${relBase}image" Target="media/${id}.png"/>`).join('') +
          Object.keys(p.diagrams ?? {}).map((id) => `<Relationship Id="${id}" Type="${relBase}diagramData" Target="diagrams/${id}.xml"/>`).join('') +
          Object.keys(p.charts ?? {}).map((id) => `<Relationship Id="${id}" Type="${relBase}chart" Target="charts/${id}.xml"/>`).join(''),
      ),
    ],
    ...parts.map((x): [string, string] => [`word/${x.name}`, x.xml]),
    ...Object.entries(p.chunks ?? {}).map(([id, html]): [string, string] => [`word/${id}.html`, html]),
    ...Object.entries(p.diagrams ?? {}).map(([id, xml]): [string, string] => [`word/diagrams/${id}.xml`, xml]),
    ...Object.entries(p.charts ?? {}).map(([id, xml]): [string, string] => [`word/charts/${id}.xml`, xml]),
  ];
  const media = Object.entries(p.media ?? {}).map(([id, data]) => ({ name: `word/media/${id}.png`, data, compress: false }));
  return pack([...files.map(([name, data]) => ({ name, data: Buffer.from(data, 'utf8'), compress: true })), ...media]);
}

const DGM = 'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
/**
 * A SmartArt data part (word/diagrams/dataN.xml) as Word writes it: the document point, a node
 * point per item (its paragraphs of text), with the connector, sibling and presentation points
 * Word adds between them (no text).
 */
export function smartArtData(items: string[][]): string {
  const text = (paras: string[]) => `<dgm:t><a:bodyPr/><a:lstStyle/>${paras.map((t) => `<a:p><a:r><a:rPr lang="en-US"/><a:t>${esc(t)}</a:t></a:r></a:p>`).join('')}</dgm:t>`;
  const points = items
    .map((paras, i) => `<dgm:pt modelId="{N${i}}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/>${text(paras)}</dgm:pt><dgm:pt modelId="{P${i}}" type="parTrans" cxnId="{C${i}}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt><dgm:pt modelId="{S${i}}" type="sibTrans" cxnId="{C${i}}"/><dgm:pt modelId="{R${i}}" type="pres"><dgm:prSet presName="node"/><dgm:spPr/></dgm:pt>`)
    .join('');
  const cxns = items.map((_, i) => `<dgm:cxn modelId="{C${i}}" srcId="${i ? '{N0}' : '{D}'}" destId="{N${i}}" srcOrd="${i}" destOrd="0" parTransId="{P${i}}" sibTransId="{S${i}}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><dgm:dataModel ${DGM}><dgm:ptLst><dgm:pt modelId="{D}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt>${points}</dgm:ptLst><dgm:cxnLst>${cxns}</dgm:cxnLst><dgm:bg/><dgm:whole/></dgm:dataModel>`;
}
/** The run that shows a SmartArt whose data part is relationship `rId` (layout, style and colours left out). */
export const smartArt = (rId: string) =>
  `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="5486400" cy="3200400"/><wp:docPr id="3" name="Diagram 3"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="${rId}" r:lo="${rId}lo" r:qs="${rId}qs" r:cs="${rId}cs"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;

/**
 * A chart part (word/charts/chartN.xml) as Word writes it: a bar chart with its title, and per
 * series its name, categories and values as cached from the embedded workbook.
 */
export function chartPart(title: string, categories: string[], series: Array<[string, number[]]>): string {
  const cache = (tag: 'strCache' | 'numCache', values: Array<string | number>) =>
    `<c:${tag}>${tag === 'numCache' ? '<c:formatCode>General</c:formatCode>' : ''}<c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`).join('')}</c:${tag}>`;
  const ser = series
    .map(([name, values], i) => `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:strRef><c:f>Sheet1!$${'BCDE'[i]}$1</c:f>${cache('strCache', [name])}</c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$${categories.length + 1}</c:f>${cache('strCache', categories)}</c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$${'BCDE'[i]}$2</c:f>${cache('numCache', values)}</c:numRef></c:val></c:ser>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${esc(title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:barChart><c:barDir val="col"/>${ser}<c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>`
  );
}
/** The run that shows the chart of relationship `rId`. */
export const chartRun = (rId: string) =>
  `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="5486400" cy="3200400"/><wp:docPr id="5" name="Chart 5"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${rId}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;

