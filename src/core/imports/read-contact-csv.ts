/**
 * Reads a contact CSV as a stream, one validated row at a time. Columns
 * (header row, any order, any case, spaces or underscores): email, phone,
 * first_name, last_name, and optionally grants like
 * "course:Intro to SEO;community:Founders;affiliate".
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { parseAddress } from '../contacts/parse-address.ts';
import { parseGrantTarget, type GrantTarget } from '../access/grant-target.ts';
import { invalidInput, isAppError } from '../shared/errors.ts';

/** A whole file, or a stream of it (a file read stream, a download). */
export type ImportSource = string | Buffer | AsyncIterable<string | Buffer>;

export type CsvRow =
  | {
      ok: true;
      line: number;
      email: string | null;
      phone: string | null;
      firstName?: string;
      lastName?: string;
      grants: GrantTarget[];
    }
  | { ok: false; line: number; input: string; reason: string };

const columnNames: Record<string, 'email' | 'phone' | 'firstName' | 'lastName' | 'grants'> = {
  email: 'email',
  email_address: 'email',
  phone: 'phone',
  phone_number: 'phone',
  mobile: 'phone',
  first_name: 'firstName',
  firstname: 'firstName',
  last_name: 'lastName',
  lastname: 'lastName',
  grants: 'grants',
  access: 'grants',
};

/** Bytes handed to the parser at a time: a few ms of work, then the event loop gets a turn. */
const SLICE = 8 * 1024;

async function* slices(source: ImportSource): AsyncIterable<Buffer> {
  const chunks = typeof source === 'string' || Buffer.isBuffer(source) ? [Buffer.from(source)] : source;
  for await (const chunk of chunks) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    for (let i = 0; i < buffer.length; i += SLICE) {
      yield buffer.subarray(i, i + SLICE);
      await nextTurn();
    }
  }
}

/** Resolves when the parser wants more input, or is gone. */
function writable(parser: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

function headerOf(names: string[]): Array<string | false> {
  const mapped = names.map(
    (name) =>
      columnNames[
        name
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] ?? false,
  );
  if (!mapped.includes('email') && !mapped.includes('phone')) {
    throw invalidInput(
      `the first line must name the columns, with at least "email" or "phone" (found: ${names.join(', ').slice(0, 200) || 'nothing'})`,
    );
  }
  return mapped;
}

function parseGrants(text: string): GrantTarget[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [kind, ...name] = part.split(':');
      return parseGrantTarget(kind!, name.join(':').trim() || undefined);
    });
}

function validate(line: number, record: Record<string, string | undefined>): CsvRow {
  const rawEmail = record.email?.trim() ?? '';
  const rawPhone = record.phone?.trim() ?? '';
  const input = rawEmail || rawPhone || `line ${line}`;
  if (!rawEmail && !rawPhone) return { ok: false, line, input, reason: 'no email or phone' };
  let email: string | null = null;
  let phone: string | null = null;
  if (rawEmail) {
    const parsed = parseAddress(rawEmail);
    if (!parsed.ok || parsed.address.kind !== 'email')
      return { ok: false, line, input: rawEmail, reason: 'not a valid email address' };
    email = parsed.address.email;
  }
  if (rawPhone) {
    const parsed = parseAddress(rawPhone);
    if (!parsed.ok || parsed.address.kind !== 'phone')
      return { ok: false, line, input: rawPhone, reason: parsed.ok ? 'not a phone number' : parsed.reason };
    phone = parsed.address.phone;
  }
  const firstName = record.firstName?.trim() || undefined;
  const lastName = record.lastName?.trim() || undefined;
  if ((firstName?.length ?? 0) > 100 || (lastName?.length ?? 0) > 100)
    return { ok: false, line, input, reason: 'names are at most 100 characters' };
  try {
    return { ok: true, line, email, phone, firstName, lastName, grants: parseGrants(record.grants ?? '') };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, line, input, reason: `grants: ${error.message}` };
  }
}

/**
 * @throws AppError invalid_input when the file has no usable header or is not CSV at all
 * @example for await (const row of readContactCsv(createReadStream('contacts.csv'))) …
 */
export async function* readContactCsv(source: ImportSource): AsyncIterable<CsvRow> {
  const parser = parse({
    columns: headerOf,
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
    max_record_size: 64 * 1024,
    skip_records_with_error: true,
  });
  // A malformed record (a stray quote) is one invalid row, not a failed file.
  const skipped: CsvRow[] = [];
  parser.on('skip', (error: Error & { lines?: number; record?: string }) => {
    skipped.push({
      ok: false,
      line: error.lines ?? 0,
      input: `line ${error.lines ?? '?'}`,
      reason: `not valid CSV: ${error.message.replace(/ at line \d+.*$/, '')}`,
    });
  });
  const feeding = (async () => {
    try {
      for await (const slice of slices(source)) {
        if (parser.destroyed) return;
        if (!parser.write(slice)) await writable(parser);
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { lines: number };
    }>) {
      while (skipped.length > 0) yield skipped.shift()!;
      yield validate(info.lines, record);
    }
    while (skipped.length > 0) yield skipped.shift()!;
  } catch (error) {
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw invalidInput(`this file is not a CSV we can read: ${message.slice(0, 200)}`);
  } finally {
    // A reader that stopped early (or failed) releases the feeder.
    parser.destroy();
    await feeding;
  }
}
