/**
 * CSV (RFC 4180): comma separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break; UTF-8 opened by a byte order mark, which Excel needs to read it as UTF-8 (without it
 * French accents and Arabic come out garbled in the system's code page). A cell that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or CR) gets a leading apostrophe. That
 * includes "- item" bullets: Excel reads "- X" as the formula =-X (was: left as they were, so a
 * list whose first item was WEBSERVICE(...) ran when the CSV was opened).
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: string): string {
  const s = FORMULA.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const BOM = '\uFEFF';

export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV back into rows (used to check exports). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = text.startsWith(BOM) ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
