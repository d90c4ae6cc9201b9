import { invalidInput } from './errors.ts';

/**
 * Characters no name or other one-line text may hold: C0 and C1 controls
 * (NUL, tab, line breaks…), the Unicode line and paragraph separators, and the
 * bidirectional controls that make text display in another order than it
 * reads (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C: the "right-to-left
 * override" trick). Such a name was how a phishing URL got its own paragraph,
 * and so its own button, in an invite email (issue #11, finding 2).
 */
const forbidden = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/**
 * A one-line free-text value as it is stored: NFC-normalised (so "é" typed
 * two ways is one name), trimmed, and refused when it holds a control
 * character, a line break or a bidi override, or is longer than `max`.
 * undefined stays undefined (not given) and an empty value becomes null.
 * @throws AppError invalid_input naming the field
 * @example cleanText('  Ana\u0301 ', { field: 'firstName' }) // 'Aná'
 */
export function cleanText<T extends string | null | undefined>(
  value: T,
  options: { field: string; max?: number },
): T extends undefined ? undefined : string | null {
  if (value === undefined) return undefined as never;
  if (value === null) return null as never;
  const text = value.normalize('NFC').trim();
  if (forbidden.test(text)) {
    throw invalidInput(
      `${options.field} must be one line of text, without control characters, line breaks or direction overrides`,
      [{ input: options.field, reason: 'control character, line break or direction override' }],
    );
  }
  const max = options.max ?? 100;
  if ([...text].length > max)
    throw invalidInput(`${options.field} is at most ${max} characters`, [
      { input: options.field, reason: `longer than ${max} characters` },
    ]);
  return (text === '' ? null : text) as never;
}
