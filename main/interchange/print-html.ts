/**
 * Print HTML: the review as one self-contained page (no scripts, no external resources) in the
 * DOCX layout — title block, per section a "Questions" | "Answers" table, objective and
 * principle tables — in the draft's document language (its words, its direction: an Arabic review
 * is laid out right-to-left with the question column on the right), with a print stylesheet whose
 * page boxes carry the review's title and "page X of Y". Electron prints it with printToPDF;
 * browser mode opens it and uses the browser's print. Internal details go to meta tags.
 * Lists take their direction from the cell that holds the answer (never dir="auto" on ul/ol/li).
 * Text in another script than the page's is tagged with its language (shared/text-scripts.ts, as the
 * Word export tags its runs): Arabic in a French or English review, French or English in an
 * Arabic one, so a screen reader voices it, its font is the language's and hyphenation follows it.
 */
import { docDirection, headRowApart, inlineText, labelledDirection, strongDirection, type Doc, type Flow, type Inline, type List, type Table } from '../../shared/doc';
import { paragraphVoice, pieces, voiceOf, type Voice } from '../../shared/text-scripts';
import { FigureCaptions, PICTURE_MEDIA_TYPE, PicturePlacer, pictureAlt, shownDirection, stem, type CheckedPicture } from '../../shared/picture-files';
import { OBJECTIVE_COLUMNS, columnHeaders, documentLatin, objectiveHeaders, principleHeaders, type ReviewDocument, type ReviewRow } from './review-document';
import { isSafeExternalUrl } from '../../shared/external-url';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A paragraph's own direction when it differs from its container's. */
const dirAttr = (text: string, container: 'rtl' | 'ltr') => {
  const d = labelledDirection(text);
  return d && d !== container ? ` dir="${d}"` : '';
};
/**
 * The print page's policy (its <meta>, and the header the desktop app serves it with): no script,
 * inline styles, data: pictures; no <base>, no form (default-src does not cover those two).
 */
export const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * `s` as a CSS string literal (@page content) inside the page's <style> element: "<" as its
 * escape \3c (the HTML parser ends the element at any "</style", quoted or not: was, a draft
 * title from a bundle holding "</style>" and markup became elements of the page).
 */
const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/</g, '\\3c ').replace(/[\n\r]/g, ' ')}"`;

/** `text` escaped, its pieces in another language than `v.page` in a span with their language. */
function textHtml(text: string, rtl: boolean, v: Voice): string {
  return pieces(text, rtl, v)
    .map((p) => (p.lang === null || p.lang === v.page ? esc(p.text) : `<span lang="${p.lang}">${esc(p.text)}</span>`))
    .join('');
}

/** A picture (picture-files.ts) as an image of its own bytes (a data: URL, which the page's CSP allows for images only), or null when it cannot be shown. */
function pictureImg(p: CheckedPicture, alt: string): string | null {
  const img = p.image;
  if (!img) return null;
  const base64 = Buffer.from(img.bytes.buffer, img.bytes.byteOffset, img.bytes.byteLength).toString('base64');
  return `<img class="picture" src="data:${PICTURE_MEDIA_TYPE[img.format]};base64,${base64}" alt="${esc(alt)}" width="${img.width}" height="${img.height}">`;
}

/** `text` as HTML, each placeholder of one of the answer's pictures (`pics`) replaced by the picture. */
function textWithPictures(text: string, rtl: boolean, v: Voice, pics?: PicturePlacer): string {
  if (!pics) return textHtml(text, rtl, v);
  return pics
    .split(text)
    .map((piece) => (piece.picture && pictureImg(piece.picture, pictureAlt(piece))) || textHtml(piece.text, rtl, v))
    .join('');
}

/** A paragraph in `dir`: its language where all its letters are in one other than the page's (then its pieces need no tags). */
function paragraphHtml(content: Inline[] | undefined, dir: 'rtl' | 'ltr', v: Voice, attrs = '', pics?: PicturePlacer): string {
  const { lang, inner } = paragraphVoice(inlineText(content), dir === 'rtl', v);
  return `<p${attrs}${lang ? ` lang="${lang}"` : ''}>${inlines(content, dir === 'rtl', inner, pics)}</p>`;
}

function inlines(content: Inline[] | undefined, rtl: boolean, v: Voice, pics?: PicturePlacer): string {
  return (content ?? [])
    .map((n) => {
      if (n.type === 'hardBreak') return '<br>';
      const linked = n.marks?.some((m) => m.type === 'link');
      let h = linked ? textHtml(n.text, rtl, v) : textWithPictures(n.text, rtl, v, pics);
      for (const m of n.marks ?? []) {
        if (m.type === 'bold') h = `<strong>${h}</strong>`;
        else if (m.type === 'italic') h = `<em>${h}</em>`;
        else if (m.type === 'underline') h = `<u>${h}</u>`;
        else if (isSafeExternalUrl(m.attrs.href)) h = `<a href="${esc(m.attrs.href)}">${h}</a>`; // else its text (shared/external-url.ts)
      }
      return h;
    })
    .join('');
}

