export type CsvCell = string | number | null | undefined;

/** One field as RFC 4180 writes it: quoted when it holds a separator, a quote or a line break. */
function field(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  // A cell starting with = + - @ would run as a formula in a spreadsheet: a leading quote keeps it text.
  const safe = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A table as CSV text: the header row, then one line per row, CRLF line ends, and a byte-order
 * mark so Excel reads it as UTF-8 (accents in pt-BR and pl). Numbers are written plainly
 * (1234.5, not "1.234,50") so a spreadsheet can add them up.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return "\uFEFF" + [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
