/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a
 * formula (starting with =, +, -, @, tab or carriage return) is prefixed
 * with ' so opening the export never runs what a contact typed as a name
 * (OWASP "CSV injection"). Phone numbers (+1…) get the prefix too: the
 * spreadsheet shows them as text, which is what they are.
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Array<string | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
