/**
 * Read-only rendering of an answer document (history, conflicts, print view). React elements,
 * never HTML strings. The container takes the answer's direction and lists follow it (no
 * dir="auto" on ul/ol/li: an Arabic answer's bullets and indents are on the right); a paragraph
 * whose own direction differs says so. Text in another language than the one around it (the
 * interface's, or the print view's document language: TextLanguage) says its language, as the
 * Word export and the print HTML do (shared/text-scripts.ts): an Arabic answer on a French screen
 * is voiced and hyphenated as Arabic, a French law's name in an Arabic answer as French.
 * A view may draw some text nodes otherwise (`parts`: the print view's pictures in place of their
 * placeholders); a paragraph's direction and language then come from the text it still shows.
 */
import { createContext, Fragment, useContext, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { docStrongDirection, headRowApart, inlineText, strongDirection, type Block, type Doc, type Inline } from '../../../shared/doc';
import type { DocLanguage } from '../../../shared/document-text';
import { paragraphVoice, pieces, voiceOf, type LatinLanguage, type Voice } from '../../../shared/text-scripts';
import { isSafeExternalUrl } from '../../../shared/external-url';

/**
 * The language of the answers shown (default: the interface's; a draft's answers: its document
 * language; the print view: the document's), and its Latin language (an Arabic document's French
 * or English). A DocView and the answer editor say it (`lang`) and tag text in another.
 */
export const TextLanguage = createContext<{ lang: DocLanguage; latin: LatinLanguage } | null>(null);

/** A text node drawn otherwise: strings are text, elements are drawn as they are; undefined: as its text. */
export type InlineParts = (n: Inline) => Array<string | ReactElement> | undefined;

const textPieces = (text: string, rtl: boolean, v: Voice): ReactNode[] => pieces(text, rtl, v).map((p, j) => (p.lang && p.lang !== v.page ? <span key={j} lang={p.lang}>{p.text}</span> : p.text));

/** The text a paragraph shows (without what `parts` draws otherwise). */
function shownText(content: Inline[] | undefined, parts?: InlineParts): string {
  if (!parts) return inlineText(content);
  return (content ?? []).map((n) => (n.type === 'text' ? (parts(n) ?? [n.text]).filter((d) => typeof d === 'string').join('') : '\n')).join('');
}

function inline(nodes: Inline[] | undefined, rtl: boolean, v: Voice, parts?: InlineParts): ReactNode[] {
  return (nodes ?? []).map((n, i) => {
    if (n.type === 'hardBreak') return <br key={i} />;
    const drawn = parts?.(n);
    let el: ReactNode = drawn ? drawn.map((d, k) => <Fragment key={k}>{typeof d === 'string' ? textPieces(d, rtl, v) : d}</Fragment>) : textPieces(n.text, rtl, v);
    for (const m of n.marks ?? []) {
      if (m.type === 'bold') el = <strong>{el}</strong>;
      else if (m.type === 'italic') el = <em>{el}</em>;
      else if (m.type === 'underline') el = <u>{el}</u>;
      else if (m.type === 'link' && isSafeExternalUrl(m.attrs.href)) el = <a href={m.attrs.href} rel="noopener noreferrer nofollow" target="_blank">{el}</a>;
    }
    return <span key={i}>{el}</span>;
  });
}

/**
 * `top`: top-level paragraphs take their own direction; inside a list they follow the list (`dir`).
 * A paragraph without a letter ("2014", "23.096") follows the answer too: dir="auto" made it
 * left-to-right, at the left of an Arabic table's column.
 */
function blocks(bs: Block[], top: boolean, dir: 'rtl' | 'ltr', v: Voice, parts?: InlineParts): ReactNode[] {
  return bs.map((b, i) => {
    if (b.type === 'paragraph') {
      const text = shownText(b.content, parts);
      const own = top ? (strongDirection(text) ?? dir) : dir;
      const { lang, inner } = paragraphVoice(text, own === 'rtl', v);
      return (
        <p key={i} dir={top && strongDirection(text) ? 'auto' : undefined} lang={lang ?? undefined}>
          {inline(b.content, own === 'rtl', inner, parts)}
        </p>
      );
    }
    if (b.type === 'table') {
      const rows = b.content.map((r, j) => (
        <tr key={j}>
          {r.content.map((c, k) => {
            const Cell = c.type === 'tableHeader' ? 'th' : 'td';
            return (
              <Cell key={k} colSpan={c.attrs?.colspan} rowSpan={c.attrs?.rowspan}>
                {blocks(c.content, true, dir, v, parts)}
              </Cell>
            );
          })}
        </tr>
      ));
      // a header row is the table's <thead>, as in the print HTML: repeated on each printed page
      const head = headRowApart(b) ? rows.shift() : null;
      return (
        <table key={i} className="answer-table">
          {head && <thead>{head}</thead>}
          <tbody>{rows}</tbody>
        </table>
      );
    }
    const items = b.content.map((li, j) => <li key={j}>{blocks(li.content, false, dir, v, parts)}</li>);
    return b.type === 'bulletList' ? (
      <ul key={i}>{items}</ul>
    ) : (
      <ol key={i} start={b.attrs?.start}>
        {items}
      </ol>
    );
  });
}

export function DocView({ doc, label, parts }: { doc: Doc; label?: string; parts?: InlineParts }) {
  const { i18n } = useTranslation();
  const ui = i18n.language as DocLanguage;
  const around = useContext(TextLanguage) ?? { lang: ui, latin: ui === 'ar' ? 'en' : ui };
  const own = docStrongDirection(doc);
  const dir = own ?? (around.lang === 'ar' ? 'rtl' : 'ltr');
  return (
    <div className="doc-view" aria-label={label} dir={own ?? undefined} lang={around.lang}>
      {blocks(doc.content, true, dir, voiceOf(around.lang, around.latin, doc), parts)}
    </div>
  );
}
