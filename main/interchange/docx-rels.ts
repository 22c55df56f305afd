/** Parts document.xml points to, by relationship id: those of one type (its last path segment, "chart", "diagramData"). */
import { parseDocument, DomUtils } from 'htmlparser2';

export function relatedParts(parts: Map<string, Buffer>, documentRels: string | undefined, type: string): Array<[id: string, xml: string]> {
  if (!documentRels) return [];
  const out: Array<[string, string]> = [];
  for (const rel of DomUtils.getElementsByTagName('Relationship', parseDocument(documentRels, { xmlMode: true }))) {
    const { Id: id, Target: target, Type: relType } = rel.attribs;
    if (!id || !target || relType?.split('/').pop() !== type) continue;
    const name = (target.startsWith('/') ? target.slice(1) : `word/${target}`).replace(/\/\.\//g, '/');
    const xml = parts.get(name)?.toString('utf8');
    if (xml) out.push([id, xml]);
  }
  return out;
}
