/** Read-only rendering of an answer document (history, conflicts). React elements, never HTML strings. */
import type { ReactNode } from 'react';
import type { Block, Doc, Inline } from '../../../shared/doc';

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

function blocks(bs: Block[]): ReactNode[] {
  return bs.map((b, i) => {
    if (b.type === 'paragraph') return <p key={i} dir="auto">{inline(b.content)}</p>;
    if (b.type === 'table')
      return (
        <table key={i} className="answer-table">
          <tbody>
            {b.content.map((r, j) => (
              <tr key={j}>
                {r.content.map((c, k) => {
                  const Cell = c.type === 'tableHeader' ? 'th' : 'td';
                  return (
                    <Cell key={k} colSpan={c.attrs?.colspan} rowSpan={c.attrs?.rowspan} dir="auto">
                      {blocks(c.content)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    const items = b.content.map((li, j) => (
      <li key={j} dir="auto">
        {blocks(li.content)}
      </li>
    ));
    return b.type === 'bulletList' ? (
      <ul key={i} dir="auto">{items}</ul>
    ) : (
      <ol key={i} dir="auto" start={b.attrs?.start}>
        {items}
      </ol>
    );
  });
}

export function DocView({ doc, label }: { doc: Doc; label?: string }) {
  return (
    <div className="doc-view" aria-label={label}>
      {blocks(doc.content)}
    </div>
  );
}
