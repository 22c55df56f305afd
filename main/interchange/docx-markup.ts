/**
 * WordprocessingML that Word shows one way and mammoth reads another, put right in document.xml
 * (and the notes) before conversion (pure: XML text in, XML text out, unchanged when none of it is there):
 * - tracked formatting changes (w:rPrChange, w:pPrChange…) hold the formatting as it was before:
 *   Word shows the formatting now, so they are dropped (a run hidden before, a paragraph numbered
 *   or styled before, is read as it is now);
 * - a simple field (w:fldSimple) shows its result, the runs inside it; mammoth drops the element
 *   with its result, so the field is unwrapped and its runs kept (the field code, an attribute, goes);
 *   so are right-to-left embeddings and overrides (w:dir, w:bdo), whose runs mammoth drops too;
 * - a carriage return (w:cr) is a line break; mammoth drops it and glues the words around it;
 * - a drop-down form field (FORMDROPDOWN, a protected Word form) shows its chosen entry, which is
 *   kept in the field's data, not in its result: it is written after the field;
 * - a content control showing its placeholder (w:showingPlcHdr: "Click or tap here to enter
 *   text.") holds no answer: the placeholder's runs are dropped, its paragraphs and cells kept;
 * - a table of contents in its content control (as Word and LibreOffice write it) is dropped:
 *   the headings again, with page numbers;
 * - alternate content with no fallback (mc:AlternateContent holding only mc:Choice): mammoth
 *   reads only the fallback and would drop it all, text boxes too; its first choice is read instead;
 * - a SmartArt diagram or a chart, which mammoth does not read (its content is in another part),
 *   is written where it is drawn as a text box of its items, or of its title and figures;
 * - a text box drawn with DrawingML (wps:txbx, without the VML fallback Word adds), and pictures
 *   in a group of shapes or a drawing canvas: mammoth reads only a drawing that is one picture,
 *   so each picture becomes a drawing of its own and each text box the VML form mammoth reads;
 * - a picture drawn in VML (w:pict > v:shape > v:imagedata, alone or in a v:group) loses its alt
 *   text in mammoth: it becomes a drawing of its own with the shape's or the group's alt text;
 * - an equation (m:oMath), which mammoth drops, is kept as its text on one line;
 * - a check box drawn with a symbol font (Wingdings "þ", Wingdings 2 "R", w:sym) is written as
 *   the box Word shows (☐ ☑ ☒), not as its letter;
 * - a table row whose w:tblHeader is explicitly off (w:val="0"/"false"/"off") is no header row;
 *   mammoth reads any w:tblHeader as one, so the element is dropped;
 * - bold and italic of a right-to-left or Arabic run set only by the complex-script properties
 *   (w:bCs, w:iCs, as LibreOffice writes them for Arabic text) are written as w:b and w:i too;
 * - hidden text (a run with w:vanish, or whose character or paragraph style has it: guidance a
 *   template hides, a passage hidden rather than deleted) is not shown by Word and mammoth does
 *   not know it: it is taken out of the document and returned (one string per paragraph) for the
 *   tray, never put in an answer.
 */
import { DocxStyles, isOn } from './docx-styles';
import { isSymbolFont, symbolBox } from './docx-symbols';
import { decodeXml, escapeXml } from './xml-text';

/** A start tag of `name` (attribute values may hold ">"); group 1 is "/" when it is self-closing. */
const startTag = (name: string) => new RegExp(`<${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*(/?)>`, 'g');
/** Wrappers mammoth drops with their runs: simple fields (their runs are the result), bidi embeddings and overrides (w:dir, w:bdo). */
const WRAPPERS = ['w:fldSimple', 'w:dir', 'w:bdo'].map((name) => ({ name, start: startTag(name), end: new RegExp(`</${name}>`, 'g') }));
const CR = startTag('w:cr');
/** Tracked changes of formatting: the properties before the change. */
const FORMER_FORMATTING = /<w:(rPrChange|pPrChange|tblPrChange|tblPrExChange|trPrChange|tcPrChange|sectPrChange)\b[^>]*?(?:\/>|>[\s\S]*?<\/w:\1>)/g;
const RUN = /<w:r(?=[\s>/])(?:[^>]*\/>|[\s\S]*?<\/w:r>)/g;

/**
 * `styles`: the package's styles, for text hidden through a style; `embedded`: what the part's
 * SmartArt diagrams and charts hold, as WordprocessingML blocks by the relationship id their
 * drawing names (docx-diagrams, docx-charts), written where each is drawn.
 */
