/**
 * Read-only rendering of an answer document (history, conflicts, print view). React elements,
 * never HTML strings. The container takes the answer's direction and lists follow it (no
 * dir="auto" on ul/ol/li: an Arabic answer's bullets and indents are on the right); a paragraph
 * whose own direction differs says so.
 */
import type { ReactNode } from 'react';
import { docStrongDirection, type Block, type Doc, type Inline } from '../../../shared/doc';

function inline(nodes: Inline[] | undefined): ReactNode[] {
  return (nodes ?? []).map((n, i) => {
    if (n.type === 'hardBreak') return <br key={i} />;
    let el: ReactNode = n.text;
    for (const m of n.marks ?? []) {
      if (m.type === 'bold') el = <strong>{el}</strong>;
      else if (m.type === 'italic') el = <em>{el}</em>;
      else if (m.type === 'underline') el = <u>{el}</u>;
      else if (m.type === 'link') el = <a href={m.attrs.href} rel="noopener noreferrer nofollow" target="_blank">{el}</a>;
    }
    return <span key={i}>{el}</span>;
  });
}

/** `top`: top-level paragraphs take their own direction; inside a list they follow the list. */
function blocks(bs: Block[], top: boolean): ReactNode[] {
  return bs.map((b, i) => {
    if (b.type === 'paragraph') return <p key={i} dir={top ? 'auto' : undefined}>{inline(b.content)}</p>;
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
                      {blocks(c.content, true)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    const items = b.content.map((li, j) => <li key={j}>{blocks(li.content, false)}</li>);
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
  return (
    <div className="doc-view" aria-label={label} dir={docStrongDirection(doc) ?? undefined}>
      {blocks(doc.content, true)}
    </div>
  );
}
