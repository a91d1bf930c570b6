/**
 * A small CSV writer (RFC 4180) for the order export. csv-stringify is not among the shop's dependencies, and the
 * export needs only this: every cell quoted when it holds a comma, quote, CR or LF; quotes doubled; CRLF between
 * records. Cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or CR that some strip
 * first) get a leading apostrophe, as OWASP advises: shoppers type their own names and addresses.
 */

/** Excel reads a UTF-8 file as UTF-8 (Japanese names intact) only when it starts with this. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its line ending. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
