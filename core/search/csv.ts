/**
 * CSV for spreadsheets (RFC 4180): every cell quoted when it needs to be, quotes doubled, CRLF line
 * ends. A cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some programs strip first) gets a leading apostrophe: complaint text is written by
 * customers, and "=HYPERLINK(…)" in a subject must stay text when a manager opens the export.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, escaped and guarded against formula injection. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  // Numbers are data, not formulas, even when negative; strings are guarded.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line (without its line end). */
export function csvRow(values: CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** A whole document: header, rows, CRLF after each line. A UTF-8 BOM lets spreadsheet programs read non-Latin text. */
export function toCsv(header: string[], rows: CsvValue[][], bom = true): string {
  return `${bom ? '\uFEFF' : ''}${[csvRow(header), ...rows.map(csvRow)].map((l) => `${l}\r\n`).join('')}`;
}
