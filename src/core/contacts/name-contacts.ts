import type { Core } from '../core.ts';
import { displayName } from './contact-view.ts';

export interface NameContactsOptions {
  accountId: string;
  contactIds: string[];
}

/** Display names by contact id, for lists that mention contacts (App Home's activity). Unknown ids are left out. */
export async function nameContacts(core: Core, options: NameContactsOptions): Promise<Map<string, string>> {
  const ids = [...new Set(options.contactIds)];
  if (ids.length === 0) return new Map();
  const rows = await core.db.contact.findMany({ where: { accountId: options.accountId, id: { in: ids } } });
  return new Map(rows.map((row) => [row.id, displayName(row)]));
}
