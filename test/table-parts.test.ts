import { describe, expect, it } from 'vitest';
import { tableParts } from '../shared/table-parts';

const plain = (n: number) => Array.from({ length: n }, () => [1, 1]);

describe('tableParts: where a long table is cut', () => {
  it('cuts every `max` rows when no cell spans rows', () => {
    expect(tableParts(plain(2500), 1000)).toEqual([[0, 1000], [1000, 2000], [2000, 2500]]);
    expect(tableParts(plain(1000), 1000)).toEqual([[0, 1000]]);
    expect(tableParts([], 1000)).toEqual([]);
  });

  it('never inside a cell spanning rows: the cut moves up to before it', () => {
    const rows = plain(1003);
    rows[997] = [4, 1]; // rows 997-1000
    expect(tableParts(rows, 1000)).toEqual([[0, 997], [997, 1003]]);
  });

  it('a span longer than a part is cut at the limit', () => {
    const rows = plain(1500);
    rows[0] = [1200, 1];
    expect(tableParts(rows, 1000)).toEqual([[0, 1000], [1000, 1500]]);
  });
});
