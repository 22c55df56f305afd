/**
 * Cleans HTML pasted from Word or a web page down to what an answer can hold: paragraphs,
 * bulleted/numbered lists (Word's fake "mso-list" paragraphs become real nested lists), tables
 * (rows, cells, header cells, spans; a table inside a table or a list is flattened into
 * paragraphs, as answers hold no nested tables), bold, italic, underline, http(s)/mailto links
 * and line breaks. Footnotes (Word's and LibreOffice's) are kept as text: the reference as
 * "[n]", the notes as "[n] text" paragraphs at the end, and counted so the editor can say so.
 * Styles, classes, ids, headings, images and everything else are dropped (their text is kept as
 * paragraphs). Pure string -> string, so it is tested without a browser; the editor's schema is
 * the second line of defence.
 */
import { parseDocument } from 'htmlparser2';
import { MAX_LIST_DEPTH, MAX_SPAN, SAFE_HREF } from '../../../shared/doc-limits';
import { tableParts } from '../../../shared/table-parts';

interface Node {
  type: string;
  data?: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

const DROP = new Set([
  'head', 'style', 'script', 'meta', 'link', 'title', 'xml', 'img', 'svg', 'math', 'iframe', 'object', 'embed', 'input',
  'button', 'select', 'textarea', 'template', 'noscript', 'video', 'audio', 'canvas', 'hr', 'o:p', 'v:shapetype', 'v:shape',
]);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption', 'caption',
  'dl', 'dt', 'dd', 'address', 'body', 'html', 'center', 'form', 'fieldset', 'details', 'summary',
]);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const style = (n: Node) => (n.attribs?.style ?? '').toLowerCase().replace(/\s+/g, '');
const isElement = (n: Node) => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const isBlock = (n: Node) => isElement(n) && BLOCK.has(n.name!);
const hasBlockChild = (n: Node): boolean => (n.children ?? []).some((c) => isBlock(c) || (isElement(c) && !DROP.has(c.name!) && !BLOCK.has(c.name!) && hasBlockChild(c)));

/** Word's list paragraphs carry `mso-list: l0 level2 lfo1`; the bullet itself sits in a `mso-list:Ignore` span. */
function wordListLevel(n: Node): number | null {
  if (!isElement(n) || n.name !== 'p') return null;
  const m = /mso-list:l\d+level(\d+)/.exec(style(n));
  return m ? Number(m[1]) : null;
}
function isWordMarker(n: Node) {
  return isElement(n) && style(n).includes('mso-list:ignore');
}
function textOf(n: Node): string {
  return n.type === 'text' ? (n.data ?? '') : (n.children ?? []).map(textOf).join('');
}
function findMarker(n: Node): string | null {
  for (const c of n.children ?? []) {
    if (isWordMarker(c)) return textOf(c).replace(/&nbsp;|\u00a0/g, ' ').trim();
    if (c.type === 'comment') continue;
    const inner = isElement(c) ? findMarker(c) : null;
    if (inner !== null) return inner;
  }
  return null;
}

/** A footnote reference: Word's (mso-footnote-id, _ftn), LibreOffice's (sdfootnoteanc), or a link to a note. */
function footnoteRef(n: Node): string | null {
  if (!isElement(n) || n.name !== 'a') return null;
  const st = style(n);
  const href = n.attribs?.href ?? '';
  const m = /mso-(?:foot|end)note-id:(?:ftn|edn)(\d+)/.exec(st) ?? /^#_(?:ftn|edn)(\d+)$/.exec(href) ?? (/sdfootnoteanc|sdendnoteanc/.test(n.attribs?.class ?? '') ? /(\d+)/.exec(href) : null);
  return m ? m[1]! : null;
}
/** A footnote's body: Word's <div style="mso-element:footnote" id="ftn1">, LibreOffice's <div id="sdfootnote1">. */
function footnoteBody(n: Node): string | null {
  if (!isElement(n) || n.name !== 'div') return null;
  const id = n.attribs?.id ?? '';
  const m = /^(?:ftn|edn)(\d+)$/.exec(id) ?? /^sd(?:foot|end)note(\d+)$/.exec(id);
  return m && (/mso-element:(?:foot|end)note/.test(style(n)) || id.startsWith('sd')) ? m[1]! : null;
}

/** What one paste collected on the way: footnote texts by number, the numbers referred to. */
interface Ctx {
  notes: Map<string, string>;
  refs: Set<string>;
}
let ctx: Ctx = { notes: new Map(), refs: new Set() };

