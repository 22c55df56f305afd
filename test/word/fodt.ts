/**
 * OpenDocument (flat .fodt) written by hand, for LibreOffice to save as .docx: what a ministry's
 * LibreOffice user produces (tracked changes, annotations, footnotes, text frames, lists, merged
 * and nested table cells, links, line breaks, right-to-left paragraphs), which no generator of ours
 * writes. Builders return ODF XML fragments; `fodt` wraps a body in a document with its styles.
 */
import { esc } from './ooxml-parts';

export const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  svg: 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0',
  xlink: 'http://www.w3.org/1999/xlink',
};

/** Paragraph of already-built inline XML; style: B (bold), I (italic) spans are text styles, RTL a paragraph style. */
export const p = (inline: string, style?: 'RTL') => `<text:p${style ? ` text:style-name="${style}"` : ''}>${inline}</text:p>`;
export const t = (s: string) => esc(s);
export const span = (style: 'B' | 'I', s: string) => `<text:span text:style-name="${style}">${esc(s)}</text:span>`;
export const h = (level: number, s: string) => `<text:h text:outline-level="${level}">${esc(s)}</text:h>`;
export const link = (href: string, s: string) => `<text:a xlink:type="simple" xlink:href="${esc(href)}">${esc(s)}</text:a>`;
export const footnote = (id: string, n: number, s: string) => `<text:note text:id="${id}" text:note-class="footnote"><text:note-citation>${n}</text:note-citation><text:note-body>${p(t(s))}</text:note-body></text:note>`;
export const annotation = (author: string, date: string, s: string) => `<office:annotation><dc:creator>${esc(author)}</dc:creator><dc:date>${date}</dc:date>${p(t(s))}</office:annotation>`;
/** A text frame anchored as a character, holding paragraphs. */
export const frame = (inner: string) => `<draw:frame draw:name="Frame${inner.length}" text:anchor-type="as-char" svg:width="6cm" svg:height="2cm"><draw:text-box>${inner}</draw:text-box></draw:frame>`;

/** A table of contents as LibreOffice holds it: entries (text, page) in its index body. */
export const tableOfContents = (entries: Array<[string, number]>) =>
  `<text:table-of-content text:name="Table of Contents1"><text:table-of-content-source text:outline-level="3"><text:index-title-template>Contents</text:index-title-template></text:table-of-content-source>` +
  `<text:index-body><text:index-title text:name="Table of Contents1_Head">${p(t('Contents'))}</text:index-title>${entries.map(([s, n]) => p(`${t(s)}<text:tab/>${n}`)).join('')}</text:index-body></text:table-of-content>`;

/** A list (style L: bullets, N: numbers) of items; an item is text or [text, nested items]. */
export type Item = string | [string, Item[]];
export const list = (style: 'L' | 'N', items: Item[]): string =>
  `<text:list text:style-name="${style}">${items.map((i) => `<text:list-item>${typeof i === 'string' ? p(t(i)) : p(t(i[0])) + list(style, i[1]).replace(/ text:style-name="[LN]"/, '')}</text:list-item>`).join('')}</text:list>`;

/** A table cell; span: columns, rows: rows spanned. */
export const cell = (content: string, o: { span?: number; rows?: number } = {}) =>
  `<table:table-cell office:value-type="string"${o.span ? ` table:number-columns-spanned="${o.span}"` : ''}${o.rows ? ` table:number-rows-spanned="${o.rows}"` : ''}>${content || p('')}</table:table-cell>`;
export const covered = '<table:covered-table-cell/>';
export const tableOf = (name: string, cols: number, rows: string[]) => `<table:table table:name="${name}"><table:table-column table:number-columns-repeated="${cols}"/>${rows.map((r) => `<table:table-row>${r}</table:table-row>`).join('')}</table:table>`;

/** Tracked changes: a deletion region (its text is kept in the region, not in the body) and an insertion region. */
export const deletion = (id: string, s: string) =>
  `<text:changed-region text:id="${id}"><text:deletion><office:change-info><dc:creator>Reviewer</dc:creator><dc:date>2021-01-05T10:00:00</dc:date></office:change-info>${p(t(s))}</text:deletion></text:changed-region>`;
export const insertion = (id: string) => `<text:changed-region text:id="${id}"><text:insertion><office:change-info><dc:creator>Reviewer</dc:creator><dc:date>2021-01-05T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>`;
/** Where a deletion was (in the body), and an inserted stretch of text. */
export const deletedHere = (id: string) => `<text:change text:change-id="${id}"/>`;
export const inserted = (id: string, s: string) => `<text:change-start text:change-id="${id}"/>${esc(s)}<text:change-end text:change-id="${id}"/>`;

/** A named text style (family "text") or paragraph style whose text is hidden (Format › Character › Hidden). */
export const hiddenStyle = (name: string, family: 'text' | 'paragraph') => `<style:style style:name="${name}" style:family="${family}"><style:text-properties text:display="none"/></style:style>`;
/** A span in a named text style. */
export const styled = (style: string, s: string) => `<text:span text:style-name="${style}">${esc(s)}</text:span>`;
/** A paragraph in a named paragraph style. */
export const styledP = (style: string, s: string) => `<text:p text:style-name="${style}">${esc(s)}</text:p>`;

/** styles: named styles (office:styles) besides the default one. */
export function fodt(o: { body: string; changes?: string; lang?: string; styles?: string }): string {
  const xmlns = Object.entries(NS).map(([k, v]) => `xmlns:${k}="${v}"`).join(' ');
  const levels = (kind: 'bullet' | 'number') =>
    [1, 2, 3]
      .map((l) =>
        kind === 'bullet'
          ? `<text:list-level-style-bullet text:level="${l}" text:bullet-char="${['•', '◦', '▪'][l - 1]}"><style:list-level-properties text:space-before="${l * 0.6}cm" text:min-label-width="0.6cm"/></text:list-level-style-bullet>`
          : `<text:list-level-style-number text:level="${l}" style:num-format="1" style:num-suffix="." text:display-levels="${l}"><style:list-level-properties text:space-before="${l * 0.6}cm" text:min-label-width="0.8cm"/></text:list-level-style-number>`,
      )
      .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><office:document ${xmlns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
    `<office:styles><style:default-style style:family="paragraph"><style:text-properties fo:language="${o.lang ?? 'en'}"/></style:default-style>${o.styles ?? ''}</office:styles>` +
    '<office:automatic-styles>' +
    '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>' +
    '<style:style style:name="RTL" style:family="paragraph"><style:paragraph-properties style:writing-mode="rl-tb" fo:text-align="end"/></style:style>' +
    `<text:list-style style:name="L">${levels('bullet')}</text:list-style><text:list-style style:name="N">${levels('number')}</text:list-style>` +
    '</office:automatic-styles>' +
    `<office:body><office:text>${o.changes ? `<text:tracked-changes>${o.changes}</text:tracked-changes>` : ''}${o.body}</office:text></office:body></office:document>`
  );
}
