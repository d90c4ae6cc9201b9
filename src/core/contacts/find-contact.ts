import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { parseAddress } from './parse-address.ts';
import { toContact, type Contact } from './contact-view.ts';

export interface FindContactOptions {
  accountId: string;
  /** A contact id, an email or a phone number. */
  lookup: string;
}

/** @throws AppError contact_not_found, invalid_input */
export async function findContact(core: Core, options: FindContactOptions): Promise<Contact> {
  const lookup = options.lookup.trim();
  const byId = await core.db.contact.findFirst({ where: { id: lookup, accountId: options.accountId } });
  if (byId) return toContact(byId);
  const parsed = parseAddress(lookup);
  if (!parsed.ok)
    throw invalidInput(`${parsed.input}: ${parsed.reason}`, [{ input: parsed.input, reason: parsed.reason }]);
  const row =
    parsed.address.kind === 'email'
      ? await core.db.contact.findUnique({
          where: { accountId_email: { accountId: options.accountId, email: parsed.address.email } },
        })
      : await core.db.contact.findUnique({
          where: { accountId_phone: { accountId: options.accountId, phone: parsed.address.phone } },
        });
  if (!row) throw new AppError('contact_not_found', `no contact ${lookup}`);
  return toContact(row);
}
