import { findContact } from '../../core/contacts/find-contact.ts';
import { signOutEverywhere } from '../../core/lifecycle/sign-out-everywhere.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const signout: CliCommand = {
  name: 'signout',
  usage: 'signout <contact>',
  summary: 'Sign a contact out everywhere (ends every session; access stays on)',
  async run(context, { positionals }) {
    if (positionals.length !== 1) throw new UsageError('name one contact: an email, a phone number or a contact id');
    const contact = await findContact(context.core, { accountId: context.account.id, lookup: positionals[0]! });
    const result = await signOutEverywhere(context.core, {
      accountId: context.account.id,
      contactId: contact.id,
      actor: context.actor,
    });
    report(
      context,
      { contactId: contact.id, ...result },
      `Signed ${positionals[0]} out everywhere: ${result.sessionsEnded} session(s) ended.`,
    );
  },
};