function inline(n: Node): string {
  if (n.type === 'text') return esc(decodeEntities(n.data ?? ''));
  if (!isElement(n) || DROP.has(n.name!) || isWordMarker(n)) return '';
  const name = n.name!;
  if (name === 'br') return '<br>';
  if (/sd(?:foot|end)notesym/.test(n.attribs?.class ?? '')) return ''; // a LibreOffice note's own number
  const ref = footnoteRef(n);
  if (ref !== null) {
    ctx.refs.add(ref);
    return `[${ref}]`;
  }
  let inner = (n.children ?? []).map(inline).join('');
  const st = style(n);
  if (name === 'a') {
    const href = (n.attribs?.href ?? '').trim();
    return SAFE_HREF.test(href) && inner ? `<a href="${esc(href)}">${inner}</a>` : inner;
  }
  const bold = ((name === 'b' || name === 'strong') && !/font-weight:(normal|[1-4]00)/.test(st)) || /font-weight:(bold|[6-9]00)/.test(st);
  const italic = ((name === 'i' || name === 'em') && !/font-style:normal/.test(st)) || /font-style:italic/.test(st);
  const underline = ((name === 'u' || name === 'ins') && !/text-decoration:none/.test(st)) || /text-decoration(?:-line)?:underline|text-underline:single/.test(st);
  if (!inner.trim()) return inner;
  if (underline) inner = `<u>${inner}</u>`;
  if (italic) inner = `<em>${inner}</em>`;
  if (bold) inner = `<strong>${inner}</strong>`;
  return inner;
}

function para(nodes: Node[]): string {
  const html = nodes.map(inline).join('');
  return html.replace(/<br>/g, '').trim() ? `<p>${html}</p>` : '';
}

/**
 * A sequence of siblings as blocks: runs of inline content become paragraphs. `flat`: inside a
 * table cell or a list item, where a table is flattened into its cells' blocks.
 */
function blocks(children: Node[], flat = false): string {
  let out = '';
  let run: Node[] = [];
  const flush = () => {
    out += para(run);
    run = [];
  };
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (wordListLevel(c) !== null) {
      flush();
      const items: Array<{ level: number; ordered: boolean; html: string }> = [];
      let j = i;
      for (; j < children.length; j++) {
        const d = children[j]!;
        const level = wordListLevel(d);
        if (level === null) {
          if ((d.type === 'text' && !(d.data ?? '').trim()) || d.type === 'comment') continue;
          break;
        }
        const marker = findMarker(d) ?? '';
        items.push({ level, ordered: /^(\d+|[a-z]|[ivxlc]+)[.)]$/i.test(marker), html: (d.children ?? []).map(inline).join('') });
      }
      out += wordList(items);
      i = j - 1;
      continue;
    }
    if (!isElement(c)) {
      if (c.type === 'text') run.push(c);
      continue;
    }
    if (DROP.has(c.name!)) continue;
    const note = footnoteBody(c);
    if (note !== null) {
      flush();
      const body = blocks(c.children ?? [], flat).replace(/<\/?(?:p|ul|ol|li|table|tbody|tr|td|th)[^>]*>/g, ' ');
      ctx.notes.set(note, body.replace(/^\s*\[\d+\]\s*/, '').replace(/\s+/g, ' ').trim());
      continue;
    }
    if (!isBlock(c) && !hasBlockChild(c)) {
      run.push(c);
      continue;
    }
    flush();
    out += block(c, flat);
  }
  flush();
  return out;
}

/** A table's rows (through thead/tbody/tfoot), with whether each is a header row. */
function tableRows(n: Node): Array<{ cells: Node[]; head: boolean }> {
  const out: Array<{ cells: Node[]; head: boolean }> = [];
  const walk = (x: Node, head: boolean) => {
    for (const c of x.children ?? []) {
      if (!isElement(c)) continue;
      if (c.name === 'tr') out.push({ cells: (c.children ?? []).filter((d) => isElement(d) && (d.name === 'td' || d.name === 'th')), head });
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') walk(c, c.name === 'thead');
    }
  };
  walk(n, false);
  return out;
}

function table(n: Node): string {
  const rows = tableRows(n).filter((r) => r.cells.length);
  if (!rows.length) return '';
  // more rows than an answer's table holds: the rest continue in tables of their own
  return tableParts(rows.map((r) => r.cells.map((c) => Number(c.attribs?.rowspan) || 1)))
    .map(([from, to]) => tablePart(rows.slice(from, to)))
    .join('');
}

