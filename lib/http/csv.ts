/**
 * One CSV line (RFC 4180 quoting). Cells that a spreadsheet would run as a formula (=, +, -, @)
 * get a leading apostrophe: audit data includes attacker-chosen strings such as attempted emails.
 */
export function toCsvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells
    .map((cell) => {
      let text = cell === null || cell === undefined ? "" : String(cell);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",");
}
