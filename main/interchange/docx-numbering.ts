/**
 * Word's automatic numbering made visible. Word draws list labels ("a)", "1.", "IV.1") from
 * numbering.xml at display time; the text of the paragraph does not contain them, and mammoth
 * turns such paragraphs into list items without their labels. A questionnaire whose "a)", "b)"
 * labels are automatic then has no labels at all. This pass computes each numbered paragraph's
 * label as Word would (counters per list, levels restarting deeper levels, start values and
 * overrides, numbering through paragraph styles and list styles (w:numStyleLink), lvlText templates, letter, roman, Arabic and
 * decimal formats) and writes it at the start of the paragraph between two private-use marks
 * (LABEL_OPEN, LABEL_CLOSE), so the reader can use it to recognise questions and drop it from
 * answers that stay real lists. Bullets get no label, except check-box bullets (☐ ☑ ☒), whose
 * state is written as plain text. Pure: XML text in, XML text out.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { DocxStyles, attr, child } from './docx-styles';
import { symbolBox } from './docx-symbols';
import { escapeXml } from './xml-text';

export const LABEL_OPEN = '\uE000';
export const LABEL_CLOSE = '\uE001';
/** A label written by this pass, as found in the converted text. */
export const LABEL_RE = /\uE000([^\uE000\uE001]*)\uE001/gu;

interface Level {
  start: number;
  fmt: string;
  text: string;
  /** the label's font (w:rFonts w:ascii), for symbol fonts */
  font?: string;
}
interface Num {
  key: string;
  levels: Map<number, Level>;
  /** levels whose start the num overrides */
  overrides: Map<number, number>;
}


/**
 * The nums of numbering.xml with their levels. `styleNum`: the num a numbering style (a list
 * style, w:type="numbering") points to, for abstract definitions that only link to one
 * (w:numStyleLink): their levels are those of the definition behind the style's num.
 */
function parseNumbering(xml: string, styleNum: (styleId: string) => string | undefined): Map<string, Num> {
  const dom = parseDocument(xml, { xmlMode: true });
  const abstract = new Map<string, Map<number, Level>>();
  const links = new Map<string, string>();
  for (const a of DomUtils.getElementsByTagName('w:abstractNum', dom)) {
    const link = attr(child(a, 'w:numStyleLink'), 'w:val');
    if (link) links.set(attr(a, 'w:abstractNumId') ?? '', link);
    const levels = new Map<number, Level>();
    for (const l of a.children) {
      if (l.type !== 'tag' || l.name !== 'w:lvl') continue;
      const ilvl = Number(attr(l, 'w:ilvl') ?? 0);
      levels.set(ilvl, {
        start: Number(attr(child(l, 'w:start'), 'w:val') ?? 1),
        fmt: attr(child(l, 'w:numFmt'), 'w:val') ?? 'decimal',
        text: attr(child(l, 'w:lvlText'), 'w:val') ?? `%${ilvl + 1}.`,
        font: attr(child(child(l, 'w:rPr') ?? l, 'w:rFonts'), 'w:ascii'),
      });
    }
    abstract.set(attr(a, 'w:abstractNumId') ?? '', levels);
  }
  const numAbstract = new Map(DomUtils.getElementsByTagName('w:num', dom).map((n) => [attr(n, 'w:numId') ?? '', attr(child(n, 'w:abstractNumId'), 'w:val') ?? '']));
  // an abstract definition linked to a list style: the one behind that style's num (one step, no loops)
  const resolve = (absId: string) => {
    const link = links.get(absId);
    const via = link ? numAbstract.get(styleNum(link) ?? '') : undefined;
    return via !== undefined && !links.has(via) ? via : absId;
  };
  const nums = new Map<string, Num>();
  for (const n of DomUtils.getElementsByTagName('w:num', dom)) {
    const numId = attr(n, 'w:numId') ?? '';
    const absId = resolve(attr(child(n, 'w:abstractNumId'), 'w:val') ?? '');
    const overrides = new Map<number, number>();
    for (const o of n.children) {
      if (o.type !== 'tag' || o.name !== 'w:lvlOverride') continue;
      const so = child(o, 'w:startOverride');
      if (so) overrides.set(Number(attr(o, 'w:ilvl') ?? 0), Number(attr(so, 'w:val') ?? 1));
    }
    // Lists sharing an abstract definition count together, unless one restarts with an override.
    nums.set(numId, { key: overrides.size ? `num:${numId}` : `abs:${absId}`, levels: abstract.get(absId) ?? new Map(), overrides });
  }
  return nums;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const AR_ALPHA = 'أبتثجحخدذرزسشصضطظعغفقكلمنهوي';
const AR_ABJAD = 'أبجدهوزحطيكلمنسعفصقرشتثخذضظغ';

function roman(n: number): string {
  const table: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

/** A counter in a numbering format, as Word shows it. */
export function formatNumber(n: number, fmt: string): string {
  if (n < 1) return String(n);
  switch (fmt) {
    case 'lowerLetter':
      return LETTERS[(n - 1) % 26]!.repeat(Math.floor((n - 1) / 26) + 1);
    case 'upperLetter':
      return LETTERS[(n - 1) % 26]!.repeat(Math.floor((n - 1) / 26) + 1).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'arabicAlpha':
      return AR_ALPHA[(n - 1) % AR_ALPHA.length]!;
    case 'arabicAbjad':
      return AR_ABJAD[(n - 1) % AR_ABJAD.length]!;
    case 'hindiNumbers': // Word's "١، ٢، ٣": Arabic-Indic digits
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    default:
      return String(n);
  }
}

/** Bullets that are check boxes: ☐ ☑ ☒, or the boxes of Wingdings and Wingdings 2 (Insert › Symbol). */
const CHECK_BOXES = new Set(['☐', '☑', '☒']);

/** A bullet level's check box, or null for an ordinary bullet. */
function checkBox(l: Level): string | null {
  const t = l.text.trim();
  return CHECK_BOXES.has(t) ? t : symbolBox(l.font, t);
}

const valOf = (tag: string) => /\bw:val="([^"]*)"/.exec(tag)?.[1];
/** The paragraph mark's properties (w:pPr/w:rPr) saying it was deleted or moved away with tracked changes. */
const DELETED_MARK = /<w:rPr\b[^>]*>(?:(?!<\/w:rPr>)[\s\S])*?<w:(?:del|moveFrom)\b/;
/** Whether the row whose start tag ends at `at` was deleted with tracked changes (its w:trPr, before its first cell, holds w:del). */
function deletedRow(xml: string, at: number): boolean {
  const cell = xml.indexOf('<w:tc', at);
  return /<w:trPr\b[^>]*>(?:(?!<\/w:trPr>)[\s\S])*<w:del\b/.test(xml.slice(at, cell < 0 ? at : cell));
}

