// CSV for people to open in a spreadsheet, built from data that includes attacker-chosen text
// (attempted emails, user agents). Two defences, both needed:
//  - every cell is quoted (RFC 4180), so a comma, semicolon, tab or line break inside a cell never
//    splits it, whatever list separator the spreadsheet's locale uses;
//  - any part of a cell that a spreadsheet could read as a formula (one starting with = + - @,
//    at the start of the cell or after a common separator , ; tab |, even behind spaces or quotes)
//    gets an apostrophe in front, which spreadsheets show as text (OWASP's CSV injection advice).
const FORMULA_AFTER_SEPARATOR = /([,;\t|][\s"']*)([=+\-@])/g;
const FORMULA_AT_START = /^[\s"']*[=+\-@\t\r]/;

export function defuseFormula(text: string): string {
  const defused = text.replace(FORMULA_AFTER_SEPARATOR, "$1'$2");
  return FORMULA_AT_START.test(defused) ? `'${defused}` : defused;
}

/** One CSV line: every cell quoted and defused; null and undefined are empty cells. */
export function toCsvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells
    .map((cell) => {
      if (cell === null || cell === undefined) return '""';
      const text = typeof cell === "number" ? String(cell) : defuseFormula(cell);
      return `"${text.replaceAll('"', '""')}"`;
    })
    .join(",");
}
