/**
 * The one CSV writer (shared leaf): every CSV the product writes (report exports, staff TABLE.csv, Q-method files)
 * quotes and guards its text cells here. RFC 4180 with CRLF or LF line ends as the caller's format needs.
 */

/**
 * A text cell: a leading =, +, -, @, tab or carriage return gets an apostrophe in front, so a spreadsheet shows the
 * text rather than running it as a formula (OWASP's CSV injection advice); then quoted where it holds a comma, a
 * semicolon (spreadsheets in Norwegian locales split on it), a quote, a line break, or spaces at either end.
 */
export function csvText(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell of any type: numbers as they print, booleans as yes/no, null and undefined empty, text through csvText. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return csvText(String(value));
}

/** Rows of objects as CSV with a header row of the column names, CRLF line ends. */
export function toCsv<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T>): string {
  return (
    [columns.map((c) => csvText(String(c))).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') +
    '\r\n'
  );
}
