/**
 * Print HTML: the review as one self-contained page (no scripts, no external resources) in the
 * DOCX layout — title block, per section a "Questions" | "Answers" table, objective and
 * principle tables — with a print stylesheet. Electron prints it with printToPDF; browser mode
 * opens it and uses the browser's print. Direction is decided per paragraph like the DOCX.
 */
import { inlineText, textDirection, type Doc, type Flow, type Inline, type List, type Table } from '../../shared/doc';
import { COLUMN_HEADERS, NOT_ANSWERED, OBJECTIVE_HEADERS, PRINCIPLE_HEADERS, type ReviewDocument } from './review-document';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const dir = (text: string) => (textDirection(text) === 'rtl' ? ' dir="rtl"' : '');

function inlines(content: Inline[] | undefined): string {
  return (content ?? [])
    .map((n) => {
      if (n.type === 'hardBreak') return '<br>';
      let h = esc(n.text);
      for (const m of n.marks ?? []) {
        if (m.type === 'bold') h = `<strong>${h}</strong>`;
        else if (m.type === 'italic') h = `<em>${h}</em>`;
        else if (m.type === 'underline') h = `<u>${h}</u>`;
        else h = `<a href="${esc(m.attrs.href)}">${h}</a>`;
      }
      return h;
    })
    .join('');
}

const flow = (b: Flow): string => (b.type === 'paragraph' ? `<p${dir(inlineText(b.content))}>${inlines(b.content)}</p>` : list(b));

function list(l: List): string {
  const tag = l.type === 'orderedList' ? 'ol' : 'ul';
  const start = l.attrs?.start && l.attrs.start !== 1 ? ` start="${l.attrs.start}"` : '';
  const items = l.content.map((li) => `<li>${li.content.map(flow).join('')}</li>`);
  return `<${tag}${start}>${items.join('')}</${tag}>`;
}

/** A table inside an answer: header cells as <th>, spans kept; direction per paragraph as elsewhere. */
function table(t: Table): string {
  const rows = t.content.map((r) => {
    const cells = r.content.map((c) => {
      const tag = c.type === 'tableHeader' ? 'th' : 'td';
      const span = (c.attrs?.colspan ? ` colspan="${c.attrs.colspan}"` : '') + (c.attrs?.rowspan ? ` rowspan="${c.attrs.rowspan}"` : '');
      return `<${tag}${span}>${c.content.map(flow).join('')}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table class="answer-table"><tbody>${rows.join('')}</tbody></table>`;
}

export function docHtml(doc: Doc): string {
  return doc.content.map((b) => (b.type === 'table' ? table(b) : flow(b))).join('\n');
}

const para = (t: string) => `<p${dir(t)}>${esc(t)}</p>`;
const thead = (labels: readonly string[]) => `<thead><tr>${labels.map((l) => `<th>${esc(l)}</th>`).join('')}</tr></thead>`;

const STYLE = `
@page { size: A4; margin: 2cm; }
html { font-family: Arial, "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #000; }
body { margin: 0 auto; max-width: 60em; }
h1.title { font-size: 18pt; margin: 0 0 .5em; }
.meta p { margin: .15em 0; }
h2 { font-size: 14pt; margin: 1.4em 0 .5em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .4em; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 1em; }
th, td { border: 1px solid #808080; padding: 4pt 6pt; vertical-align: top; text-align: start; overflow-wrap: anywhere; }
th { background: #d9e2f3; }
thead { display: table-header-group; }
col.q { width: 35%; }
td p { margin: 0 0 .4em; }
td ul, td ol { margin: 0 0 .4em; padding-inline-start: 1.4em; }
[dir="rtl"] { text-align: right; }
table.answer-table { table-layout: auto; margin: .2em 0 .6em; }
table.answer-table th, table.answer-table td { padding: 2pt 4pt; }
table.answer-table th { background: #eef2f9; }
.na { font-style: italic; color: #767676; }
a { color: #0b57d0; }
@media print { tr { break-inside: auto; } h2, h3 { break-after: avoid; } a { color: inherit; } }
`;

export function renderPrintHtml(r: ReviewDocument): string {
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`);
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>${esc(r.title)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1 class="title"${dir(r.title)}>${esc(r.title)}</h1><div class="meta">`);
  for (const [k, v] of r.meta) out.push(`<p><strong>${esc(k)}:</strong> <span${dir(v)}>${esc(v)}</span></p>`);
  out.push('</div>');
  for (const s of r.sections) {
    out.push(`<h2>${esc(s.heading)}</h2>`);
    out.push(`<table><colgroup><col class="q"><col></colgroup>${thead(COLUMN_HEADERS)}<tbody>`);
    for (const q of s.rows)
      out.push(`<tr id="q-${esc(q.id)}"><td><p>${esc(`${q.label} ${q.text}`)}</p></td><td>${q.answer ? docHtml(q.answer) : `<p class="na">${NOT_ANSWERED}</p>`}</td></tr>`);
    out.push('</tbody></table>');
    if (s.objectives) {
      out.push(`<h3>${esc(s.objectives.caption)}</h3>`);
      out.push(`<table><colgroup><col style="width:7%"><col style="width:43%"><col style="width:15%"><col></colgroup>${thead(OBJECTIVE_HEADERS)}<tbody>`);
      for (const o of s.objectives.rows) out.push(`<tr><td>${o.number}</td><td>${para(o.title)}</td><td>${esc(o.statusLabel)}</td><td>${o.note ? docHtml(o.note) : ''}</td></tr>`);
      out.push('</tbody></table>');
    }
    if (s.principles) {
      out.push(`<h3>${esc(s.principles.caption)}</h3>`);
      out.push(`<table><colgroup><col class="q"><col></colgroup>${thead(PRINCIPLE_HEADERS)}<tbody>`);
      for (const p of s.principles.rows) out.push(`<tr><td>${para(`${p.id}) ${p.title}`)}</td><td>${p.note ? docHtml(p.note) : `<p class="na">${NOT_ANSWERED}</p>`}</td></tr>`);
      out.push('</tbody></table>');
    }
  }
  out.push('</body></html>');
  return out.join('\n');
}
