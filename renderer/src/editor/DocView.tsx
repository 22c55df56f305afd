/**
 * Read-only rendering of an answer document (history, conflicts, print view). React elements,
 * never HTML strings. The container takes the answer's direction and lists follow it (no
 * dir="auto" on ul/ol/li: an Arabic answer's bullets and indents are on the right); a paragraph
 * whose own direction differs says so. Text in another language than the one around it (the
 * interface's, or the print view's document language: TextLanguage) says its language, as the
 * Word export and the print HTML do (shared/text-scripts.ts): an Arabic answer on a French screen
 * is voiced and hyphenated as Arabic, a French law's name in an Arabic answer as French.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { docStrongDirection, inlineText, strongDirection, type Block, type Doc, type Inline } from '../../../shared/doc';
import type { DocLanguage } from '../../../shared/document-text';
import { paragraphVoice, pieces, voiceOf, type LatinLanguage, type Voice } from '../../../shared/text-scripts';

/**
 * The language of the answers shown (default: the interface's; a draft's answers: its document
 * language; the print view: the document's), and its Latin language (an Arabic document's French
 * or English). A DocView and the answer editor say it (`lang`) and tag text in another.
 */
export const TextLanguage = createContext<{ lang: DocLanguage; latin: LatinLanguage } | null>(null);

function inline(nodes: Inline[] | undefined, rtl: boolean, v: Voice): ReactNode[] {
  return (nodes ?? []).map((n, i) => {
    if (n.type === 'hardBreak') return <br key={i} />;
    let el: ReactNode = pieces(n.text, rtl, v).map((p, j) => (p.lang && p.lang !== v.page ? <span key={j} lang={p.lang}>{p.text}</span> : p.text));
    for (const m of n.marks ?? []) {
      if (m.type === 'bold') el = <strong>{el}</strong>;
      else if (m.type === 'italic') el = <em>{el}</em>;
      else if (m.type === 'underline') el = <u>{el}</u>;
      else if (m.type === 'link') el = <a href={m.attrs.href} rel="noopener noreferrer nofollow" target="_blank">{el}</a>;
    }
    return <span key={i}>{el}</span>;
  });
}

/** `top`: top-level paragraphs take their own direction; inside a list they follow the list (`dir`). */
function blocks(bs: Block[], top: boolean, dir: 'rtl' | 'ltr', v: Voice): ReactNode[] {
  return bs.map((b, i) => {
    if (b.type === 'paragraph') {
      const text = inlineText(b.content);
      const own = top ? (strongDirection(text) ?? dir) : dir;
      const { lang, inner } = paragraphVoice(text, own === 'rtl', v);
      return (
        <p key={i} dir={top ? 'auto' : undefined} lang={lang ?? undefined}>
          {inline(b.content, own === 'rtl', inner)}
        </p>
      );
    }
    if (b.type === 'table')
      return (
        <table key={i} className="answer-table">
          <tbody>
            {b.content.map((r, j) => (
              <tr key={j}>
                {r.content.map((c, k) => {
                  const Cell = c.type === 'tableHeader' ? 'th' : 'td';
                  return (
                    <Cell key={k} colSpan={c.attrs?.colspan} rowSpan={c.attrs?.rowspan}>
                      {blocks(c.content, true, dir, v)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    const items = b.content.map((li, j) => <li key={j}>{blocks(li.content, false, dir, v)}</li>);
    return b.type === 'bulletList' ? (
      <ul key={i}>{items}</ul>
    ) : (
      <ol key={i} start={b.attrs?.start}>
        {items}
      </ol>
    );
  });
}

export function DocView({ doc, label }: { doc: Doc; label?: string }) {
  const { i18n } = useTranslation();
  const ui = i18n.language as DocLanguage;
  const around = useContext(TextLanguage) ?? { lang: ui, latin: ui === 'ar' ? 'en' : ui };
  const own = docStrongDirection(doc);
  const dir = own ?? (around.lang === 'ar' ? 'rtl' : 'ltr');
  return (
    <div className="doc-view" aria-label={label} dir={own ?? undefined} lang={around.lang}>
      {blocks(doc.content, true, dir, voiceOf(around.lang, around.latin, doc))}
    </div>
  );
}
