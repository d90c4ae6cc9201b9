/**
 * An invalid CSV row as one line for people: `line 10: broken: not a valid
 * email address`. A row with no address at all stands for itself by its line
 * number (its input is `line 10`), so it reads `line 10: no email or phone`,
 * not "line 10: line 10: …".
 */
export function describeInvalidRow(row: { line: number; input: string; reason: string }): string {
  return hasOwnInput(row) ? `line ${row.line}: ${row.input}: ${row.reason}` : `line ${row.line}: ${row.reason}`;
}

/** False when the row's input is only its line-number placeholder. */
export function hasOwnInput(row: { input: string }): boolean {
  return !/^line (\d+|\?)$/.test(row.input);
}
