/**
 * The figures of charts: Word keeps a chart in its own part (word/charts/chartN.xml) with the
 * values of its embedded workbook cached beside each series, and mammoth reads none of it. A
 * chart becomes its title and a table: a header row of the series' names, a row per category
 * (its name, each series' value). Pure: parts in, WordprocessingML out.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { relatedParts } from './docx-rels';
import { escapeXml } from './xml-text';

interface Chart {
  title: string;
  series: string[];
  /** rows: the category, then each series' value ('' where it has none) */
  rows: string[][];
}

const kids = (el: Element, name: string) => DomUtils.getElementsByTagName(name, el, true);
const first = (el: Element | undefined, name: string) => (el ? kids(el, name)[0] : undefined);
const textOf = (el: Element | undefined) => (el ? DomUtils.textContent(el).trim() : '');
/** The cached points under an element (c:strCache, c:numCache, c:strLit, c:numLit, a level of several), by index. */
function points(el: Element | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!el) return out;
  for (const pt of kids(el, 'c:pt')) {
    const idx = Number(pt.attribs.idx);
    if (Number.isInteger(idx) && !out.has(idx)) out.set(idx, textOf(first(pt, 'c:v')));
  }
  return out;
}

function readChart(xml: string): Chart | null {
  const dom = parseDocument(xml, { xmlMode: true });
  const chart = DomUtils.getElementsByTagName('c:chart', dom, true)[0];
  if (!chart) return null;
  const titleEl = chart.children.find((c): c is Element => c.type === 'tag' && c.name === 'c:title');
  const title = titleEl ? kids(titleEl, 'a:p').map((p) => kids(p, 'a:t').map((t) => DomUtils.textContent(t)).join('')).join(' ').trim() : '';
  const series = kids(chart, 'c:ser').map((ser) => ({
    name: textOf(first(first(ser, 'c:tx'), 'c:v')),
    cats: points(first(ser, 'c:cat') ?? first(ser, 'c:xVal')),
    vals: points(first(ser, 'c:val') ?? first(ser, 'c:yVal')),
  }));
  if (!series.length) return null;
  const indices = [...new Set(series.flatMap((s) => [...s.cats.keys(), ...s.vals.keys()]))].sort((a, b) => a - b);
  const category = (i: number) => series.map((s) => s.cats.get(i)).find((c) => c !== undefined) ?? String(i + 1);
  return { title, series: series.map((s, i) => s.name || `Series ${i + 1}`), rows: indices.map((i) => [category(i), ...series.map((s) => s.vals.get(i) ?? '')]) };
}

const paragraph = (t: string) => `<w:p>${t ? `<w:r><w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r>` : ''}</w:p>`;
const row = (cells: string[], header = false) => `<w:tr>${header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.map((c) => `<w:tc>${paragraph(c)}</w:tc>`).join('')}</w:tr>`;

/** Each chart of document.xml, by the relationship id its drawing names, as its title (a paragraph) and its table of figures. */
export function chartBlocks(parts: Map<string, Buffer>, documentRels: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, xml] of relatedParts(parts, documentRels, 'chart')) {
    const c = readChart(xml);
    if (!c) continue;
    const grid = `<w:tblGrid>${'<w:gridCol/>'.repeat(c.series.length + 1)}</w:tblGrid>`;
    out.set(id, (c.title ? paragraph(c.title) : '') + `<w:tbl><w:tblPr/>${grid}${row(['', ...c.series], true)}${c.rows.map((r) => row(r)).join('')}</w:tbl>` + paragraph(''));
  }
  return out;
}