export function readableMarkup(xml: string, o: { styles?: DocxStyles; embedded?: Map<string, string> } = {}): { xml: string; hidden: string[] } {
  const styles = o.styles ?? new DocxStyles(undefined);
  let out = xml.includes('PrChange') ? xml.replace(FORMER_FORMATTING, '') : xml;
  for (const w of WRAPPERS) if (out.includes(`<${w.name}`)) out = out.replace(w.start, '').replace(w.end, '');
  if (out.includes('<w:cr')) out = out.replace(CR, '<w:br/>');
  if (out.includes('<w:ddList')) out = dropDownChoices(out);
  if (out.includes('showingPlcHdr')) out = dropPlaceholders(out);
  if (out.includes('docPartGallery')) out = dropTablesOfContents(out);
  if (o.embedded?.size && /:relIds\b|:chart\b/.test(out)) out = embeddedContent(out, o.embedded);
  if (out.includes('<mc:AlternateContent')) out = choiceAsFallback(out);
  if (/<w:txbxContent|<wpg:wgp|<wpc:wpc/.test(out)) out = drawnShapes(out);
  if (out.includes('<v:imagedata')) out = vmlPictures(out);
  if (out.includes('<m:oMath')) out = linearMath(out);
  if (/wingdings/i.test(out)) out = symbolBoxes(out);
  if (/<w:[bi]Cs\b/.test(out)) out = complexScriptEmphasis(out);
  if (out.includes('<w:tblHeader')) out = out.replace(HEADER_ROW_OFF, '');
  return out.includes('<w:vanish') || styles.hidesAny ? takeHidden(out, styles) : { xml: out, hidden: [] };
}

const VAL = /\bw:val="([^"]*)"/;
/** A w:tblHeader turned off ("repeat as header row" unticked, as some tools write it). */
const HEADER_ROW_OFF = /<w:tblHeader\b[^>]*\bw:val="(?:0|false|off)"[^>]*\/>/g;
/**
 * Whether Word hides a run: its own w:vanish (on, or off: w:val="0"/"false"/"off") decides, else
 * its character style, else the style of its paragraph (`pStyle`).
 */
function hiddenRun(run: string, pStyle: string | undefined, styles: DocxStyles): boolean {
  const rPr = /^<w:r(?:\s[^>]*)?>\s*<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '';
  const vanish = /<w:vanish\b([^>]*)>/.exec(rPr);
  if (vanish) return isOn(VAL.exec(vanish[1]!)?.[1]);
  const rStyle = /<w:rStyle\b([^>]*)>/.exec(rPr)?.[1];
  return styles.hides(rStyle && VAL.exec(rStyle)?.[1]) ?? styles.hides(pStyle) ?? false;
}
/** A paragraph's start tag, and its style when its properties name one. */
const PARAGRAPH = /<w:p(?=[\s>\/])[^>]*>(?:\s*<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*?<w:pStyle\b[^>]*?\bw:val="([^"]*)")?/g;
/** The text a run shows: its w:t, tabs and breaks as spaces. */
const runText = (run: string) => decodeXml([...run.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(?:tab|br|cr)\b[^>]*\/>/g)].map((m) => m[1] ?? ' ').join(''));

/** The document without its hidden runs (a run holding other runs, as a text box does, is left as it is), and their text by paragraph. */
function takeHidden(xml: string, styles: DocxStyles): { xml: string; hidden: string[] } {
  const paragraphs = [...xml.matchAll(PARAGRAPH)].map((m) => ({ at: m.index!, style: m[1] }));
  const byParagraph = new Map<number, string>();
  let k = 0;
  const out = xml.replace(RUN, (run, at: number) => {
    if (/<w:r[\s>]/.test(run.slice(4))) return run;
    while (k + 1 < paragraphs.length && paragraphs[k + 1]!.at < at) k++;
    const inside = paragraphs[k] !== undefined && paragraphs[k]!.at < at;
    if (!hiddenRun(run, inside ? paragraphs[k]!.style : undefined, styles)) return run;
    const p = inside ? paragraphs[k]!.at : -1;
    byParagraph.set(p, (byParagraph.get(p) ?? '') + runText(run));
    return '';
  });
  const hidden = [...byParagraph.values()].map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return { xml: out, hidden };
}

