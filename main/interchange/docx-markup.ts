/**
 * WordprocessingML that Word shows one way and mammoth reads another, put right in document.xml
 * before conversion (pure: XML text in, XML text out, unchanged when none of it is there):
 * - a simple field (w:fldSimple) shows its result, the runs inside it; mammoth drops the element
 *   with its result, so the field is unwrapped and its runs kept (the field code, an attribute, goes);
 * - a carriage return (w:cr) is a line break; mammoth drops it and glues the words around it;
 * - a content control showing its placeholder (w:showingPlcHdr: "Click or tap here to enter
 *   text.") holds no answer: the placeholder's runs are dropped, its paragraphs and cells kept;
 * - hidden text (a run with w:vanish: guidance a template hides, a passage hidden rather than
 *   deleted) is not shown by Word and mammoth does not know it: it is taken out of the document
 *   and returned (one string per paragraph) for the tray, never put in an answer.
 */

/** A start tag of `name` (attribute values may hold ">"); group 1 is "/" when it is self-closing. */
const startTag = (name: string) => new RegExp(`<${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*(/?)>`, 'g');
const FLD_SIMPLE = startTag('w:fldSimple');
const CR = startTag('w:cr');
const RUN = /<w:r(?=[\s>/])(?:[^>]*\/>|[\s\S]*?<\/w:r>)/g;

export function readableMarkup(xml: string): { xml: string; hidden: string[] } {
  let out = xml;
  if (out.includes('<w:fldSimple')) out = out.replace(FLD_SIMPLE, '').replace(/<\/w:fldSimple>/g, '');
  if (out.includes('<w:cr')) out = out.replace(CR, '<w:br/>');
  if (out.includes('showingPlcHdr')) out = dropPlaceholders(out);
  return out.includes('<w:vanish') ? takeHidden(out) : { xml: out, hidden: [] };
}

/** A run's own properties say it is hidden (w:vanish, not w:val="0"/"false"/"off"). */
const HIDDEN_RUN = /^<w:r(?:\s[^>]*)?>\s*<w:rPr>(?:(?!<\/w:rPr>)[\s\S])*<w:vanish(?!\s+w:val="(?:0|false|off)")(?:\s[^>]*)?\/?>/;
const PARAGRAPH = /<w:p(?=[\s>\/])/g;
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (m, hex: string, dec: string, name: string) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (ENTITY[name] ?? m)));
/** The text a run shows: its w:t, tabs and breaks as spaces. */
const runText = (run: string) => decode([...run.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(?:tab|br|cr)\b[^>]*\/>/g)].map((m) => m[1] ?? ' ').join(''));

/** The document without its hidden runs (a run holding other runs, as a text box does, is left as it is), and their text by paragraph. */
function takeHidden(xml: string): { xml: string; hidden: string[] } {
  const starts = [...xml.matchAll(PARAGRAPH)].map((m) => m.index!);
  const byParagraph = new Map<number, string>();
  let k = 0;
  const out = xml.replace(RUN, (run, at: number) => {
    if (!HIDDEN_RUN.test(run) || /<w:r[\s>]/.test(run.slice(4))) return run;
    while (k + 1 < starts.length && starts[k + 1]! < at) k++;
    const p = starts[k] !== undefined && starts[k]! < at ? starts[k]! : -1;
    byParagraph.set(p, (byParagraph.get(p) ?? '') + runText(run));
    return '';
  });
  const hidden = [...byParagraph.values()].map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return { xml: out, hidden };
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
