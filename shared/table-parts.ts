/**
 * Where a table longer than an answer's table holds (MAX_TABLE_ROWS) is cut into tables of its own,
 * shared by the paste cleaner and the Word import. A cut never falls inside a cell spanning rows
 * (its rows would lose a cell and the next part's cells slide left) unless such a span is itself
 * longer than a part; then the cut is made at the limit and that span ends with its part.
 */
import { MAX_TABLE_ROWS } from './doc-limits';

/** `rowspans[i]`: the row spans of row i's cells (1 for a cell that spans none). Returns [from, to) row ranges. */
export function tableParts(rowspans: number[][], max = MAX_TABLE_ROWS): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let from = 0;
  while (from < rowspans.length) {
    let to = Math.min(from + max, rowspans.length);
    if (to < rowspans.length) {
      // the last row of the part after which no span of the part goes on
      let clean = -1;
      let reach = from;
      for (let i = from; i < to; i++) {
        for (const span of rowspans[i]!) reach = Math.max(reach, i + Math.max(1, span));
        if (reach <= i + 1) clean = i + 1;
      }
      if (clean > from) to = clean;
    }
    parts.push([from, to]);
    from = to;
  }
  return parts;
}
