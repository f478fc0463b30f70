/** CSV for spreadsheets (Excel, WPS): the reports' and the screening's files alike. */

/** Excel opens UTF-8 CSV cleanly only with a byte-order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * A leading = + - @ is read as a formula by spreadsheets (CSV injection), and so is one after a
 * leading tab, carriage return or line feed, which some of them skip: such a field is prefixed with
 * a quote mark (and quoted when it holds a line break or a comma). Amounts like -5.00 stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

export function csvField(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  const safe = FORMULA_START.test(text) && !/^-?\d+\.\d{2}$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
