/**
 * The audit trail as an Excel workbook (.xlsx), for the auditors who open it in Excel: a CSV opens
 * in one column in a French or Arabic Excel (their list separator is ";"), and a cell of a CSV may
 * be read as a formula. Here every cell is a string (never a formula, whatever it starts with), the
 * header row is in the interface language and stays in view, and an Arabic workbook's sheet runs
 * right to left. Excel holds at most 32,767 characters in a cell: a longer value (a whole answer
 * before or after an edit) is cut there and says so; the CSV keeps it whole. Characters XML
 * cannot hold (none should reach the audit; a name from elsewhere might) become U+FFFD.
 */
import writeXlsxFile from 'write-excel-file/node';
import { NON_XML } from '../../shared/doc-limits';
import { dateLocale, resources, type Language } from '../../shared/i18n';
import { AUDIT_COLUMNS, type AuditColumn } from './audit-columns';

/** Excel's limit on a cell's text. */
export const EXCEL_CELL_MAX = 32_767;

/** Each column's width, in characters (the texts wrap within it). */
const WIDTHS: Record<AuditColumn, number> = { when: 20, who: 22, organisation: 22, installation: 12, action: 18, target: 12, old: 60, new: 60, why: 30, until: 20, revisions: 16 };

function cell(value: string, cut: (n: number) => string): string {
  const clean = value.replace(NON_XML, '\uFFFD');
  if (clean.length <= EXCEL_CELL_MAX) return clean;
  const note = ` […] ${cut(clean.length)}`;
  return clean.slice(0, EXCEL_CELL_MAX - note.length) + note;
}

/** The workbook of `rows` (AUDIT_COLUMNS' values, as the CSV has them) in `lang`. */
export async function auditWorkbook(rows: readonly string[][], lang: Language): Promise<Buffer> {
  const words = resources[lang].translation.cons.audit.sheet;
  const cut = (n: number) => words.cut.replace('{{count}}', new Intl.NumberFormat(dateLocale(lang)).format(n));
  const header = AUDIT_COLUMNS.map((c) => ({ value: words.columns[c], type: String, fontWeight: 'bold' as const }));
  const body = rows.map((r) => r.map((v) => ({ value: cell(v, cut), type: String, wrap: true })));
  const book = writeXlsxFile([header, ...body], {
    sheet: words.name,
    columns: AUDIT_COLUMNS.map((c) => ({ width: WIDTHS[c] })),
    stickyRowsCount: 1,
    rightToLeft: lang === 'ar',
  });
  return Buffer.from(await book.toBuffer());
}