/** A paragraph at the top of an answer or a table cell takes its own direction where it differs from the container's; inside a list it follows the list. */
const flow = (b: Flow, dir: 'rtl' | 'ltr', v: Voice, pics?: PicturePlacer): string => {
  if (b.type !== 'paragraph') return list(b, dir, v, pics);
  const text = inlineText(b.content);
  const own = shownDirection(text, pics) ?? dir;
  return paragraphHtml(b.content, own, v, own !== dir ? ` dir="${own}"` : '', pics);
};

function list(l: List, dir: 'rtl' | 'ltr', v: Voice, pics?: PicturePlacer): string {
  const tag = l.type === 'orderedList' ? 'ol' : 'ul';
  const start = l.attrs?.start && l.attrs.start !== 1 ? ` start="${l.attrs.start}"` : '';
  const items = l.content.map((li) => `<li>${li.content.map((c) => (c.type === 'paragraph' ? paragraphHtml(c.content, dir, v, '', pics) : list(c, dir, v, pics))).join('')}</li>`);
  return `<${tag}${start}>${items.join('')}</${tag}>`;
}

/**
 * A table inside an answer: header cells as <th>, spans kept; it follows the answer's direction.
 * A first row of header cells is the table's <thead>: repeated on each page the table runs onto,
 * and never left alone at the foot of a page (STYLE).
 */