/**
 * document.xml with every automatically numbered paragraph's label written at its start
 * (between LABEL_OPEN and LABEL_CLOSE). Bullets get no label (a check box bullet's box is written
 * as plain text). Unchanged when nothing is numbered.
 */
export function labelNumberedParagraphs(documentXml: string, numberingXml: string | undefined, styles: DocxStyles): string {
  if (!numberingXml) return documentXml;
  const nums = parseNumbering(numberingXml, (id) => styles.num(id));
  if (!nums.size) return documentXml;
  const counters = new Map<string, number[]>();
  const out: string[] = [];
  let last = 0;
  // Paragraph starts, the alternate-content blocks mammoth skips (mc:Choice) and table rows, in document order.
  const re = /<w:p(?=[\s>/])[^>]*?(\/?)>|<mc:Choice\b[^>]*>|<\/mc:Choice>|<w:tr(?=[\s>])[^>]*>|<\/w:tr>/g;
  let inChoice = 0;
  /** the open table rows (nested tables), each true when it was deleted with tracked changes */
  const rows: boolean[] = [];
  for (let m = re.exec(documentXml); m; m = re.exec(documentXml)) {
    const tag = m[0];
    if (tag.startsWith('<mc:Choice')) {
      inChoice++;
      continue;
    }
    if (tag === '</mc:Choice>') {
      inChoice = Math.max(0, inChoice - 1);
      continue;
    }
    if (tag.startsWith('<w:tr')) {
      rows.push(deletedRow(documentXml, m.index + tag.length));
      continue;
    }
    if (tag === '</w:tr>') {
      rows.pop();
      continue;
    }
    if (inChoice || m[1] === '/') continue;
    const after = m.index + tag.length;
    let insertAt = after;
    let numId: string | undefined;
    let ilvl: number | undefined;
    let pStyle: string | undefined;
    if (/^<w:pPr[\s>/]/.test(documentXml.slice(after, after + 7))) {
      const end = documentXml.indexOf('</w:pPr>', after);
      const close = documentXml.indexOf('>', after);
      if (documentXml[close - 1] === '/') insertAt = close + 1;
      else if (end >= 0) {
        insertAt = end + '</w:pPr>'.length;
        const ppr = documentXml.slice(after, end);
        const np = /<w:numPr\b[\s\S]*?<\/w:numPr>/.exec(ppr)?.[0];
        if (np) {
          numId = valOf(/<w:numId\b[^>]*>/.exec(np)?.[0] ?? '');
          const l = valOf(/<w:ilvl\b[^>]*>/.exec(np)?.[0] ?? '');
          if (l !== undefined) ilvl = Number(l);
        }
        pStyle = valOf(/<w:pStyle\b[^>]*>/.exec(ppr)?.[0] ?? '');
        // a paragraph deleted (or moved away) with tracked changes: Word shows it no more, nor counts its number
        if (DELETED_MARK.test(ppr)) continue;
      }
    }
    if (rows.includes(true)) continue;
    if (numId === undefined) {
      const s = styles.numbering(pStyle);
      numId = s.numId;
      ilvl ??= s.ilvl;
    }
    if (!numId || numId === '0') continue;
    const num = nums.get(numId);
    const level = ilvl ?? 0;
    const def = num?.levels.get(level);
    if (!num || !def) continue;
    const c = counters.get(num.key) ?? [];
    counters.set(num.key, c);
    const startOf = (k: number) => num.overrides.get(k) ?? num.levels.get(k)?.start ?? 1;
    c[level] = c[level] === undefined ? startOf(level) : c[level]! + 1;
    c.length = level + 1; // deeper levels restart
    if (def.fmt === 'bullet' || def.fmt === 'none') {
      // a check box bullet says ticked or not: that is the answer, so it stays as text ("☒ Ministry of …")
      const box = def.fmt === 'bullet' ? checkBox(def) : null;
      if (box) {
        out.push(documentXml.slice(last, insertAt), `<w:r><w:t xml:space="preserve">${box} </w:t></w:r>`);
        last = insertAt;
      }
      continue;
    }
    const label = def.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1;
      const lv = num.levels.get(k);
      return formatNumber(c[k] ?? startOf(k), lv?.fmt ?? 'decimal');
    });
    if (!label.trim()) continue;
    out.push(documentXml.slice(last, insertAt));
    out.push(`<w:r><w:t xml:space="preserve">${LABEL_OPEN}${escapeXml(label)}${LABEL_CLOSE}</w:t></w:r>`);
    last = insertAt;
  }
  if (!out.length) return documentXml;
  out.push(documentXml.slice(last));
  return out.join('');
}
