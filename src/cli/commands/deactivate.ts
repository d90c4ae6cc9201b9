import { findContact } from '../../core/contacts/find-contact.ts';
import { deactivateContact } from '../../core/lifecycle/deactivate-contact.ts';
import { reactivateContact } from '../../core/lifecycle/reactivate-contact.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

function oneContact(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('name one contact: an email, a phone number or a contact id');
  return positionals[0]!;
}

export const deactivate: CliCommand = {
  name: 'deactivate',
  usage: 'deactivate <contact>',
  summary: "Turn a contact's access off: sessions end, unused links and codes stop working, sign-in is refused",
  async run(context, { positionals }) {
    const contact = await findContact(context.core, { accountId: context.account.id, lookup: oneContact(positionals) });
    const result = await deactivateContact(context.core, {
      accountId: context.account.id,
      contactId: contact.id,
      actor: context.actor,
    });
    report(
      context,
      {
        contactId: contact.id,
        status: result.contact.status,
        changed: result.changed,
        sessionsEnded: result.sessionsEnded,
        linksRevoked: result.linksRevoked,
        messagesCancelled: result.messagesCancelled,
      },
      result.changed
        ? `Access turned off for ${positionals[0]}: ${result.sessionsEnded} session(s) ended, ${result.linksRevoked} link(s) revoked, ${result.messagesCancelled} queued message(s) cancelled.`
        : `${positionals[0]} was already turned off.`,
    );
  },
};

export const reactivate: CliCommand = {
  name: 'reactivate',
  usage: 'reactivate <contact>',
  summary: "Turn a contact's access back on (active if they had signed in before, otherwise invited)",
  async run(context, { positionals }) {
    const contact = await findContact(context.core, { accountId: context.account.id, lookup: oneContact(positionals) });
    const result = await reactivateContact(context.core, {
      accountId: context.account.id,
      contactId: contact.id,
      actor: context.actor,
    });
    report(
      context,
      { contactId: contact.id, status: result.contact.status, changed: result.changed },
      result.changed
        ? `Access turned back on for ${positionals[0]}: now ${result.contact.status}. Old links stay revoked; send a new one.`
        : `${positionals[0]} was not turned off (${result.contact.status}).`,
    );
  },
};