function table(t: Table, dir: 'rtl' | 'ltr', v: Voice, pics?: PicturePlacer): string {
  const rows = t.content.map((r) => {
    const cells = r.content.map((c) => {
      const tag = c.type === 'tableHeader' ? 'th' : 'td';
      const span = (c.attrs?.colspan ? ` colspan="${c.attrs.colspan}"` : '') + (c.attrs?.rowspan ? ` rowspan="${c.attrs.rowspan}"` : '');
      return `<${tag}${span}>${c.content.map((b) => flow(b, dir, v, pics)).join('')}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  const head = headRowApart(t) ? `<thead>${rows.shift()}</thead>` : '';
  return `<table class="answer-table">${head}<tbody>${rows.join('')}</tbody></table>`;
}

/** An answer's blocks; `dir` is the direction of the element that will contain them, `v` the page's voice, `pics` the answer's pictures. */
export function docHtml(doc: Doc, dir: 'rtl' | 'ltr', v: Voice, pics?: PicturePlacer): string {
  return doc.content.map((b) => (b.type === 'table' ? table(b, dir, v, pics) : flow(b, dir, v, pics))).join('\n');
}

/**
 * A question's answer with its pictures (picture-files.ts): in place of their placeholders, the
 * others after it as figures with a caption ("Figure 1: map.png"); `answerHtml` writes the answer.
 */
function answerWithPictures(row: ReviewRow, dir: 'rtl' | 'ltr', captions: FigureCaptions, answerHtml: (pics?: PicturePlacer) => string): string {
  if (!row.pictures?.length) return answerHtml();
  const pics = new PicturePlacer(row.pictures);
  const out = [row.answer ? answerHtml(pics) : ''];
  for (const p of pics.rest()) {
    const caption = captions.next(p);
    const img = pictureImg(p, stem(p.file.name));
    out.push(`<figure>${img ?? ''}<figcaption${dirAttr(caption, dir)}>${esc(caption)}</figcaption></figure>`);
  }
  return out.join('\n');
}

const STYLE = `
html { font-family: "Noto Sans", Arial, "Noto Naskh Arabic", "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #000; }
html[lang="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans", Arial, "DejaVu Sans", sans-serif; font-size: 12pt; }
:lang(ar) { font-family: "Noto Naskh Arabic", "Noto Sans", Arial, sans-serif; }
body { margin: 0 auto; max-width: 60em; }
h1.title { font-size: 18pt; margin: 0 0 .3em; }
p.subtitle { font-size: 12pt; margin: 0 0 .8em; }
.meta p { margin: .15em 0; }
h2 { font-size: 14pt; margin: 1.4em 0 .5em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .4em; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 1em; }
th, td { border: 1px solid #808080; padding: 4pt 6pt; vertical-align: top; text-align: start; overflow-wrap: break-word; }
th { background: #d9e2f3; }
thead { display: table-header-group; break-inside: avoid; break-after: avoid; page-break-after: avoid; }
thead tr, tbody tr:first-child { break-inside: avoid; page-break-inside: avoid; }
td a { overflow-wrap: anywhere; }
col.q { width: 35%; }
td p { margin: 0 0 .5em; }
td p:last-child { margin-bottom: 0; }
td ul, td ol { margin: 0 0 .5em; padding-inline-start: 1.6em; }
td li > p { margin-bottom: .25em; }
img.picture { max-width: 100%; max-height: 22cm; width: auto; height: auto; vertical-align: bottom; }
figure { margin: .4em 0 .6em; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; font-style: italic; color: #404040; }
table.answer-table { table-layout: auto; margin: .2em 0 .6em; }
table.answer-table th, table.answer-table td { padding: 2pt 4pt; }
table.answer-table th { background: #eef2f9; }
bdi, .iso { unicode-bidi: isolate; }
.na { font-style: italic; color: #595959; }
a { color: #0b57d0; }
@media print { tr { break-inside: auto; } h2, h3 { break-after: avoid; } a { color: inherit; } }
`;

function pageStyle(r: ReviewDocument): string {
  const [before, after] = r.text.page.split('{{page}}') as [string, string];
  const [middle, end] = (after ?? '').split('{{pages}}') as [string, string];
  const counter = `${cssString(before)} counter(page) ${cssString(middle)} counter(pages) ${cssString(end ?? '')}`;
  const [headSide, footSide] = r.dir === 'rtl' ? ['top-right', 'bottom-left'] : ['top-left', 'bottom-right'];
  return `@page { size: A4; margin: 2cm; @${headSide} { content: ${cssString(r.title)}; font-size: 8pt; color: #404040; } @${footSide} { content: ${counter}; font-size: 8pt; color: #404040; } }`;
}

export function renderPrintHtml(r: ReviewDocument): string {
  const x = r.text;
  const dir = r.dir;
  const na = `<p class="na">${esc(x.notAnswered)}</p>`;
  const para = (t: string) => `<p${dirAttr(t, dir)}>${esc(t)}</p>`;
  const latin = documentLatin(r);
  const voice = (d?: Doc) => voiceOf(r.language, latin, d);
  /** A note or answer in a cell of its own direction (lists follow it). */
  const cellDirAttr = (d: Doc) => (docDirection(d, dir) !== dir ? ` dir="${docDirection(d, dir)}"` : '');
  const cellHtml = (d: Doc) => `<div${cellDirAttr(d)}>${docHtml(d, docDirection(d, dir), voice(d))}</div>`;
  const titleDir = strongDirection(r.title) ?? dir;
  const title = paragraphVoice(r.title, titleDir === 'rtl', voice());
  const thead = (labels: readonly string[]) => `<thead><tr>${labels.map((l) => `<th scope="col">${esc(l)}</th>`).join('')}</tr></thead>`;
  const captions = new FigureCaptions(x);
  const out: string[] = [];
  out.push(`<!doctype html><html lang="${r.language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`);
  out.push(`<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`);
  out.push(`<meta name="description" content="${esc(r.properties.description)}"><meta name="keywords" content="${esc(r.properties.keywords)}">`);
  for (const [k, v] of r.properties.custom) out.push(`<meta name="gcm:${esc(k.toLowerCase().replace(/\s+/g, '-'))}" content="${esc(v)}">`);
  out.push(`<title>${esc(r.title)}</title><style>${pageStyle(r)}${STYLE}</style></head><body>`);
  out.push(`<h1 class="title"${dirAttr(r.title, dir)}${title.lang ? ` lang="${title.lang}"` : ''}>${textHtml(r.title, titleDir === 'rtl', title.inner)}</h1><p class="subtitle">${esc(r.subtitle)}</p><div class="meta">`);
  for (const [k, v] of r.meta) out.push(`<p><strong>${esc(k)}</strong> <bdi>${esc(v)}</bdi></p>`);
  out.push('</div>');
  for (const s of r.sections) {
    out.push(`<section id="s-${esc(s.id)}"><h2>${esc(s.heading)}</h2>`);
    out.push(`<table><colgroup><col class="q"><col></colgroup>${thead(columnHeaders(x))}<tbody>`);
    for (const q of s.rows) {
      const cellDir = q.answer ? docDirection(q.answer, dir) : dir;
      const answerHtml = (pics?: PicturePlacer) => (q.answer ? docHtml(q.answer, cellDir, voice(q.answer), pics) : na);
      const answer = `<td class="answer"${cellDir !== dir ? ` dir="${cellDir}"` : ''}>${answerWithPictures(q, cellDir, captions, answerHtml)}</td>`;
      out.push(`<tr id="q-${esc(q.id)}"><td class="question"><p><bdi class="qid">${esc(q.label)}</bdi> ${esc(q.text)}</p></td>${answer}</tr>`);
    }
    out.push('</tbody></table>');
    if (s.objectives) {
      out.push(`<h3>${esc(s.objectives.caption)}</h3>`);
      out.push(`<table><colgroup>${OBJECTIVE_COLUMNS.map((p) => `<col style="width:${p}%">`).join('')}</colgroup>${thead(objectiveHeaders(x))}<tbody>`);
      for (const o of s.objectives.rows) out.push(`<tr><td><bdi>${o.number}</bdi></td><td>${para(o.title)}</td><td>${esc(o.statusLabel)}</td><td>${o.note ? cellHtml(o.note) : ''}</td></tr>`);
      out.push('</tbody></table>');
    }
    if (s.principles) {
      out.push(`<h3>${esc(s.principles.caption)}</h3>`);
      out.push(`<table><colgroup><col class="q"><col></colgroup>${thead(principleHeaders(x))}<tbody>`);
      for (const p of s.principles.rows) out.push(`<tr><td><p><bdi>${esc(p.id)})</bdi> ${esc(p.title)}</p></td><td>${p.note ? cellHtml(p.note) : na}</td></tr>`);
      out.push('</tbody></table>');
    }
    out.push('</section>');
  }
  out.push('</body></html>');
  return out.join('\n');
}
