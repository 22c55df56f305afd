/**
 * Cleans HTML pasted from Word or a web page down to what an answer can hold: paragraphs,
 * bulleted/numbered lists (Word's fake "mso-list" paragraphs become real nested lists), bold,
 * italic, http(s)/mailto links and line breaks. Styles, classes, ids, headings, tables, images
 * and everything else are dropped (their text is kept as paragraphs). Pure string -> string,
 * so it is tested without a browser; the editor's schema is the second line of defence.
 */
import { parseDocument } from 'htmlparser2';

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
const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;

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

function inline(n: Node): string {
  if (n.type === 'text') return esc(decodeEntities(n.data ?? ''));
  if (!isElement(n) || DROP.has(n.name!) || isWordMarker(n)) return '';
  const name = n.name!;
  if (name === 'br') return '<br>';
  let inner = (n.children ?? []).map(inline).join('');
  const st = style(n);
  if (name === 'a') {
    const href = (n.attribs?.href ?? '').trim();
    return SAFE_HREF.test(href) && inner ? `<a href="${esc(href)}">${inner}</a>` : inner;
  }
  const bold = ((name === 'b' || name === 'strong') && !/font-weight:(normal|[1-4]00)/.test(st)) || /font-weight:(bold|[6-9]00)/.test(st);
  const italic = ((name === 'i' || name === 'em') && !/font-style:normal/.test(st)) || /font-style:italic/.test(st);
  if (!inner.trim()) return inner;
  if (italic) inner = `<em>${inner}</em>`;
  if (bold) inner = `<strong>${inner}</strong>`;
  return inner;
}

function para(nodes: Node[]): string {
  const html = nodes.map(inline).join('');
  return html.replace(/<br>/g, '').trim() ? `<p>${html}</p>` : '';
}

/** A sequence of siblings as blocks: runs of inline content become paragraphs. */
function blocks(children: Node[]): string {
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
    if (!isBlock(c) && !hasBlockChild(c)) {
      run.push(c);
      continue;
    }
    flush();
    out += block(c);
  }
  flush();
  return out;
}

function block(n: Node): string {
  const name = n.name!;
  const kids = n.children ?? [];
  if (name === 'ul' || name === 'ol') {
    const items = kids
      .filter((c) => isElement(c) && !DROP.has(c.name!))
      .map((c) => (c.name === 'li' ? li(c) : `<li>${blocks([c]) || '<p></p>'}</li>`))
      .join('');
    if (!items) return '';
    const start = Number(n.attribs?.start);
    return name === 'ol' ? `<ol${Number.isInteger(start) && start > 1 ? ` start="${start}"` : ''}>${items}</ol>` : `<ul>${items}</ul>`;
  }
  if (name === 'li') return `<ul>${li(n)}</ul>`;
  if (hasBlockChild(n)) return blocks(kids);
  return para(kids);
}

function li(n: Node): string {
  const inner = blocks(n.children ?? []);
  return `<li>${inner.startsWith('<p>') ? inner : `<p></p>${inner}`}</li>`;
}

function wordList(items: Array<{ level: number; ordered: boolean; html: string }>): string {
  let out = '';
  const stack: Array<{ level: number; tag: 'ul' | 'ol' }> = [];
  for (const it of items) {
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

/** The cleaned HTML for a paste. */
export function cleanPastedHtml(html: string): string {
  const doc = parseDocument(html, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true }) as unknown as Node;
  return blocks(doc.children ?? []);
}
