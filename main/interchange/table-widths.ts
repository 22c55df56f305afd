/**
 * Column widths of a table inside an answer, from its content, as a browser lays out an
 * automatic table (CSS 2.1 §17.5.2.2): each column at least as wide as its longest word (up to
 * LONGEST_WORD characters), at most as wide as its longest cell on one line; the width left over
 * shared in proportion to what each column still wants. So "amendments" is not cut into "amendment/s" in a narrow equal column
 * while a long column of sentences takes the room. Word gets fixed widths (w:tblGrid).
 */

/** A cell's text and how many columns and rows it spans. */
export interface WidthCell {
  text: string;
  span: number;
  rowspan: number;
}

/**
 * Twips per character of answer text, generous enough for a word of a bold header cell (10.5 pt
 * Arial, about 0.65 em a letter: "Amendments" is 66 pt wide in bold; 75 pt at the 12 pt of an Arabic
 * document, still within), and a cell's margins (2 × 108).
 */
const CHAR = 136;
const PADDING = 240;
/**
 * The most characters a single word asks of its column: Word and LibreOffice break a longer one
 * (a URL, a file name) anyway, and without the cap a 130-character link left the other columns
 * one letter wide (see also fitDemands).
 */
const LONGEST_WORD = 30;

/** The longest word and the longest line of `text`, in characters (code points); loops, not spreads: a cell may hold 150,000 words. */
export function textExtent(text: string): { word: number; line: number } {
  let word = 0;
  let line = 0;
  let inWord = 0;
  let inLine = 0;
  for (const ch of text) {
    if (ch === '\n') inLine = 0;
    else inLine++;
    if (/\s/.test(ch)) inWord = 0;
    else inWord++;
    if (inWord > word) word = inWord;
    if (inLine > line) line = inLine;
  }
  return { word, line };
}

/** The first column of each cell, past the columns that cells of rows above still span. */
export function cellColumns(rows: Array<Array<{ span: number; rowspan: number }>>): number[][] {
  const busy: number[] = []; // per column: rows it is still covered for
  return rows.map((row) => {
    let col = 0;
    const starts = row.map((cell) => {
      while ((busy[col] ?? 0) > 0) col++;
      const start = col;
      for (let c = col; c < col + cell.span; c++) busy[c] = Math.max(busy[c] ?? 0, cell.rowspan);
      col += cell.span;
      return start;
    });
    for (let c = 0; c < busy.length; c++) busy[c] = Math.max(0, (busy[c] ?? 0) - 1);
    return starts;
  });
}

/**
 * Widths (twips) of the columns of `rows`, adding up to `width`. `starts`: each cell's first column
 * (cellColumns; the caller that has them passes them). The table has as many columns as its cells
 * reach, counted from where they start: an imported row under a cell spanning rows has fewer cells
 * than columns (no row of the table may have as many), so counting each row's cells gave too few
 * columns, the last cells' of 0 twips.
 */
export function columnWidths(rows: WidthCell[][], width: number, starts: number[][] = cellColumns(rows)): number[] {
  let cols = 1;
  rows.forEach((row, r) => row.forEach((cell, i) => (cols = Math.max(cols, starts[r]![i]! + cell.span))));
  const min = Array<number>(cols).fill(PADDING + CHAR);
  const max = Array<number>(cols).fill(PADDING + CHAR);
  const wordCap = PADDING + CHAR * LONGEST_WORD;
  rows.forEach((row, r) =>
    row.forEach((cell, i) => {
      // a spanning cell's text is shared by its columns
      const extent = textExtent(cell.text);
      const longestWord = extent.word / cell.span;
      const line = extent.line / cell.span;
      for (let c = starts[r]![i]!; c < starts[r]![i]! + cell.span; c++) {
        min[c] = Math.max(min[c]!, Math.min(PADDING + CHAR * longestWord, wordCap));
        max[c] = Math.max(max[c]!, PADDING + CHAR * line);
      }
    }),
  );
  const sum = (a: number[]) => a.reduce((s, n) => s + n, 0);
  fitDemands(min, width);
  const [sMin, sMax] = [sum(min), sum(max)];
  let widths: number[];
  if (sMax <= width) widths = max.map((m) => (m * width) / sMax); // room for every line: wider in proportion
  else if (sMin >= width) widths = min.map((m) => (m * width) / sMin); // not even for the words: in proportion to them
  else widths = min.map((m, i) => m + ((max[i]! - m) * (width - sMin)) / (sMax - sMin));
  const out = widths.map((w) => Math.floor(w));
  out[out.length - 1]! += width - sum(out); // whole twips that add up
  return out;
}

/**
 * When the columns' least widths do not fit in `width`, the largest are lowered to one level (the
 * smaller ones kept whole) so that they fit: a column of long words gives way, the columns of
 * ordinary words keep them whole, rather than all shrinking in proportion. In place.
 */
function fitDemands(min: number[], width: number): void {
  const sorted = [...min].sort((a, b) => a - b);
  let left = width;
  for (let k = 0; k < sorted.length; k++) {
    const level = left / (sorted.length - k);
    if (sorted[k]! > level) {
      for (let c = 0; c < min.length; c++) min[c] = Math.min(min[c]!, level);
      return;
    }
    left -= sorted[k]!;
  }
}
