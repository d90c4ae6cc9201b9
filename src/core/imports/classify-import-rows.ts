/**
 * What an import would do with each row, decided against the database a
 * batch at a time: new contact, already invited, already active, or invalid
 * (with the reason and its line). Shared by the preview and the real run, so
 * the run does exactly what the preview said.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Core } from '../core.ts';
import type { GrantTarget } from '../access/grant-target.ts';
import { readContactCsv, type CsvRow, type ImportSource } from './read-contact-csv.ts';

export type ImportOutcome = 'new' | 'invited' | 'active';

export interface ImportRow {
  line: number;
  outcome: ImportOutcome;
  /** The address the invite goes to: the email when there is one, otherwise the phone. */
  address: string;
  email: string | null;
  phone: string | null;
  firstName?: string;
  lastName?: string;
  grants: GrantTarget[];
  contactId: string | null;
  /** Addresses the row adds to a contact that has none of that kind. */
  fill: { email?: string; phone?: string };
}

export interface InvalidRow {
  line: number;
  input: string;
  reason: string;
  /**
   * The row is fine on its own but disagrees with the contacts we have (its
   * email and phone are two people's, or it would give a phone-only contact
   * an email): listed, never merged. Fix it with an edit of the contact.
   */
  conflict?: true;
}

export interface ClassifiedBatch {
  rows: ImportRow[];
  invalid: InvalidRow[];
}

/** Rows looked up together: one query per address kind per batch. */
export const IMPORT_BATCH = 500;

export async function* classifyImportRows(
  core: Core,
  options: { accountId: string; source: ImportSource; channel?: 'auto' | 'email' | 'sms' },
): AsyncIterable<ClassifiedBatch> {
  /** Address -> first line it appeared on, to report duplicates inside the file. */
  const seen = new Map<string, number>();
  let batch: CsvRow[] = [];
  for await (const row of readContactCsv(options.source)) {
    batch.push(row);
    if (batch.length >= IMPORT_BATCH) {
      yield await classify(core, options.accountId, batch, seen, options.channel ?? 'auto');
      batch = [];
      await nextTurn();
    }
  }
  if (batch.length > 0) yield await classify(core, options.accountId, batch, seen, options.channel ?? 'auto');
}

async function classify(
  core: Core,
  accountId: string,
  batch: CsvRow[],
  seen: Map<string, number>,
  channel: 'auto' | 'email' | 'sms',
): Promise<ClassifiedBatch> {
  const invalid: InvalidRow[] = [];
  const valid: Array<Extract<CsvRow, { ok: true }>> = [];
  for (const row of batch) {
    if (!row.ok) {
      invalid.push({ line: row.line, input: row.input, reason: row.reason });
      continue;
    }
    const duplicateOf = [row.email, row.phone].map((a) => (a ? seen.get(a) : undefined)).find((l) => l !== undefined);
    if (duplicateOf !== undefined) {
      invalid.push({ line: row.line, input: row.email ?? row.phone!, reason: `same contact as line ${duplicateOf}` });
      continue;
    }
    for (const a of [row.email, row.phone]) if (a) seen.set(a, row.line);
    valid.push(row);
  }
  const emails = valid.flatMap((r) => (r.email ? [r.email] : []));
  const phones = valid.flatMap((r) => (r.phone ? [r.phone] : []));
  const select = { id: true, email: true, phone: true, status: true, smsOptedOutAt: true } as const;
  const conflict = (line: number, input: string, reason: string) =>
    invalid.push({ line, input, reason: `conflict: ${reason}`, conflict: true });
  const [byEmailRows, byPhoneRows] = await Promise.all([
    emails.length ? core.db.contact.findMany({ where: { accountId, email: { in: emails } }, select }) : [],
    phones.length ? core.db.contact.findMany({ where: { accountId, phone: { in: phones } }, select }) : [],
  ]);
  const byEmail = new Map(byEmailRows.map((c) => [c.email!, c]));
  const byPhone = new Map(byPhoneRows.map((c) => [c.phone!, c]));
  const rows: ImportRow[] = [];
  for (const row of valid) {
    const viaEmail = row.email ? byEmail.get(row.email) : undefined;
    const viaPhone = row.phone ? byPhone.get(row.phone) : undefined;
    const input = row.email ?? row.phone!;
    if (viaEmail && viaPhone && viaEmail.id !== viaPhone.id) {
      conflict(row.line, input, `${row.email} and ${row.phone} belong to two different contacts`);
      continue;
    }
    const existing = viaEmail ?? viaPhone;
    if (existing && row.email && existing.email && existing.email !== row.email) {
      conflict(row.line, input, `${row.phone} belongs to a contact whose email is ${existing.email}`);
      continue;
    }
    if (existing && row.email && !existing.email) {
      conflict(
        row.line,
        input,
        `${row.phone} belongs to a contact with no email; adding ${row.email} to them is an edit of that contact, not an import`,
      );
      continue;
    }
    if (existing && row.phone && existing.phone && existing.phone !== row.phone) {
      conflict(row.line, input, `this contact's phone is already ${existing.phone}`);
      continue;
    }
    if (existing?.status === 'deactivated') {
      invalid.push({ line: row.line, input, reason: 'access is turned off for this contact: reactivate them first' });
      continue;
    }
    const email = row.email ?? existing?.email ?? null;
    const phone = row.phone ?? existing?.phone ?? null;
    const wantsSms = channel === 'sms' || (channel === 'auto' && !email);
    if (channel === 'email' && !email) {
      invalid.push({ line: row.line, input, reason: 'no email address (the import sends by email)' });
      continue;
    }
    if (wantsSms && existing?.smsOptedOutAt) {
      invalid.push({ line: row.line, input, reason: 'replied STOP to our texts: SMS to them is refused' });
      continue;
    }
    if (wantsSms && !phone) {
      invalid.push({ line: row.line, input, reason: 'no phone number (the import sends by SMS)' });
      continue;
    }
    const outcome: ImportOutcome = !existing ? 'new' : existing.status === 'active' ? 'active' : 'invited';
    const fill = {
      ...(row.email && !existing?.email ? { email: row.email } : {}),
      ...(row.phone && !existing?.phone ? { phone: row.phone } : {}),
    };
    rows.push({
      line: row.line,
      outcome,
      address: email ?? phone!,
      email: row.email,
      phone: row.phone,
      firstName: row.firstName,
      lastName: row.lastName,
      grants: row.grants,
      contactId: existing?.id ?? null,
      fill,
    });
  }
  return { rows, invalid };
}