/** Each drop-down form field's chosen entry (w:result, else w:default, else the first) as a run after the field's end. */
function dropDownChoices(xml: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of xml.matchAll(/<w:ddList\b[^>]*>([\s\S]*?)<\/w:ddList>/g)) {
    const entries = [...m[1]!.matchAll(/<w:listEntry\b[^>]*?\bw:val="([^"]*)"/g)].map((e) => e[1]!);
    const chosen = Number(/<w:result\b[^>]*?\bw:val="(\d+)"/.exec(m[1]!)?.[1] ?? /<w:default\b[^>]*?\bw:val="(\d+)"/.exec(m[1]!)?.[1] ?? 0);
    const end = /<w:fldChar\b[^>]*?w:fldCharType="end"[^>]*>[\s\S]*?<\/w:r>/g;
    end.lastIndex = m.index! + m[0].length;
    const e = end.exec(xml);
    if (!e || entries[chosen] === undefined || e.index < last) continue;
    const at = e.index + e[0].length;
    out.push(xml.slice(last, at), `<w:r><w:t xml:space="preserve">${entries[chosen]}</w:t></w:r>`);
    last = at;
  }
  if (!out.length) return xml;
  out.push(xml.slice(last));
  return out.join('');
}

/** Every content control whose properties say it shows its placeholder, with the runs of its content removed. */
function dropPlaceholders(xml: string): string {
  return outermost(xml, 'w:sdt', (sdt) => {
    const prEnd = sdt.indexOf('</w:sdtPr>');
    const pr = prEnd >= 0 ? sdt.slice(0, prEnd) : '';
    if (!/<w:showingPlcHdr(?:\s[^>]*)?\/?>/.test(pr) || /<w:showingPlcHdr[^>]*w:val="(?:0|false|off)"/.test(pr)) return null;
    return pr + sdt.slice(prEnd).replace(RUN, '');
  });
}

/** A table of contents Word or LibreOffice wrapped in its content control (docPartGallery "Table of Contents"): headings again with page numbers, dropped. */
function dropTablesOfContents(xml: string): string {
  return outermost(xml, 'w:sdt', (sdt) => {
    const prEnd = sdt.indexOf('</w:sdtPr>');
    return prEnd >= 0 && /<w:docPartGallery\s+w:val="Table of Contents"\s*\/>/.test(sdt.slice(0, prEnd)) ? '' : null;
  });
}

/** Alternate content without a fallback: its first choice becomes the fallback (mammoth reads only the fallback). */
function choiceAsFallback(xml: string): string {
  return outermost(xml, 'mc:AlternateContent', (ac) => {
    if (ac.includes('<mc:Fallback')) return null;
    const open = /<mc:Choice\b[^>]*>/.exec(ac);
    const close = ac.indexOf('</mc:Choice>');
    if (!open || close < 0) return null;
    return ac.slice(0, open.index) + '<mc:Fallback>' + ac.slice(open.index + open[0].length, close) + '</mc:Fallback>' + ac.slice(close + '</mc:Choice>'.length);
  });
}

/** What a drawing shows that mammoth can read: pictures (pic:pic) and text boxes (w:txbxContent), in the order they are drawn. */
const SHAPE = /<pic:pic\b[\s\S]*?<\/pic:pic>|<w:txbxContent\b[\s\S]*?<\/w:txbxContent>/g;
/** The drawing is one picture, the form mammoth reads. */
const ONE_PICTURE = /^<w:drawing\b[^>]*>\s*<wp:(?:inline|anchor)\b(?:(?!<a:graphicData\b)[\s\S])*<a:graphicData\b[^>]*>\s*<pic:pic\b/;
/** Each drawing of a SmartArt diagram (…:relIds r:dm="rId") or a chart (c:chart r:id="rId") as a text box of the blocks given for it. */
function embeddedContent(xml: string, embedded: Map<string, string>): string {
  return outermost(xml, 'w:drawing', (d) => {
    const id = /:relIds\b[^>]*?\br:dm="([^"]*)"/.exec(d)?.[1] ?? /<\w+:chart\b[^>]*?\br:id="([^"]*)"/.exec(d)?.[1];
    const blocks = id === undefined ? undefined : embedded.get(id);
    return blocks === undefined ? null : `<w:pict><w:txbxContent>${blocks}</w:txbxContent></w:pict>`;
  });
}

