/**
 * Fixture model -> HTML that LibreOffice turns into DOCX (`soffice --convert-to docx`): a writer's
 * document saved by another tool, with LibreOffice's own numbering, tables, pictures and styles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Block, FixtureModel } from './model';
import { png } from './render-docx';
import { officeConvertAll } from '../office';

export interface HtmlOptions {
  layout: 'table' | 'headings' | 'bold';
  /** labels as LibreOffice list numbering (<ol type="a">) or typed */
  labels: 'typed' | 'auto' | 'none';
  header?: [string, string];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function blocks(bs: Block[]): string {
  const out: string[] = [];
  for (const b of bs) {
    if ('p' in b) out.push(`<p>${esc(b.p)}</p>`);
    else if ('list' in b) {
      const tag = b.list;
      let html = '';
      let depth = 0;
      for (const it of b.items) {
        if (it.depth > depth) while (depth < it.depth) (html += `<${tag}>`), depth++;
        else {
          while (depth > it.depth) (html += `</li></${tag}>`), depth--;
          html += '</li>';
        }
        html += `<li>${esc(it.text)}`;
      }
      while (depth > 0) (html += `</li></${tag}>`), depth--;
      out.push(html);
    } else if ('table' in b) {
      out.push(`<table border="1">${b.table.map((r, i) => `<tr>${r.map((c) => (b.header && i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('')}</table>`);
    } else out.push(`<p><img src="data:image/png;base64,${png().toString('base64')}" alt="${esc(b.image)}" width="40" height="40"></p>`);
  }
  return out.join('\n');
}

export function renderHtml(m: FixtureModel, o: HtmlOptions): string {
  const dir = m.lang === 'ar' ? ' dir="rtl"' : '';
  const out: string[] = [`<!doctype html><html lang="${m.lang}"${dir}><head><meta charset="utf-8"><title>${esc(m.title)}</title></head><body${dir}>`];
  out.push(`<h1>${esc(m.title)}</h1>`);
  if (m.preamble) out.push(`<p>${esc(m.preamble)}</p>`);
  for (const s of m.sections) {
    out.push(`<h1>${esc(s.heading)}</h1>`);
    const q = (x: { label: string; text: string }, i: number) => (o.labels === 'typed' ? `${esc(x.label)} ${esc(x.text)}` : o.labels === 'auto' ? `<ol type="a" start="${i + 1}"><li>${esc(x.text)}</li></ol>` : esc(x.text));
    if (o.layout === 'table') {
      out.push('<table border="1">');
      if (o.header) out.push(`<tr><th>${esc(o.header[0])}</th><th>${esc(o.header[1])}</th></tr>`);
      s.questions.forEach((x, i) => out.push(`<tr><td>${q(x, i)}</td><td>${blocks(x.answer)}</td></tr>`));
      out.push('</table>');
    } else
      s.questions.forEach((x, i) => {
        out.push(o.layout === 'headings' ? (o.labels === 'auto' ? q(x, i).replace('<li>', '<li><h2>').replace('</li>', '</h2></li>') : `<h2>${q(x, i)}</h2>`) : `<p><b>${q(x, i)}</b></p>`);
        out.push(blocks(x.answer));
      });
  }
  if (m.extraSection) out.push(`<h1>${esc(m.extraSection.heading)}</h1><p>${esc(m.extraSection.text)}</p>`);
  out.push('</body></html>');
  return out.join('\n');
}

/** Converts a document (HTML, or another format LibreOffice opens: `ext` fodt, odt…) with LibreOffice (headless, its own profile in a temp dir). */
export function libreofficeDocx(source: string | Uint8Array, name: string, ext = 'html'): Buffer {
  return libreofficeDocxAll([{ source, name, ext }])[0]!;
}

/** The same for several documents, in one LibreOffice run (its start-up is most of the time of each). */
export function libreofficeDocxAll(docs: Array<{ source: string | Uint8Array; name: string; ext?: string }>): Buffer[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-lo-'));
  try {
    const sources = docs.map((d) => {
      const src = path.join(dir, `${d.name}.${d.ext ?? 'html'}`);
      fs.writeFileSync(src, d.source);
      return src;
    });
    return officeConvertAll(sources, 'docx:MS Word 2007 XML', 300_000).map((f) => fs.readFileSync(f));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