function tablePart(rows: Array<{ cells: Node[]; head: boolean }>): string {
  // a span is kept when it is one an answer can hold, and cut to `most` (a row span to this part's last row)
  const span = (c: Node, a: 'colspan' | 'rowspan', most: number) => {
    const v = Number(c.attribs?.[a]);
    if (!Number.isInteger(v) || v <= 1 || v > MAX_SPAN) return '';
    const n = Math.min(v, most);
    return n > 1 ? ` ${a}="${n}"` : '';
  };
  const body = rows
    .map((r, i) => {
      const cells = r.cells.map((c) => {
        const tag = r.head || c.name === 'th' ? 'th' : 'td';
        return `<${tag}${span(c, 'colspan', MAX_SPAN)}${span(c, 'rowspan', rows.length - i)}>${blocks(c.children ?? [], true) || '<p></p>'}</${tag}>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table><tbody>${body}</tbody></table>`;
}

/** Lists open around the list being written (a pasted list nests at most MAX_LIST_DEPTH deep). */
let listDepth = 0;

function block(n: Node, flat = false): string {
  const name = n.name!;
  const kids = n.children ?? [];
  if (name === 'table') {
    if (!flat) return table(n);
    return tableRows(n)
      .flatMap((r) => r.cells)
      .map((c) => blocks(c.children ?? [], true))
      .join('');
  }
  if (name === 'ul' || name === 'ol') {
    const entries = kids.filter((c) => isElement(c) && !DROP.has(c.name!));
    // deeper than an answer can hold: the items' text as paragraphs of the item around them
    if (listDepth >= MAX_LIST_DEPTH) return entries.map((c) => blocks(c.name === 'li' ? (c.children ?? []) : [c], true)).join('');
    listDepth++;
    let items: string;
    try {
      items = entries.map((c) => (c.name === 'li' ? li(c) : `<li>${blocks([c]) || '<p></p>'}</li>`)).join('');
    } finally {
      listDepth--;
    }
    if (!items) return '';
    const start = Number(n.attribs?.start);
    return name === 'ol' ? `<ol${Number.isInteger(start) && start > 1 ? ` start="${start}"` : ''}>${items}</ol>` : `<ul>${items}</ul>`;
  }
  if (name === 'li') return `<ul>${li(n)}</ul>`;
  if (hasBlockChild(n)) return blocks(kids, flat);
  return para(kids);
}

function li(n: Node): string {
  const inner = blocks(n.children ?? [], true);
  return `<li>${inner.startsWith('<p>') ? inner : `<p></p>${inner}`}</li>`;
}

function wordList(items: Array<{ level: number; ordered: boolean; html: string }>): string {
  let out = '';
  const stack: Array<{ level: number; tag: 'ul' | 'ol' }> = [];
  // Word has nine list levels, an answer eight, less those of a list this one is inside: the
  // levels past them are written at the last (and as paragraphs where no level is left)
  const room = MAX_LIST_DEPTH - listDepth;
  if (room <= 0) return items.map((it) => `<p>${it.html.trim()}</p>`).join('');
  for (const one of items) {
    const it = { ...one, level: Math.min(one.level, room) };
    const tag = it.ordered ? 'ol' : 'ul';
    while (stack.length && stack[stack.length - 1]!.level > it.level) out += `</li></${stack.pop()!.tag}>`;
    const top = stack[stack.length - 1];
    if (top && top.level === it.level) {
      if (top.tag !== tag) {
        out += `</li></${stack.pop()!.tag}>`;
      } else out += '</li>';
    }
    const now = stack[stack.length - 1];
    if (!now || now.level < it.level) {
      out += `<${tag}>`;
      stack.push({ level: it.level, tag });
    }
    out += `<li><p>${it.html.trim()}</p>`;
  }
  while (stack.length) out += `</li></${stack.pop()!.tag}>`;
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export interface CleanPaste {
  html: string;
  /** footnotes kept as text ("[n]" in the text, "[n] note" paragraphs at the end) */
  footnotes: number;
  tables: number;
}

/** The cleaned HTML for a paste, and what it kept that the user should know about. */
export function analysePaste(html: string): CleanPaste {
  const doc = parseDocument(html, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true }) as unknown as Node;
  ctx = { notes: new Map(), refs: new Set() };
  try {
    let out = blocks(doc.children ?? []);
    const notes = [...ctx.notes].filter(([, t]) => t);
    for (const [n, t] of notes) out += `<p>[${n}] ${t}</p>`;
    return { html: out, footnotes: new Set([...notes.map(([n]) => n), ...ctx.refs]).size, tables: (out.match(/<table>/g) ?? []).length };
  } finally {
    ctx = { notes: new Map(), refs: new Set() };
  }
}

/** The cleaned HTML for a paste. */
export function cleanPastedHtml(html: string): string {
  return analysePaste(html).html;
}
