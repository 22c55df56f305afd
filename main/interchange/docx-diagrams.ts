/**
 * The text of SmartArt diagrams (an organisation chart, a process): Word keeps it in a data part
 * (word/diagrams/dataN.xml) that the drawing in the body points to (dgm:relIds r:dm), and mammoth
 * reads none of it. Each diagram's items (node and assistant points, not the connectors,
 * presentation and document points Word adds), in the diagram's order: its tree of connections
 * walked depth first from the document point, children by their order; items no connection
 * reaches follow, in the part's order. Pure: parts in, WordprocessingML out.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { relatedParts } from './docx-rels';
import { escapeXml } from './xml-text';

/** One item of a diagram: its paragraphs of text. */
export type DiagramItem = string[];

/**
 * Each SmartArt diagram of document.xml, by the relationship id its drawing names, as
 * WordprocessingML blocks: a paragraph per item, its lines kept apart by line breaks.
 */
export function smartArtBlocks(parts: Map<string, Buffer>, documentRels: string | undefined): Map<string, string> {
  const line = (t: string) => `<w:r><w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r>`;
  return new Map(relatedParts(parts, documentRels, 'diagramData').map(([id, xml]) => [id, diagramItems(xml).map((lines) => `<w:p>${lines.map(line).join('<w:r><w:br/></w:r>')}</w:p>`).join('')]));
}

const ITEM_TYPES = new Set([undefined, 'node', 'asst']);

function diagramItems(xml: string): DiagramItem[] {
  const dom = parseDocument(xml, { xmlMode: true });
  const points = DomUtils.getElementsByTagName('dgm:pt', dom);
  const text = (pt: Element): DiagramItem =>
    DomUtils.getElementsByTagName('a:p', DomUtils.getElementsByTagName('dgm:t', pt, true, 1))
      .map((p) => DomUtils.getElementsByTagName('a:t', p).map((t) => DomUtils.textContent(t)).join('').trim())
      .filter(Boolean);
  const items = new Map(points.filter((p) => ITEM_TYPES.has(p.attribs.type) && p.attribs.modelId).map((p) => [p.attribs.modelId!, text(p)]));
  const children = new Map<string, Array<{ id: string; ord: number }>>();
  for (const c of DomUtils.getElementsByTagName('dgm:cxn', dom)) {
    if ((c.attribs.type ?? 'parOf') !== 'parOf' || !c.attribs.srcId || !c.attribs.destId) continue;
    const list = children.get(c.attribs.srcId) ?? [];
    list.push({ id: c.attribs.destId, ord: Number(c.attribs.srcOrd ?? 0) });
    children.set(c.attribs.srcId, list);
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const walk = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (items.has(id)) ordered.push(id);
    for (const c of (children.get(id) ?? []).sort((a, b) => a.ord - b.ord)) walk(c.id);
  };
  for (const p of points) if (p.attribs.type === 'doc' && p.attribs.modelId) walk(p.attribs.modelId);
  for (const id of items.keys()) if (!seen.has(id)) ordered.push(id);
  return ordered.map((id) => items.get(id)!).filter((t) => t.length);
}