/** The namespaces the drawings written here use. */
const DRAWING_NAMESPACES: Record<string, string> = {
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  pic: 'http://schemas.openxmlformats.org/drawingml/2006/picture',
};
/**
 * A drawing that holds text boxes (DrawingML: w:drawing … wps:txbx) or a group or canvas of shapes,
 * as drawings mammoth reads: each picture a drawing of its own (with its own alt text), each text
 * box the VML form (w:pict holding its w:txbxContent), in the order they are drawn; a drawing that
 * is one picture is left as it is. What is taken out keeps the namespaces declared around it in
 * the drawing (LibreOffice declares them on the drawing's own elements).
 */
function drawnShapes(xml: string): string {
  return outermost(xml, 'w:drawing', (d) => {
    if (ONE_PICTURE.test(d)) return null;
    const shapes = d.match(SHAPE);
    if (!shapes) return null;
    const declared = new Map(Object.entries(DRAWING_NAMESPACES));
    for (const m of d.matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)) declared.set(m[1]!, m[2]!);
    const ns = [...declared].map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join('');
    return shapes
      .map((s) => {
        if (s.startsWith('<w:txbxContent')) return `<w:pict${ns}>${s}</w:pict>`;
        const pr = /<pic:cNvPr\b[^>]*>/.exec(s)?.[0] ?? '';
        return pictureDrawing(/\bdescr="([^"]*)"/.exec(pr)?.[1] || /\btitle="([^"]*)"/.exec(pr)?.[1] || '', s, ns);
      })
      .join('');
  });
}

/** A drawing of one picture (`pic`: its pic:pic element) with its alt text (escaped already), the form mammoth reads. */
const pictureDrawing = (alt: string, pic: string, ns: string) =>
  `<w:drawing${ns}><wp:inline><wp:docPr id="0" name="" descr="${alt}"/><a:graphic><a:graphicData uri="${DRAWING_NAMESPACES.pic}">${pic}</a:graphicData></a:graphic></wp:inline></w:drawing>`;
const DRAWING_NS_DECLARATIONS = Object.entries(DRAWING_NAMESPACES)
  .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
  .join('');

/** In a VML drawing: shapes and groups (their start tags, for their alt text), pictures and text boxes, in the order they are drawn. */
const VML_PART = /<v:(?:shape|group|rect|roundrect)\b[^>]*>|<v:imagedata\b[^>]*>|<w:txbxContent\b[\s\S]*?<\/w:txbxContent>/g;
const vmlAttr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
/**
 * Pictures drawn in VML (w:pict > v:shape > v:imagedata, alone or in a v:group: Word 2003-2007,
 * converters, Word's fallback for a group) as drawings mammoth reads with their alt text: the
 * shape's alt, else the picture's title (o:title), else the group's alt or title (mammoth looks
 * for o:title but does not know its namespace, so it never finds it). Text boxes in the same
 * w:pict stay text boxes, in the order they are drawn; a w:pict without a picture is left as it is.
 */
function vmlPictures(xml: string): string {
  return outermost(xml, 'w:pict', (pict) => {
    if (!pict.includes('<v:imagedata')) return null;
    let group = '';
    let shape = '';
    const out: string[] = [];
    for (const [part] of pict.matchAll(VML_PART)) {
      if (part.startsWith('<w:txbxContent')) out.push(`<w:pict>${part}</w:pict>`);
      else if (part.startsWith('<v:group')) group ||= part;
      else if (!part.startsWith('<v:imagedata')) shape = part;
      else {
        const rId = vmlAttr(part, 'r:id');
        if (!rId) continue;
        const alt = vmlAttr(shape, 'alt') || vmlAttr(part, 'o:title') || vmlAttr(shape, 'o:title') || vmlAttr(group, 'alt') || vmlAttr(group, 'o:title');
        const pic = `<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name=""/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${rId}"/></pic:blipFill><pic:spPr/></pic:pic>`;
        out.push(pictureDrawing(alt, pic, DRAWING_NS_DECLARATIONS));
      }
    }
    return out.join('');
  });
}

/** A run property set on: present, and not w:val="0"/"false"/"off". */
const runFlag = (rPr: string, name: string) => {
  const tag = new RegExp(`<w:${name}(?=[\\s/>])([^>]*)>`).exec(rPr);
  return !!tag && isOn(VAL.exec(tag[1]!)?.[1]);
};
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
/**
 * Bold and italic of right-to-left and Arabic runs: Word draws them with the complex-script
 * properties (w:bCs, w:iCs), which mammoth does not read, and LibreOffice writes only those for
 * Arabic text. Such a run with w:bCs or w:iCs on and no w:b or w:i of its own gets them.
 */
