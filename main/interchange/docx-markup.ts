/**
 * WordprocessingML that Word shows one way and mammoth reads another, put right in document.xml
 * before conversion (pure: XML text in, XML text out, unchanged when none of it is there):
 * - a simple field (w:fldSimple) shows its result, the runs inside it; mammoth drops the element
 *   with its result, so the field is unwrapped and its runs kept (the field code, an attribute, goes);
 * - a carriage return (w:cr) is a line break; mammoth drops it and glues the words around it;
 * - a content control showing its placeholder (w:showingPlcHdr: "Click or tap here to enter
 *   text.") holds no answer: the placeholder's runs are dropped, its paragraphs and cells kept.
 */

/** A start tag of `name` (attribute values may hold ">"); group 1 is "/" when it is self-closing. */
const startTag = (name: string) => new RegExp(`<${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*(/?)>`, 'g');
const FLD_SIMPLE = startTag('w:fldSimple');
const CR = startTag('w:cr');
const RUN = /<w:r(?=[\s>/])(?:[^>]*\/>|[\s\S]*?<\/w:r>)/g;

export function readableMarkup(xml: string): string {
  let out = xml;
  if (out.includes('<w:fldSimple')) out = out.replace(FLD_SIMPLE, '').replace(/<\/w:fldSimple>/g, '');
  if (out.includes('<w:cr')) out = out.replace(CR, '<w:br/>');
  if (out.includes('showingPlcHdr')) out = dropPlaceholders(out);
  return out;
}

/** Every content control whose properties say it shows its placeholder, with the runs of its content removed. */
function dropPlaceholders(xml: string): string {
  const tags = /<w:sdt(?=[\s>])[^>]*>|<\/w:sdt>/g;
  const out: string[] = [];
  let last = 0;
  let depth = 0;
  let start = -1;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    if (m[0] !== '</w:sdt>') {
      if (depth++ === 0) start = m.index;
      continue;
    }
    if (depth === 0 || --depth > 0) continue;
    const end = m.index + m[0].length;
    const sdt = xml.slice(start, end);
    const prEnd = sdt.indexOf('</w:sdtPr>');
    if (prEnd >= 0 && /<w:showingPlcHdr(?:\s[^>]*)?\/?>/.test(sdt.slice(0, prEnd)) && !/<w:showingPlcHdr[^>]*w:val="(?:0|false|off)"/.test(sdt.slice(0, prEnd))) {
      out.push(xml.slice(last, start), sdt.slice(0, prEnd), sdt.slice(prEnd).replace(RUN, ''));
      last = end;
    }
  }
  if (!out.length) return xml;
  out.push(xml.slice(last));
  return out.join('');
}
