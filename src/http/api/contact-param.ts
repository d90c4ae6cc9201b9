import type { Core } from '../../core/core.ts';
import { AppError, isAppError } from '../../core/shared/errors.ts';
import { findContact } from '../../core/contacts/find-contact.ts';
import type { Contact } from '../../core/contacts/contact-view.ts';

/**
 * The contact a `{id}` path names (an id, email or phone) in the caller's
 * account. Anything that names no contact there is a 404, whatever it looks
 * like: another account's contact id must look exactly like a made-up one.
 */
export async function contactOfPath(core: Core, accountId: string, ref: string): Promise<Contact> {
  try {
    return await findContact(core, { accountId, lookup: ref });
  } catch (error) {
    if (isAppError(error, 'invalid_input')) throw new AppError('contact_not_found', `no contact ${ref}`);
    throw error;
  }
}