function complexScriptEmphasis(xml: string): string {
  return xml.replace(RUN, (run) => {
    const m = /^(<w:r\b[^>]*>\s*<w:rPr>)([\s\S]*?)(<\/w:rPr>)/.exec(run);
    if (!m) return run;
    const rPr = m[2]!;
    if (!runFlag(rPr, 'rtl') && !runFlag(rPr, 'cs') && !ARABIC_SCRIPT.test(runText(run))) return run;
    const add = (runFlag(rPr, 'bCs') && !/<w:b[\s/>]/.test(rPr) ? '<w:b/>' : '') + (runFlag(rPr, 'iCs') && !/<w:i[\s/>]/.test(rPr) ? '<w:i/>' : '');
    return add ? m[1] + add + rPr + m[3] + run.slice(m[0].length) : run;
  });
}

/** An equation (m:oMath) as a run of its text written on one line ("x^2", "(a)/(b)"): mammoth drops equations. */
function linearMath(xml: string): string {
  const run = (math: string) => {
    const text = math
      .replace(/<m:num\b[^>]*>/g, '<m:t>(</m:t>')
      .replace(/<\/m:num>/g, '<m:t>)/(</m:t>')
      .replace(/<\/m:den>/g, '<m:t>)</m:t>')
      .replace(/<m:sup\b[^>]*>/g, '<m:t>^</m:t>')
      .replace(/<m:sub\b[^>]*>/g, '<m:t>_</m:t>')
      .replace(/<m:rad\b[^>]*>/g, '<m:t>√</m:t>');
    return `<w:r><w:t xml:space="preserve">${[...text.matchAll(/<m:t(?:\s[^>]*)?>([^<]*)<\/m:t>/g)].map((m) => m[1]).join('')}</w:t></w:r>`;
  };
  return outermost(outermost(xml, 'm:oMathPara', (p) => outermost(p.replace(/^<m:oMathPara\b[^>]*>|<\/m:oMathPara>$/g, ''), 'm:oMath', run)), 'm:oMath', run);
}

/**
 * Check boxes of a symbol font as the boxes Word shows: a w:sym naming one, and the characters of
 * a run whose font (w:rFonts) is a symbol font; other characters are left as they are.
 */
function symbolBoxes(xml: string): string {
  const withSyms = xml.replace(/<w:sym\b[^>]*\/>/g, (sym) => {
    const box = symbolBox(/\bw:font="([^"]*)"/.exec(sym)?.[1], String.fromCodePoint(parseInt(/\bw:char="([0-9a-f]{1,4})"/i.exec(sym)?.[1] ?? '0', 16)));
    return box ? `<w:t>${box}</w:t>` : sym;
  });
  return withSyms.replace(RUN, (run) => {
    const fonts = /^<w:r\b[^>]*>\s*<w:rPr>(?:(?!<\/w:rPr>)[\s\S])*?(<w:rFonts\b[^>]*>)/.exec(run)?.[1];
    const font = fonts && [/\bw:ascii="([^"]*)"/, /\bw:hAnsi="([^"]*)"/].map((re) => re.exec(fonts)?.[1]).find(isSymbolFont);
    if (!font) return run;
    return run.replace(/(<w:t(?:\s[^>]*)?>)([^<]*)(<\/w:t>)/g, (_, open: string, text: string, close: string) => open + escapeXml([...decodeXml(text)].map((c) => symbolBox(font, c) ?? c).join('')) + close);
  });
}

/** `xml` with each outermost `name` element replaced by what `f` makes of it (null: left as it is). */
function outermost(xml: string, name: string, f: (element: string) => string | null): string {
  const tags = new RegExp(`<${name}(?=[\\s>/])[^>]*?(/?)>|</${name}>`, 'g');
  const out: string[] = [];
  let last = 0;
  let depth = 0;
  let start = -1;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    if (!m[0].startsWith('</')) {
      if (m[1] === '/') continue; // an empty element
      if (depth++ === 0) start = m.index;
      continue;
    }
    if (depth === 0 || --depth > 0) continue;
    const end = m.index + m[0].length;
    const replaced = f(xml.slice(start, end));
    if (replaced !== null) {
      out.push(xml.slice(last, start), replaced);
      last = end;
    }
  }
  if (!out.length) return xml;
  out.push(xml.slice(last));
  return out.join('');
}
