import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { listGrants } from '../../core/access/list-grants.ts';
import { listContactMessages } from '../../core/outbox/list-contact-messages.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : 'never');

export const contact: CliCommand = {
  name: 'contact',
  usage: 'contact <email|phone|id>',
  summary: "A contact's card: status, access, last login and last messages with their delivery status",
  async run(context, { positionals }) {
    if (positionals.length !== 1) throw new UsageError('name one contact by email, phone or id');
    const accountId = context.account.id;
    const found = await findContact(context.core, { accountId, lookup: positionals[0]! });
    const [grants, messages] = await Promise.all([
      listGrants(context.core, { accountId, contactId: found.id }),
      listContactMessages(context.core, { accountId, contactId: found.id, limit: 8 }),
    ]);
    report(
      context,
      { contact: found, grants, messages },
      [
        `${displayName(found)} (${found.id})`,
        `  email ${found.email ?? '-'}, phone ${found.phone ?? '-'}${found.smsOptedOut ? ' (replied STOP)' : ''}`,
        `  status ${found.status}, invited ${day(found.invitedAt)}, active since ${day(found.activatedAt)}, last login ${day(found.lastLoginAt)}`,
        `  access: ${grants.length ? grants.map((g) => (g.kind === 'affiliate' ? 'affiliate area' : `${g.kind} ${g.resourceName}`)).join(', ') : 'none'}`,
        ...messages.map(
          (m) =>
            `  ${day(m.createdAt)} ${m.template} by ${m.channel} to ${m.toAddress}: ${m.status}${m.deliveryStatus ? `, ${m.deliveryStatus}` : ''}${m.lastError && m.status !== 'sent' ? ` (${m.lastError})` : ''}`,
        ),
      ].join('\n'),
    );
  },
};
