import type { Core } from '../core.ts';
import { toContact, type Contact } from './contact-view.ts';

export interface SearchContactsOptions {
  accountId: string;
  /** What the person has typed so far. */
  prefix: string;
  /** @default 20 (Slack's external select shows at most 100) */
  limit?: number;
}

/**
 * Type-ahead: contacts whose email, phone or name starts with the prefix.
 * Each branch is an index range scan (unique email/phone, nameKey), so it stays
 * fast on large accounts.
 */
export async function searchContacts(core: Core, options: SearchContactsOptions): Promise<Contact[]> {
  const prefix = options.prefix.trim().toLowerCase();
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  if (prefix === '') {
    const rows = await core.db.contact.findMany({
      where: { accountId: options.accountId },
      orderBy: { createdAt: 'desc' },
      take: limit,
    });
    return rows.map(toContact);
  }
  const phonePrefix = prefix.replace(/[\s().-]/g, '');
  const rows = await core.db.contact.findMany({
    where: {
      accountId: options.accountId,
      OR: [
        { email: { startsWith: prefix } },
        { nameKey: { startsWith: prefix } },
        ...(/^\+?\d+$/.test(phonePrefix)
          ? [{ phone: { startsWith: phonePrefix.startsWith('+') ? phonePrefix : `+${phonePrefix}` } }]
          : []),
      ],
    },
    orderBy: [{ email: 'asc' }],
    take: limit,
  });
  return rows.map(toContact);
}
