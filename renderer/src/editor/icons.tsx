/** Toolbar icons: plain SVG (attributes only, nothing inline-styled), drawn in the current text colour. */
import type { ReactNode } from 'react';

const Svg = ({ children }: { children: ReactNode }) => (
  <svg viewBox="0 0 20 20" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    {children}
  </svg>
);

export const icons: Record<string, ReactNode> = {
  bold: <span className="glyph-bold">B</span>,
  italic: <span className="glyph-italic">I</span>,
  underline: <span className="glyph-underline">U</span>,
  table: (
    <Svg>
      <rect x="2.5" y="3.5" width="15" height="13" rx="1" />
      <path d="M2.5 8h15M2.5 12.3h15M10 3.5v13" />
    </Svg>
  ),
  rowAfter: (
    <Svg>
      <rect x="2.5" y="3" width="15" height="7" rx="1" />
      <path d="M10 12.5v5M7.5 15h5" />
    </Svg>
  ),
  colAfter: (
    <Svg>
      <rect x="2.5" y="2.5" width="7" height="15" rx="1" />
      <path d="M12.5 10h5M15 7.5v5" />
    </Svg>
  ),
  rowDelete: (
    <Svg>
      <rect x="2.5" y="3" width="15" height="7" rx="1" />
      <path d="M7.5 15h5" />
    </Svg>
  ),
  colDelete: (
    <Svg>
      <rect x="2.5" y="2.5" width="7" height="15" rx="1" />
      <path d="M12.5 10h5" />
    </Svg>
  ),
  tableDelete: (
    <Svg>
      <rect x="2.5" y="3.5" width="15" height="13" rx="1" />
      <path d="M7 7.5l6 5M13 7.5l-6 5" />
    </Svg>
  ),
  bullet: (
    <Svg>
      <circle cx="4" cy="5" r="1.2" fill="currentColor" />
      <circle cx="4" cy="10" r="1.2" fill="currentColor" />
      <circle cx="4" cy="15" r="1.2" fill="currentColor" />
      <path d="M8 5h9M8 10h9M8 15h9" />
    </Svg>
  ),
  ordered: (
    <Svg>
      {/* the numbers: mirrored back in place in a right-to-left toolbar (styles.css), the icon itself mirrored */}
      <path className="numbers" d="M3 3.5h1.5v4M3 7.5h3M2.8 12.2c.4-.8 2.9-.9 2.9.6 0 1.2-2.9 2-2.9 3.2h3" strokeWidth="1.3" />
      <path d="M9 5h8M9 10h8M9 15h8" />
    </Svg>
  ),
  outdent: (
    <Svg>
      <path d="M3 4h14M9 8h8M9 12h8M3 16h14M6 8l-3 2 3 2" />
    </Svg>
  ),
  indent: (
    <Svg>
      <path d="M3 4h14M9 8h8M9 12h8M3 16h14M3 8l3 2-3 2" />
    </Svg>
  ),
  link: (
    <Svg>
      <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9" />
    </Svg>
  ),
  undo: (
    <Svg>
      <path d="M7 5L3.5 8.5 7 12M4 8.5h8a4.5 4.5 0 0 1 0 9H9" />
    </Svg>
  ),
  redo: (
    <Svg>
      <path d="M13 5l3.5 3.5L13 12M16 8.5H8a4.5 4.5 0 0 0 0 9h3" />
    </Svg>
  ),
};
