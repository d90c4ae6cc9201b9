import { findContact } from '../../core/contacts/find-contact.ts';
import { editContact } from '../../core/contacts/edit-contact.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const edit: CliCommand = {
  name: 'edit',
  usage:
    'edit <contact> [--email new@example.com | --remove-email] [--phone +14155550123 | --remove-phone] [--first-name Ana] [--last-name Lopez]',
  summary: "Correct a contact's email, phone or names; links sent to a replaced address stop working",
  options: {
    email: { type: 'string' },
    phone: { type: 'string' },
    'remove-email': { type: 'boolean' },
    'remove-phone': { type: 'boolean' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
  },
  async run(context, { positionals, values }) {
    if (positionals.length !== 1) throw new UsageError('name one contact: an email, a phone number or a contact id');
    if (values.email !== undefined && values['remove-email'])
      throw new UsageError('choose --email or --remove-email, not both');
    if (values.phone !== undefined && values['remove-phone'])
      throw new UsageError('choose --phone or --remove-phone, not both');
    const change = {
      email: values['remove-email'] ? null : (values.email as string | undefined),
      phone: values['remove-phone'] ? null : (values.phone as string | undefined),
      firstName: values['first-name'] as string | undefined,
      lastName: values['last-name'] as string | undefined,
    };
    if (Object.values(change).every((value) => value === undefined))
      throw new UsageError('say what to change: --email, --phone, --first-name or --last-name');
    const contact = await findContact(context.core, { accountId: context.account.id, lookup: positionals[0]! });
    const result = await editContact(context.core, {
      accountId: context.account.id,
      contactId: contact.id,
      ...change,
      actor: context.actor,
    });
    const sentence =
      result.changed.length === 0
        ? 'Nothing to change.'
        : `Changed ${result.changed.join(', ')}.${result.linksRevoked ? ` ${result.linksRevoked} link(s) sent to the old address no longer work.` : ''}`;
    report(
      context,
      {
        contactId: contact.id,
        changed: result.changed,
        linksRevoked: result.linksRevoked,
        messagesCancelled: result.messagesCancelled,
        email: result.contact.email,
        phone: result.contact.phone,
      },
      sentence,
    );
  },
};
