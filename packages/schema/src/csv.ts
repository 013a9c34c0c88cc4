/**
 * CSV writing shared by every export (the web's chart downloads and the CLI's `--format csv`),
 * so that both neutralise spreadsheet formulas the same way.
 *
 * A text cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
 * spreadsheets skip before reading one of those) is taken as a formula when the file is opened
 * (CSV injection, OWASP). Names in a scenario are anyone's to choose, and a shared scenario's
 * export is opened by someone else, so such cells get a leading `'`, which spreadsheets read as
 * "this is text". Numbers are written as numbers: -0.5 stays -0.5.
 */

export type CsvCell = string | number | null | undefined;

/** First characters that make a spreadsheet read a text cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that need the field quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One CSV field. Strings are escaped against formulas and quoted when needed; numbers are
 * written as numbers (a missing or non-finite value as an empty field).
 * @example
 * csvField('=HYPERLINK("http://x")'); // '"\'=HYPERLINK(""http://x"")"'
 * csvField(-0.5); // '-0.5'
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, ending in `\n`. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\n`;
}

/** A whole CSV document: the header line, then one line per row. */
export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [headers, ...rows].map(csvRow).join('');
}
