import { stringify } from "csv-stringify/sync";

/**
 * The server's CSV rules, one place for every export (the same as the web's web/src/app/csv.ts):
 * RFC 4180 quoting, CRLF line ends, a byte-order mark so Excel reads UTF-8, and cells a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) defused with a leading
 * apostrophe (csv-stringify's escape_formulas).
 */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string | number | null>>, header: readonly string[] | null): string {
  return stringify(
    rows.map((r) => r.map((cell) => (cell === null ? "" : String(cell)))),
    header ? { header: true, columns: [...header], escape_formulas: true, record_delimiter: "windows", bom: true } : { escape_formulas: true, record_delimiter: "windows" },
  );
}
